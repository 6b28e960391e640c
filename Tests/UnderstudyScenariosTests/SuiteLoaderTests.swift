import Foundation
import Testing
import UnderstudyContract
import UnderstudyScenarios
import UnderstudySchema

/// Suite files: what they may say, and what a mistake in one is told.
@Suite struct SuiteLoaderTests {
    func diagnostics(_ suite: String) throws -> [String] {
        let workspace = try Workspace(files: ["notes.yaml": Workspace.notesContract, "suite.yaml": suite])
        return SuiteLoader().load(path: workspace.path("suite.yaml")).diagnostics.map {
            $0.description.replacingOccurrences(of: workspace.folder.path + "/", with: "")
        }
    }

    @Test func theNotesSuiteLoads() throws {
        let workspace = try Workspace(files: [
            "notes.yaml": Workspace.notesContract, "suite.yaml": Workspace.notesSuite,
        ])
        let (suite, _) = try workspace.load("suite.yaml")
        #expect(suite.name == "Notes")
        #expect(suite.contractPath == workspace.path("notes.yaml"))
        #expect(suite.setup.count == 1)
        #expect(suite.scenarios.map { $0.steps.count } == [5, 2, 2])
        #expect(suite.scenarios[0].tags == ["crud"])
        #expect(suite.scenarios[2].steps[0].table.count == 3)
        let first = suite.scenarios[0].steps[0]
        #expect(first.target == .operation("createNote"))
        #expect(first.captures.map(\.name) == ["note"])
        #expect(first.expectation.statuses == [.exact(201)])
        #expect(first.expectation.json.map(\.path.text) == ["$.id", "$.title"])
        #expect(first.location.hasSuffix("suite.yaml:18"))
    }

    @Test func mistakesAreReportedWithFileLineAndAHint() throws {
        let problems = try diagnostics(
            """
            suite: Broken
            contract: notes.yaml
            credentials: {me: {bearer: t}}
            scenarios:
              - name: mistakes
                steps:
                  - operation: listNotes
                    expct: {status: 200}
                  - operation: listNotes
                    auth: you
                    query: {limit: "{{ limit"}
                  - operation: listNotes
                    expect:
                      status: [200, 7000]
                      json:
                        items: 1
                        $.items: {type: list}
                    capture: {x: "$..bad"}
                  - request: FETCH /notes
                  - operation: listNotes
                    json: {a: 1}
                    form: {b: 2}
                    poll: {timeout: soon}
                  - operation: listNotes
                    poll: {timeout: 5, interval: 1e20}
            """)
        #expect(
            problems == [
                "suite.yaml:8:9: error: unknown key 'expct' in a step\n    hint: did you mean 'expect'?",
                "suite.yaml:11:24: error: '{{' without a closing '}}' in \"{{ limit\"",
                "suite.yaml:10:15: error: auth: names no credential 'you'\n    hint: defined: me, or none",
                "suite.yaml:14:19: error: '7000' is not a status (e.g. 200, 2XX)",
                "suite.yaml:16:13: error: a JSON path starts with '$' (got 'items'), e.g. $.items[0].id",
                "suite.yaml:17:29: error: type: is one of string, number, integer, boolean, array, object, null",
                "suite.yaml:18:22: error: capture x: '$..bad': a '.' must be followed by a name",
                "suite.yaml:19:18: error: request: is a method and a path, e.g. 'GET /pets/{id}'",
                "suite.yaml:22:9: error: a step has one body: json and form given",
                "suite.yaml:23:25: error: '\"soon\"' is not a duration (e.g. 10s, 500ms, 2m)",
                // A number of seconds has the same bound as a text: 1e20 s used to stop the runner when it
                // slept between polls.
                "suite.yaml:25:38: error: '100000000000000000000' is not a duration (e.g. 10s, 500ms, 2m)",
            ])
    }

    @Test func aMissingContractAndABadShapeAreErrors() throws {
        #expect(
            try diagnostics("suite: X\ncontract: nowhere.yaml\nscenarios: []\n").first?.hasPrefix(
                "suite.yaml:2:11: error: the contract nowhere.yaml does not exist") == true)
        #expect(
            try diagnostics("- a list\n") == [
                "suite.yaml: error: a suite is a mapping with suite:, contract: and scenarios:"
            ])
        #expect(
            try diagnostics("suite: X\ncontract: notes.yaml\n") == [
                "suite.yaml:1:1: error: scenarios: must be a list of scenarios"
            ])
        #expect(try diagnostics("suite: [X\n").first?.contains("error") == true)
    }

    @Test func unknownOperationsAreFoundBeforeAnythingIsSent() throws {
        let workspace = try Workspace(files: [
            "notes.yaml": Workspace.notesContract,
            "suite.yaml": """
            suite: Ops
            contract: notes.yaml
            scenarios:
              - name: ops
                steps:
                  - operation: listNote
                  - request: GET /notes/{{ id }}
                  - request: PUT /notes/{id}
                  - request: GET /nothing
                  - request: GET /nothing
                    expect: {conforms: false}
            """,
        ])
        let (suite, contract) = try workspace.load("suite.yaml")
        let errors = SuiteRunner.bindingErrors(suite, contract: contract).map {
            $0.replacingOccurrences(of: workspace.folder.path + "/", with: "")
        }
        #expect(
            errors == [
                "suite.yaml:6: unknown operationId 'listNote' in notes.yaml; did you mean 'listNotes'?",
                "suite.yaml:8: /notes/{id} has no PUT in notes.yaml (it has DELETE, GET, HEAD)",
                "suite.yaml:9: GET /nothing is not an operation of notes.yaml (set expect.conforms: false to send it anyway)",
            ])
    }
}
