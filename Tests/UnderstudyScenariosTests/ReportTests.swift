import Foundation
import Testing
import UnderstudyScenarios
import UnderstudySchema

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// JUnit XML, the JSON report and the console text of one failing run.
@Suite struct ReportTests {
    func failingRun() async throws -> SuiteResult {
        let suite = """
            suite: Notes <&> "reports"
            contract: notes.yaml
            credentials: {me: {bearer: t}}
            auth: me
            scenarios:
              - name: passes
                steps:
                  - operation: listNotes
              - name: fails
                steps:
                  - operation: createNote
                    json: {title: a}
                    expect: {status: 200}
            """
        let workspace = try Workspace(files: ["notes.yaml": Workspace.notesContract, "suite.yaml": suite])
        return try await workspace.run("suite.yaml")
    }

    @Test func junitNamesEachScenarioAndItsFailure() async throws {
        let xml = JUnitReporter.xml([try await failingRun()])
        #expect(
            xml.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"understudy\" tests=\"2\" failures=\"1\" skipped=\"0\""
            ))
        #expect(
            xml.contains(
                "<testsuite name=\"Notes &lt;&amp;&gt; &quot;reports&quot;\" tests=\"2\" failures=\"1\" skipped=\"0\""))
        #expect(xml.contains("name=\"passes\""))
        #expect(xml.contains("<failure type=\"status\" message=\"status 201, expected 200; body: {"))
        // Well-formed: Foundation's parser reads it.
        let document = try XMLDocument(xmlString: xml)
        #expect(try document.nodes(forXPath: "//testcase").count == 2)
        #expect(try document.nodes(forXPath: "//failure").count == 1)
    }

    @Test func jsonHasTheSummaryStepsAndCoverage() async throws {
        let report = JSONReporter.document([try await failingRun()])
        #expect(report["summary"] == ["passed": 1, "failed": 1, "skipped": 0, "suites": 1, "exitCode": 1])
        let steps = report["suites"]?[0]?["scenarios"]?[1]?["steps"]
        #expect(steps?[0]?["operationId"] == "createNote")
        #expect(steps?[0]?["status"] == 201)
        #expect(steps?[0]?["failures"]?[0]?["kind"] == "status")
        let coverage = report["coverage"]?[0]
        #expect(coverage?["operations"] == 4)
        #expect(coverage?["operationsExercised"] == 2)
        #expect(coverage?["entries"]?[1]?["exercised"] == ["201"])
    }

    @Test func theConsoleShowsRequestResponseAndMasksSecrets() async throws {
        let text = ConsoleReporter(colors: false).report([try await failingRun()])
        #expect(text.contains("✗ Notes <&> \"reports\" › fails › createNote  ("))
        #expect(text.contains("    request:  POST /api/notes"))
        #expect(text.contains("              Authorization: •••"))
        #expect(!text.contains("Bearer t"))
        #expect(text.contains("    response: 201 Created"))
        #expect(text.contains("coverage of "))
        #expect(text.hasSuffix("1 passed, 1 failed (1 suite)"))
    }
}
