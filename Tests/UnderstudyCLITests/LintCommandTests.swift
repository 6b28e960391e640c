import Foundation
import Testing
import UnderstudyTestSupport

/// `understudy lint` end to end: output like a compiler, exit codes 0 / 1 / 2.
@Suite struct LintCommandTests {
    func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let folder = Scratch.folder("understudy-cli")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(.needsCorpus) func cleanDocumentExitsZero() async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let result = try await CommandRunner.run([
            "lint", corpus.appendingPathComponent("real-servers/alertmanager-v0.25.0.openapi.yaml").path,
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("OpenAPI 2.0, 9 operations, 0 errors, 0 warnings"))
        #expect(result.standardError.isEmpty)
    }

    @Test(.needsCorpus) func warningsOnlyExitZeroAndPrintPositions() async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let result = try await CommandRunner.run([
            "lint", corpus.appendingPathComponent("arazzo/examples-1.0/FAPI-PAR.openapi.yaml").path,
        ])
        #expect(result.status == 0)
        #expect(
            result.standardError.contains(
                "FAPI-PAR.openapi.yaml:521:11: warning: 'required' names 'test', which is not among the schema's"
                    + " properties [required-declared]"))
        #expect(result.standardOutput.contains("OpenAPI 3.0.0, 5 operations, 0 errors, 1 warnings"))
    }

    /// contract-fit's parameter defaults break their own schemas (an enum, nullable, date-time): the 17 places
    /// openapi-spec-validator reports too. Adyen's tab is still only a warning; its stray root key is an error.
    @Test(.needsCorpus) func realContractsHaveTheProblemsTheValidatorFinds() async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let fit = try await CommandRunner.run([
            "lint", corpus.appendingPathComponent("contract-fit.openapi.yaml").path,
        ])
        #expect(fit.status == 1)
        #expect(fit.standardOutput.contains("OpenAPI 3.0.0, 138 operations, 17 errors, 0 warnings"))
        #expect(
            fit.standardError.contains(
                "contract-fit.openapi.yaml:852:22: error: default 'predicted' does not fit its schema: \"predicted\" is"
                    + " not one of the allowed values [\"FULL\", \"SOURCE_FILES\"] [default-valid]"))
        let adyen = try await CommandRunner.run([
            "lint", corpus.appendingPathComponent("public/adyen.com_CheckoutService_68.yaml").path,
        ])
        #expect(adyen.status == 1)
        #expect(adyen.standardError.contains("adyen.com_CheckoutService_68.yaml:5324:13: warning: tab character"))
        #expect(
            adyen.standardError.contains(
                "adyen.com_CheckoutService_68.yaml:13053:1: error: unknown field 'source' in the document root"
                    + " [oas-schema]"))
    }

    @Test func errorsExitOne() async throws {
        let file = try temporaryFile(
            "broken.yaml",
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  responses: {'200': {$ref: '#/components/responses/Nope'}}
            """)
        let result = try await CommandRunner.run(["lint", "broken.yaml"], in: file.deletingLastPathComponent())
        #expect(result.status == 1)
        #expect(
            result.standardError.hasPrefix("broken.yaml:6:33: error: unresolved $ref '#/components/responses/Nope'"))
    }

    @Test func unreadableFileExitsTwo() async throws {
        let result = try await CommandRunner.run(["lint", "/nonexistent/spec.yaml"])
        #expect(result.status == 2)
        #expect(result.standardError == "/nonexistent/spec.yaml: error: no such file\n")
    }

    @Test func unknownFlagExitsTwoWithAOneLineReason() async throws {
        let result = try await CommandRunner.run(["lint", "--bogus", "x.yaml"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("error: Unknown option '--bogus'"))
    }

    @Test func emptyAndNonYAMLDocumentsExitOne() async throws {
        let empty = try temporaryFile("empty.yaml", "")
        #expect(try await CommandRunner.run(["lint", empty.path]).status == 1)
        let garbage = try temporaryFile("garbage.yaml", "key: [unclosed\nother: value\n")
        let result = try await CommandRunner.run(["lint", garbage.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("garbage.yaml:2:6: error: YAML syntax error: did not find expected"))
    }

    @Test(.needsCorpus) func suitesAreCheckedAgainstTheSchemaAndTheContract() async throws {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let bundled = Corpus.packageRoot.appendingPathComponent("scenarios/kinto/records.yaml").path
        let clean = try await CommandRunner.run(["lint", bundled])
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(clean.standardOutput.contains("records.yaml: scenario suite, 2 scenarios, 0 errors, 0 warnings"))

        let contract = Corpus.root!.appendingPathComponent("real-servers/alertmanager-v0.25.0.openapi.yaml").path
        let file = try temporaryFile(
            "suite.yaml",
            "suite: S\ncontract: \(contract)\nscenarios:\n  - name: s\n    steps:\n      - operation: getSilense\n"
                + "        expect: {status: 99}\n")
        let broken = try await CommandRunner.run(["lint", "suite.yaml"], in: file.deletingLastPathComponent())
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("suite.yaml:7:26: error: #/scenarios/0/steps/0/expect/status"))
        #expect(broken.standardError.contains("hint: see docs/suite.schema.json"))
        #expect(broken.standardOutput.contains("suite.yaml: scenario suite, 1 scenario, 1 error"))
    }

    @Test func profilesAreCheckedAgainstTheSchemaAndTheirContract() async throws {
        let contract = try temporaryFile(
            "openapi.yaml",
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            security: [{key: []}]
            paths:
              /things:
                get:
                  operationId: listThings
                  responses: {'200': {description: ok}}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
            """)
        let folder = contract.deletingLastPathComponent()
        try
            "principals:\n  ann: {credentials: {key: k1}, permissions: [read]}\npermissions:\n  - operation: listThings\n    needs: read\n"
            .write(to: folder.appendingPathComponent("mock.yaml"), atomically: true, encoding: .utf8)
        let clean = try await CommandRunner.run(["lint", "mock.yaml"], in: folder)
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(clean.standardOutput.contains("mock.yaml: mock profile for "))
        #expect(
            clean.standardOutput.contains(
                "1 principal, 1 permission rule, 0 resources, 0 operation rules, 0 rate limits, 0 errors, 0 warnings"))

        try "principals:\n  ann: {credentials: {token: k1}}\npermissions:\n  - operation: listThing\n    needs: read\n"
            .write(to: folder.appendingPathComponent("mock.yaml"), atomically: true, encoding: .utf8)
        let broken = try await CommandRunner.run(["lint", "mock.yaml"], in: folder)
        #expect(broken.status == 1)
        #expect(
            broken.standardError.contains(
                "mock.yaml:2:23: error: principal 'ann': the contract has no security scheme 'token'"))
        #expect(
            broken.standardError.contains(
                "mock.yaml:4:16: error: a permission rule: the contract has no operation 'listThing'"))
        #expect(broken.standardError.contains("did you mean 'listThings'?"))
    }
}
