import Foundation
import Testing
import UnderstudyTestSupport

/// `understudy test`: exit codes, output and reports, run as a process.
@Suite struct TestCommandTests {
    let alertmanager = Corpus.packageRoot.appendingPathComponent("scenarios/alertmanager").path

    @Test(.needsCorpus) func aPassingSuiteExitsZeroWithASummary() async throws {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let folder = Scratch.folder("understudy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let junit = folder.appendingPathComponent("junit.xml").path
        let json = folder.appendingPathComponent("report.json").path
        let result = try await CommandRunner.run([
            "test", alertmanager, "--report", "junit:\(junit)", "--report", "json:\(json)",
        ])
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        #expect(result.standardOutput.contains("✓ Alertmanager silences › create, read, list and expire a silence"))
        // The folder holds the suite and an Arazzo workflow.
        #expect(result.standardOutput.contains("✓ Alertmanager silence workflow › silence-lifecycle"))
        #expect(result.standardOutput.hasSuffix("5 passed, 0 failed (2 suites)\n"))
        #expect(
            try String(contentsOfFile: junit, encoding: .utf8).contains(
                "<testsuite name=\"Alertmanager silences\" tests=\"4\" failures=\"0\""))
        #expect(try String(contentsOfFile: json, encoding: .utf8).contains("\"exitCode\": 0"))
    }

    @Test(.needsCorpus) func aFailingCheckExitsOne() async throws {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let result = try await CommandRunner.run(["test", alertmanager, "--tag", "alertmanager", "--var", "comment=1"])
        // The comment variable is sent as the JSON number 1, which the contract refuses: a failed check.
        #expect(result.status == 1, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("✗ Alertmanager silences › create, read, list and expire a silence"))
    }

    /// `--var` and `--source` take NAME=VALUE: an empty name (`=`, `=x`) is refused with the option's form,
    /// not read as an index into nothing (`--var =` used to stop the runner with a trap).
    @Test func anOptionWithAnEmptyNameExitsTwoWithTheForm() async throws {
        let suite = Corpus.packageRoot.appendingPathComponent("scenarios/ottu/reports.yaml").path
        for value in ["=", "=1"] {
            let variable = try await CommandRunner.run(["test", suite, "--var", value])
            #expect(variable.status == 2, "\(variable.standardError)")
            #expect(variable.standardError == "error: --var must be NAME=VALUE, got '\(value)': the name is empty\n")
            let source = try await CommandRunner.run(["test", suite, "--source", value])
            #expect(source.status == 2, "\(source.standardError)")
            #expect(source.standardError == "error: --source must be NAME=PATH, got '\(value)': the name is empty\n")
        }
    }

