import Foundation
import Testing
import UnderstudyTestSupport

/// `understudy lint`'s rules and outputs on the documents in Tests/Fixtures/lint, against golden files: each
/// rule finds what it names at the line and column of the offending key or value; every output format says
/// the same findings; a repository's configuration and `--rule` flags switch rules.
@Suite struct LintRulesTests {
    let folder = Golden.fixtures.appendingPathComponent("lint")

    func lint(_ arguments: [String], in directory: URL? = nil) async throws -> CommandRunner.Result {
        try await CommandRunner.run(["lint"] + arguments, in: directory ?? folder)
    }

    @Test func semanticRulesFindWhatTheyNameWhereItIs() async throws {
        let result = try await lint(["--rule", "oas-schema=off", "rules.yaml"])
        #expect(result.status == 1)
        #expect(result.standardError == (try Golden.expected("lint/rules.semantic.txt", actual: result.standardError)))
        #expect(result.standardOutput == "rules.yaml: OpenAPI 3.0.3, 2 operations, 15 errors, 3 warnings\n")
    }

    @Test(
        .needsCorpus,
        arguments: ["rules.yaml", "official-2.0.yaml", "official-3.1.yaml", "official-3.2.yaml"])
    func officialSchemaViolationsAreSaidAsSentences(file: String) async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let schemas = corpus.appendingPathComponent("openapi-schemas").path
        let result = try await lint(["--openapi-schemas", schemas, file])
        let output = result.standardError + result.standardOutput + "exit \(result.status)\n"
        let name = "lint/" + file.replacingOccurrences(of: ".yaml", with: ".txt")
        #expect(output == (try Golden.expected(name, actual: output)))
    }

    /// The OpenAPI 3.2 fixture (QUERY, additionalOperations, querystring, $self, itemSchema, tag kinds) is
    /// clean against the official 3.2 schema and every rule, and so is its suite.
    @Test(.needsCorpus) func theOpenAPI32FixtureIsClean() async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let schemas = corpus.appendingPathComponent("openapi-schemas").path
        let result = try await lint(
            ["--openapi-schemas", schemas, "openapi.yaml", "suite.yaml"],
            in: Golden.fixtures.appendingPathComponent("oas32"))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        #expect(
            result.standardOutput
                == "openapi.yaml: OpenAPI 3.2.0, 6 operations, 0 errors, 0 warnings\n"
                + "suite.yaml: scenario suite, 2 scenarios, 0 errors, 0 warnings\n"
                + "2 documents: 0 errors, 0 warnings\n")
    }

    /// Arazzo documents are linted: the published schema, then ids, expressions, criteria and gotos, then
    /// every operation against its source, with did-you-mean; a source given by URL is a located error.
    @Test(.needsCorpus) func arazzoDocumentsAreLintedAgainstTheirSources() async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let bundled = try await lint(
            ["scenarios/kontomatik/report-tokens.arazzo.yaml"], in: Corpus.packageRoot)
        #expect(bundled.status == 0, "\(bundled.standardError)")
        #expect(
            bundled.standardOutput
                == "scenarios/kontomatik/report-tokens.arazzo.yaml: Arazzo 1.0.1, 2 workflows, 0 errors, 0 warnings\n")
        let examples = corpus.appendingPathComponent("arazzo/examples-1.0")
        let fapi = try await lint(["FAPI-PAR.arazzo.yaml"], in: examples)
        #expect(fapi.status == 1)
        #expect(
            fapi.standardError
                == "FAPI-PAR.arazzo.yaml:100:9: error: step 'PARStep': no source declares the operation"
                + " '$sourceDescriptions.auth-api.PAR'\n    hint: did you mean 'Par'?\n")
        let pets = try await CommandRunner.run(["test", "LoginAndRetrievePets.arazzo.yaml"], in: examples)
        #expect(pets.status == 2)
        #expect(
            pets.standardError.hasPrefix(
                "LoginAndRetrievePets.arazzo.yaml:10:8: error: source 'petStoreDescription' is the URL"
                    + " https://raw.githubusercontent.com/swagger-api/swagger-petstore/master/src/main/resources/openapi.yaml,"
                    + " which is not read\n    hint: map it to a local file: --source petStoreDescription=PATH\n"))
    }

    @Test(arguments: ["json", "sarif", "github"])
    func everyFormatSaysTheSameFindings(format: String) async throws {
        let result = try await lint(["--rule", "oas-schema=off", "--format", format, "rules.yaml"])
        #expect(result.status == 1)
        #expect(result.standardError.isEmpty)
        let name = "lint/rules.\(format == "github" ? "github.txt" : format)"
        #expect(result.standardOutput == (try Golden.expected(name, actual: result.standardOutput)))
        if format != "github" {
            #expect(throws: Never.self) {
                try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
            }
        }
    }

    @Test func anUnknownFormatIsABadCommandLine() async throws {
        let result = try await lint(["--format", "xml", "rules.yaml"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--format must be text, json, sarif or github, not 'xml'"))
    }

    @Test func theRepositoryConfigurationAndFlagsSetRules() async throws {
        let scratch = Scratch.folder("lint-config")
        try FileManager.default.createDirectory(
            at: scratch.appendingPathComponent("api"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("rules.yaml"), to: scratch.appendingPathComponent("api/rules.yaml"))
        try "rules:\n  example-valid: off\n  required-declared: error\n".write(
            to: scratch.appendingPathComponent(".understudy-lint.yaml"), atomically: true, encoding: .utf8)
        let configured = try await lint(["--rule", "oas-schema=off", "api/rules.yaml"], in: scratch)
        #expect(!configured.standardError.contains("[example-valid]"))
        #expect(
            configured.standardError.contains(
                "api/rules.yaml:43:24: error: 'required' names 'nam', which is not among the schema's properties"
                    + " [required-declared]"))
        let flagged = try await lint(
            [
                "--rule", "oas-schema=off", "--rule", "required-declared=off", "--rule", "enum-unique=warning",
                "api/rules.yaml",
            ],
            in: scratch)
        #expect(!flagged.standardError.contains("[required-declared]"))
        #expect(flagged.standardError.contains("api/rules.yaml:46:47: warning: enum lists 'cat' twice"))
        #expect(flagged.standardOutput.contains("11 errors, 3 warnings"))
    }

    @Test func aBrokenConfigurationIsBadInputWithItsPlace() async throws {
        let scratch = Scratch.folder("lint-bad-config")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("rules.yaml"), to: scratch.appendingPathComponent("rules.yaml"))
        try "rules:\n  exmple-valid: off\n".write(
            to: scratch.appendingPathComponent(".understudy-lint.yaml"), atomically: true, encoding: .utf8)
        let result = try await lint(["rules.yaml"], in: scratch)
        #expect(result.status == 2)
        #expect(
            result.standardError.hasSuffix(
                ".understudy-lint.yaml:2:3: error: unknown lint rule 'exmple-valid'\n    hint: did you mean 'example-valid'?\n"
            ))
        let flag = try await lint(["--rule", "enum-unique=loud", "rules.yaml"], in: scratch)
        #expect(flag.status == 2)
        #expect(flag.standardError.contains("rule 'enum-unique' is set to 'loud'; use error, warning or off"))
    }

    @Test func theRulesAreListed() async throws {
        let result = try await lint(["--list-rules"])
        #expect(result.status == 0)
        let names = result.standardOutput.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) }
        #expect(
            names == [
                "oas-schema", "default-valid", "example-valid", "enum-unique", "operation-id-unique", "path-parameters",
                "parameter-unique", "security-defined", "required-declared", "discriminator-mapping", "response-codes",
                "server-variable-default", "arazzo-schema", "tags-unique", "tag-parent", "yaml-boolean",
            ])
    }
}
