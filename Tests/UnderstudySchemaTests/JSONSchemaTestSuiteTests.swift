import Foundation
import Testing
import UnderstudySchema
import UnderstudyTestSupport

/// Runs the official JSON-Schema-Test-Suite (../shared/corpus/json-schema-test-suite) for draft 4 and
/// 2020-12. Every required case must pass; the optional folder's pass rate is printed.
@Suite(.needsCorpus) struct JSONSchemaTestSuiteTests {
    /// Optional cases we knowingly fail, with the reason. Required cases have no skip list.
    static let knownOptionalGaps: [String: String] = [:]

    struct Tally {
        var passed = 0
        var failed: [String] = []
        var total: Int { passed + failed.count }
    }

    static func suiteRoot() throws -> URL {
        guard let corpus = Corpus.root else {
            Issue.record(Comment(rawValue: Corpus.missingMessage))
            throw CancellationError()
        }
        return corpus.appendingPathComponent("json-schema-test-suite")
    }

    static func baseRegistry(dialect: SchemaDialect) throws -> SchemaRegistry {
        guard let corpus = Corpus.root else { throw CancellationError() }
        var registry = SchemaRegistry()
        let metas = corpus.appendingPathComponent("json-schema-metaschemas")
        for file in Corpus.files(in: metas, extensions: ["json"]) {
            let value = try JSONParser.parse(bytes: Array(try Data(contentsOf: file)))
            let isDraft4 = file.path.contains("/draft4/")
            let id = value[isDraft4 ? "id" : "$id"]?.stringValue ?? file.absoluteString
            registry.register(value, uri: id, dialect: isDraft4 ? .draft4 : .draft2020_12)
        }
        let remotes = corpus.appendingPathComponent("json-schema-test-suite/remotes")
        for file in Corpus.files(in: remotes, extensions: ["json"]) {
            let relative = String(file.path.dropFirst(remotes.path.count + 1))
            let value = try JSONParser.parse(bytes: Array(try Data(contentsOf: file)))
            registry.register(value, uri: "http://localhost:1234/" + relative, dialect: dialect)
        }
        return registry
    }

    /// One schema of the suite, registered beside the meta-schemas and remotes, with its cases.
    struct Group {
        /// `file | description`, for messages.
        var name: String
        var registry: SchemaRegistry
        var uri: String
        var options: ValidationOptions
        var tests: JSONArray
    }

    /// Every group of `draft`'s test files: those under `optional/` when `optional` is true, the others when
    /// false, all when nil.
    static func groups(draft: String, dialect: SchemaDialect, optional: Bool?) throws -> [Group] {
        let root = try suiteRoot().appendingPathComponent("tests/\(draft)")
        let registry = try baseRegistry(dialect: dialect)
        let files = Corpus.files(in: root, extensions: ["json"]).filter { file in
            optional.map { file.path.contains("/optional/") == $0 } ?? true
        }
        #expect(!files.isEmpty, "no test files under \(root.path)")
        var groups: [Group] = []
        for file in files {
            let relative = String(file.path.dropFirst(root.path.count + 1))
            let formatAssertion = dialect == .draft4 || relative.hasPrefix("optional/format")
            let options = ValidationOptions(formatAssertion: formatAssertion)
            let parsed = try JSONParser.parse(bytes: Array(try Data(contentsOf: file)))
            for (groupIndex, group) in (parsed.arrayValue ?? JSONArray()).enumerated() {
                guard let schema = group["schema"], let tests = group["tests"]?.arrayValue else { continue }
                var groupRegistry = registry
                let uri = "http://understudy.test/\(draft)/\(relative)/\(groupIndex)/schema.json"
                groupRegistry.register(schema, uri: uri, dialect: dialect)
                groups.append(
                    Group(
                        name: "\(relative) | \(group["description"]?.stringValue ?? "")", registry: groupRegistry,
                        uri: uri, options: options, tests: tests))
            }
        }
        return groups
    }

    static func run(draft: String, dialect: SchemaDialect, optional: Bool) throws -> Tally {
        var tally = Tally()
        for group in try groups(draft: draft, dialect: dialect, optional: optional) {
            let validator = JSONSchemaValidator(registry: group.registry, options: group.options)
            for test in group.tests {
                guard let data = test["data"], let expected = test["valid"]?.boolValue else { continue }
                let errors = validator.validate(data, against: group.uri)
                if errors.isEmpty == expected {
                    tally.passed += 1
                } else {
                    let name = "\(group.name) | \(test["description"]?.stringValue ?? "")"
                    tally.failed.append(
                        name + " (expected \(expected ? "valid" : "invalid"))"
                            + (errors.first.map { ": \($0.message)" } ?? ""))
                }
            }
        }
        return tally
    }

    @Test(arguments: [("draft4", SchemaDialect.draft4), ("draft2020-12", SchemaDialect.draft2020_12)])
    func requiredCasesAllPass(draft: String, dialect: SchemaDialect) throws {
        let tally = try Self.run(draft: draft, dialect: dialect, optional: false)
        print("JSON-Schema-Test-Suite \(draft) required: \(tally.passed)/\(tally.total) passed")
        for failure in tally.failed { print("  FAIL \(failure)") }
        #expect(tally.failed.isEmpty, "\(tally.failed.count) required \(draft) cases failed")
        #expect(tally.total > 500)
    }

    /// Floors measured on 2026-11-23 (draft4 97.5%, 2020-12 87.9%): the misses are listed by the test
    /// (IDN hostname rules, uri-template grammar, ECMA-only regex syntax, historic-draft `dependencies`).
    @Test(arguments: [
        ("draft4", SchemaDialect.draft4, 97.0), ("draft2020-12", SchemaDialect.draft2020_12, 87.5),
    ])
    func optionalCasesPassRate(draft: String, dialect: SchemaDialect, floor: Double) throws {
        let tally = try Self.run(draft: draft, dialect: dialect, optional: true)
        let rate = Double(tally.passed) / Double(max(tally.total, 1)) * 100
        print(
            "JSON-Schema-Test-Suite \(draft) optional: \(tally.passed)/\(tally.total) passed "
                + "(\(String(format: "%.1f", rate))%)")
        for failure in tally.failed { print("  optional miss: \(failure)") }
        #expect(tally.total > 100)
        // The optional folder is reported, not required; guard against regressions below the measured rate.
        #expect(rate >= floor, "optional pass rate for \(draft) fell to \(rate)%")
    }
}