    @Test(.needsCorpus) func badInputExitsTwoWithAOneLineReason() async throws {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let unreachable = try await CommandRunner.run(["test", alertmanager, "--target", "http://127.0.0.1:9"])
        #expect(unreachable.status == 2)
        #expect(unreachable.standardError.hasPrefix("error: cannot reach http://127.0.0.1:9: connection refused"))

        let missing = try await CommandRunner.run(["test", "/nonexistent/suite.yaml"])
        #expect(missing.status == 2)
        #expect(missing.standardError == "error: /nonexistent/suite.yaml: no such file or folder\n")

        let folder = Scratch.folder("understudy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let contract = Corpus.root!.appendingPathComponent("real-servers/alertmanager-v0.25.0.openapi.yaml").path
        try "suite: S\ncontract: \(contract)\nscenarios:\n  - name: s\n    steps:\n      - operation: getSilense\n"
            .write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let unknown = try await CommandRunner.run(["test", "s.yaml"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.hasPrefix("error: s.yaml:6: unknown operationId 'getSilense'"))
        #expect(unknown.standardError.contains("did you mean 'getSilence'?"))

        let badFlag = try await CommandRunner.run(["test", "s.yaml", "--report", "xml:x"], in: folder)
        #expect(badFlag.status == 2)
        #expect(badFlag.standardError.hasPrefix("error: --report must be junit:PATH or json:PATH"))
    }

    /// Once the target has answered the probe, whatever goes wrong with its answers is its failure (exit 1):
    /// a capture that finds nothing, a connection it cuts mid-answer. Only the suite's own faults exit 2.
    @Test func aServerThatMisbehavesAfterTheProbeExitsOne() async throws {
        let folder = Scratch.folder("understudy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ServeWatchTests.contract.write(
            to: folder.appendingPathComponent("openapi.yaml"), atomically: true, encoding: .utf8)
        let server = try ServeWatchTests.Server([
            "serve", folder.appendingPathComponent("openapi.yaml").path, "--port", "0",
        ])
        let line = try #require(await server.line(containing: "serving "), "\(server.lines.all)")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        let header = """
            suite: Misbehaving
            contract: openapi.yaml
            credentials: {key: {apiKey: {name: X-Api-Key, in: header, value: k}}}
            auth: key
            scenarios:
              - name: it
                steps:

            """
        let capture =
            header + """
                      - operation: createPet
                        json: {name: a}
                        capture: {id: $.identifier}
                """
        try capture.write(to: folder.appendingPathComponent("capture.yaml"), atomically: true, encoding: .utf8)
        let cut =
            header + """
                      - operation: listPets
                        headers: {X-Understudy-Fault: close}
                """
        try cut.write(to: folder.appendingPathComponent("cut.yaml"), atomically: true, encoding: .utf8)
        for file in ["capture.yaml", "cut.yaml"] {
            let result = try await CommandRunner.run(
                ["test", file, "--target", "http://127.0.0.1:\(port)", "--no-color"], in: folder)
            #expect(result.status == 1, "\(file): \(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.hasSuffix("0 passed, 1 failed (1 suite)\n"), "\(result.standardOutput)")
        }
        server.process.terminate()
    }

    /// An Arazzo document whose steps call two OpenAPI sources runs in process, each source answered by its
    /// own mock.
    @Test func anArazzoDocumentOverTwoSourcesRunsAgainstEachSourcesMock() async throws {
        let folder = Scratch.folder("arazzo-two")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, path) in [("notes", "/notes"), ("tags", "/tags")] {
            try """
            openapi: 3.0.3
            info: {title: \(name), version: '1'}
            paths:
              \(path):
                post:
                  operationId: create-\(name)
                  requestBody:
                    content:
                      application/json: {schema: {type: object, properties: {text: {type: string}}}}
                  responses:
                    '201':
                      description: made
                      content:
                        application/json: {schema: {type: object, properties: {id: {type: string}, text: {type: string}}}}
              \(path)/{id}:
                get:
                  operationId: get-\(name)
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses:
                    '200':
                      description: one
                      content:
                        application/json: {schema: {type: object, properties: {id: {type: string}, text: {type: string}}}}
                    '404': {description: none}
            """.write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        try """
        arazzo: 1.0.1
        info: {title: Two sources, version: '1'}
        sourceDescriptions:
          - {name: notes, url: ./notes.yaml}
          - {name: tags, url: ./tags.yaml}
        workflows:
          - workflowId: both
            steps:
              - stepId: note
                operationId: $sourceDescriptions.notes.create-notes
                requestBody: {payload: {text: a note}}
                successCriteria: [{condition: $statusCode == 201}]
                outputs: {id: $response.body#/id}
              - stepId: tag
                operationId: $sourceDescriptions.tags.create-tags
                requestBody: {payload: {text: a tag}}
                successCriteria: [{condition: $statusCode == 201}]
                outputs: {id: $response.body#/id}
              - stepId: read-tag
                operationId: $sourceDescriptions.tags.get-tags
                parameters: [{name: id, in: path, value: $steps.tag.outputs.id}]
                successCriteria: [{condition: "$response.body#/text == 'a tag'"}]
        """.write(to: folder.appendingPathComponent("flow.arazzo.yaml"), atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run(["test", "flow.arazzo.yaml", "--no-color"], in: folder)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.hasSuffix("1 passed, 0 failed (1 suite)\n"))
    }
}
