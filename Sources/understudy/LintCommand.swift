import ArgumentParser
import Foundation
import UnderstudyContract
import UnderstudyMock
import UnderstudyScenarios
import UnderstudySchema

/// `understudy lint FILE...`: load each contract and print its diagnostics like a compiler.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check OpenAPI documents and scenario suites; print diagnostics with file:line:column.",
        discussion: """
            A file with a top-level 'suite:' is a scenario suite: it is checked against the suite schema \
            (docs/suite.schema.json), then read, and its steps' operations are looked up in its contract. \
            Exit status: 0 when every document is clean or has only warnings, 1 when any has errors, \
            2 when a file cannot be read.
            """
    )

    @Argument(help: "OpenAPI documents (YAML or JSON; Swagger 2.0, OpenAPI 3.0.x or 3.1.x) or scenario suites.")
    var files: [String]

    @Flag(name: .long, help: "Print errors only, not warnings.")
    var errorsOnly = false

    @Option(name: .long, help: "Largest document read, in megabytes.")
    var maxSize = 64

    func run() throws {
        let loader = ContractLoader(reader: DocumentReader(maxBytes: maxSize * 1_048_576))
        var sawErrors = false
        var sawUnreadable = false
        var totalErrors = 0
        var totalWarnings = 0
        /// Prints `diagnostics` (warnings unless --errors-only), counts them; returns the errors.
        func report(_ diagnostics: [Diagnostic]) -> Int {
            let errors = diagnostics.errors.count
            totalErrors += errors
            totalWarnings += diagnostics.warnings.count
            for diagnostic in diagnostics where !(errorsOnly && diagnostic.severity == .warning) {
                Terminal.standardError(diagnostic.description)
            }
            if errors > 0 { sawErrors = true }
            return errors
        }
        for file in files {
            // Read once: the document says whether it is a profile, a suite or a contract.
            let read = try? loader.read(path: file)
            if let document = read?.value, ProfileLoader.isProfile(document, file: file) {
                let (diagnostics, summary) = Self.lintProfile(file, document: document)
                let errors = report(diagnostics)
                Terminal.standardOutput(
                    "\(file): mock profile\(summary), \(Self.count(errors, "error")), "
                        + Self.count(diagnostics.warnings.count, "warning"))
                continue
            }
            if case .object(let root)? = read?.value, root["suite"] != nil {
                let suite = JSONValue.object(root)
                let diagnostics = lintSuite(file, document: suite)
                let errors = report(diagnostics)
                let scenarios = suite["scenarios"]?.arrayValue?.count ?? 0
                let warnings = diagnostics.warnings.count
                Terminal.standardOutput(
                    "\(file): scenario suite, \(Self.count(scenarios, "scenario")), \(Self.count(errors, "error")), "
                        + Self.count(warnings, "warning"))
                continue
            }
            let outcome = read.map { loader.load(path: file, read: $0) } ?? loader.load(path: file)
            let errors = report(outcome.diagnostics)
            let warnings = outcome.diagnostics.warnings.count
            if outcome.unreadable {
                sawUnreadable = true
            } else if errors == 0, let contract = outcome.contract {
                Terminal.standardOutput(
                    "\(contract.displayPath): OpenAPI \(contract.version), \(contract.operations.count) operations, "
                        + "\(errors) errors, \(warnings) warnings")
            }
        }
        if files.count > 1 {
            Terminal.standardOutput("\(files.count) documents: \(totalErrors) errors, \(totalWarnings) warnings")
        }
        if sawUnreadable { throw ExitCode(2) }
        if sawErrors { throw ExitCode(1) }
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// A profile's problems: the schema's, then the loader's against the contract (one per line); and a
    /// summary of what it holds.
    static func lintProfile(_ file: String, document: JSONValue) -> ([Diagnostic], String) {
        var diagnostics = ProfileSchema.schema.validate(document).map {
            Diagnostic.error($0.message, file: file, at: $0.location, hint: "see docs/profile.schema.json")
        }
        let lines = Set(diagnostics.map(\.location.line))
        let outcome = ProfileLoader().load(path: file)
        diagnostics += outcome.diagnostics.filter { !lines.contains($0.location.line) || !$0.location.isKnown }
        guard let profile = outcome.profile else { return (diagnostics, "") }
        let summary =
            " for \(profile.contractPath), \(count(profile.principals.count, "principal")), "
            + "\(count(profile.permissionRules.count, "permission rule")), \(count(profile.resources.count, "resource")), "
            + "\(count(profile.operations.count, "operation rule")), \(count(profile.rateLimits.count, "rate limit"))"
        return (diagnostics, summary)
    }

    /// A suite's problems: the schema's, then the reader's (one per line), then steps naming operations the
    /// contract does not have.
    func lintSuite(_ file: String, document: JSONValue) -> [Diagnostic] {
        var diagnostics = SuiteSchema.validate(document).map {
            Diagnostic.error($0.message, file: file, at: $0.location, hint: "see docs/suite.schema.json")
        }
        let lines = Set(diagnostics.map(\.location.line))
        let outcome = SuiteLoader().load(path: file)
        diagnostics += outcome.diagnostics.filter { !lines.contains($0.location.line) || !$0.location.isKnown }
        if let suite = outcome.suite {
            let contract = MockSource.load(suite.contractPath)
            if let loaded = contract.contract, !contract.diagnostics.hasErrors {
                // Each is "file:line: reason".
                diagnostics += SuiteRunner.bindingErrors(suite, contract: loaded).map { text in
                    guard let split = text.range(of: ": ") else {
                        return Diagnostic.error(text, file: file, at: .unknown)
                    }
                    return Diagnostic.error(
                        String(text[split.upperBound...]), file: String(text[..<split.lowerBound]), at: .unknown)
                }
            } else {
                diagnostics.append(
                    .error(
                        "its contract \(suite.contractPath) has errors: run understudy lint on it", file: file,
                        at: .unknown))
            }
        }
        return diagnostics
    }
}
