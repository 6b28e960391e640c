import Foundation
import Testing
import UnderstudyContract
import UnderstudyHarness
import UnderstudyScenarios
import UnderstudySchema

/// Suites run in process against the contract's mock: what passes, what fails and how it says so.
@Suite struct SuiteRunnerTests {
    static func workspace(suite: String = Workspace.notesSuite) throws -> Workspace {
        try Workspace(files: ["notes.yaml": Workspace.notesContract, "suite.yaml": suite])
    }

    /// The top of a suite on the notes contract with a bearer credential, up to `scenarios:`.
    static func header(_ name: String) -> String {
        "suite: \(name)\ncontract: notes.yaml\ncredentials: {me: {bearer: t}}\nauth: me\nscenarios:\n"
    }

    @Test func theNotesSuitePassesAgainstTheMock() async throws {
        let result = try await Self.workspace().run("suite.yaml")
        #expect(Workspace.messages(result) == [])
        #expect(result.passed)
        #expect(
            result.scenarios.map(\.name) == [
                "create, read, list and delete", "the rules of the API", "pages hold what they say",
            ])
        // forEach ran the create three times.
        #expect(result.scenarios[2].steps.count == 4)
        let coverage = try #require(result.coverage)
        #expect(coverage.operationsExercised == 4)
        #expect(coverage.responsesExercised == 7)
        #expect(coverage.responsesDeclared == 11)
        #expect(RunSummary([result]).line == "3 passed, 0 failed")
    }

    @Test func generatedRequestsRepeatsAndTemplatedMatchers() async throws {
        let suite =
            Self.header("Generated")
                + """
                  - name: generated and repeated
                    steps:
                      - name: a generated note (body from the schema, title required)
                        operation: createNote
                        generate: true
                        expect:
                          status: 201
                          json: {$.title: {type: string, minLength: 1}}
                        capture: {first: $.id}
                      - name: three more
                        operation: createNote
                        json: {title: "note {{ iteration }}"}
                        repeat: "{{ 1 + 2 }}"
                      - name: a generated path parameter reaches the operation
                        operation: getNote
                        generate: true
                        expect: {status: [200, 404]}
                      - name: the list holds at least what was made, by a templated bound
                        operation: listNotes
                        expect:
                          json:
                            $.count: {min: "{{ first }}", max: "{{ first + 3 }}"}
                            "$.items[0].id": {matches: "^{{ first }}$"}
                """
        let result = try await Self.workspace(suite: suite).run("suite.yaml")
        #expect(Workspace.messages(result) == [])
        let steps = try #require(result.scenarios.first?.steps)
        #expect(steps.map(\.name).contains("three more [3/3]"))
        #expect(steps.count == 6)
        let broken = Self.header("Broken") + "  - name: x\n    steps:\n      - {operation: listNotes, repeat: 0}\n"
        let outcome = SuiteLoader().load(path: try Self.workspace(suite: broken).path("suite.yaml"))
        #expect(
            outcome.diagnostics.map(\.message).contains("repeat: is a count of at least 1 (or a template giving one)"))
        let wrongCount =
            Self.header("Wrong") + "  - name: x\n    steps:\n      - {operation: listNotes, repeat: \"{{ 'many' }}\"}\n"
        let failed = try await Self.workspace(suite: wrongCount).run("suite.yaml")
        #expect(Workspace.messages(failed).contains { $0.contains("repeat: '\"many\"' is not a count") })
    }

    @Test func tagsSelectScenarios() async throws {
        let result = try await Self.workspace().run("suite.yaml", options: RunOptions(tags: ["errors"]))
        #expect(result.scenarios.map(\.name) == ["the rules of the API"])
        #expect(result.skipped == ["create, read, list and delete", "pages hold what they say"])
    }

    @Test func everyRequestCarriesTheSessionAndTheCredential() async throws {
        let recorder = Recorder()
        _ = try await Self.workspace().run("suite.yaml") { Tapped(inner: $0, recorder: recorder) }
        let requests = await recorder.requests
        #expect(requests.count == 12)
        #expect(requests.allSatisfy { $0.header("X-Understudy-Session") == "test" })
        #expect(requests.filter { $0.header("Authorization") == "Bearer secret-token" }.count == 11)
        #expect(requests[0].target == "/api/notes")
        #expect(requests.contains { $0.target == "/api/notes?limit=2&offset=1" })
    }

    @Test func failuresSayWhatDifferedAndWhere() async throws {
        let suite =
            Self.header("Wrong") + """
                  - name: wrong expectations
                    steps:
                      - operation: createNote
                        json: {title: a}
                        expect:
                          status: 200
                      - operation: listNotes
                  - name: wrong values
                    steps:
                      - operation: createNote
                        json: {title: a}
                        expect:
                          json:
                            $.title: b
                            $.id: {type: string}
                            $.missing: {exists: true}
                            $.done: {exists: false}
                          headers:
                            Content-Type: {matches: "^text/"}
                """
        let result = try await Self.workspace(suite: suite).run("suite.yaml")
        #expect(!result.passed)
        let first = result.scenarios[0]
        #expect(first.steps[0].failures.map(\.kind) == [.status])
        #expect(first.steps[0].failures[0].message.hasPrefix("status 201, expected 200; body: {"))
        #expect(first.steps[1].skipped)
        #expect(first.steps[0].location.hasSuffix("suite.yaml:8"))
        #expect(
            result.scenarios[1].steps[0].failures.map(\.message) == [
                "header Content-Type is \"application/json\", which does not match /^text//",
                "$.title is \"a\", expected \"b\"",
                "$.id is an integer 2, expected string",
                "$.missing is missing",
                "$.done should be absent but is false",
            ])
    }

    @Test func aResponseThatBreaksTheContractIsCaughtWithTheContractLocation() async throws {
        let result = try await Self.workspace().run("suite.yaml") { Broken(inner: $0, variant: .fieldRemoved) }
        let messages = Workspace.messages(result)
        #expect(
            messages.first?.hasPrefix("breaks the contract at body: missing required property \"title\" (contract: ")
                == true)
        // The rule broken: `required` of the Note schema, at its line in the contract.
        #expect(messages.first?.hasSuffix("/notes.yaml:66:17)") == true)
        // Nothing that depends on a failed setup runs.
        #expect(
            messages.dropFirst() == [
                "not run: a setup step failed", "not run: a setup step failed", "not run: a setup step failed",
            ])
    }

    /// The suite is fine; the server's answer lacks what it should carry: a failed check, exit 1.
    @Test func capturesThatMatchNothingFailTheStep() async throws {
        let suite =
            Self.header("Capture") + """
                  - name: capture
                    steps:
                      - operation: createNote
                        json: {title: a}
                        capture: {id: $.identifier}
                      - operation: getNote
                        path: {id: "{{ id }}"}
                """
        let result = try await Self.workspace(suite: suite).run("suite.yaml")
        let failure = try #require(result.scenarios[0].steps[0].failures.first)
        #expect(failure.kind == .capture)
        #expect(failure.message.contains("suite.yaml:8: capture 'id' ($.identifier) matched nothing in {"))
        #expect(!result.hasInputErrors)
        #expect(RunSummary([result]).exitCode == 1)
        #expect(result.scenarios[0].steps[1].skipped)
    }

    @Test func anUndefinedVariableIsReportedWithItsStep() async throws {
        let suite =
            Self.header("Undefined") + """
                  - name: undefined
                    steps:
                      - operation: getNote
                        path: {id: "{{ nothing }}"}
                """
        let result = try await Self.workspace(suite: suite).run("suite.yaml")
        let failure = try #require(result.scenarios[0].steps[0].failures.first)
        #expect(failure.kind == .template)
        #expect(failure.message.contains("suite.yaml:8: variable 'nothing' is not defined (defined: session)"))
    }

    @Test func pollingRepeatsUntilTheExpectationHolds() async throws {
        let suite =
            Self.header("Poll") + """
                  - name: eventually
                    steps:
                      - operation: listNotes
                        poll: {timeout: 120s, interval: 10ms}
                        expect: {json: {$.count: 1}}
                """
        let workspace = try Self.workspace(suite: suite)
        let result = try await workspace.run("suite.yaml") { Eventually(inner: $0, after: 3) }
        #expect(result.passed)
        #expect(result.scenarios[0].steps[0].attempts == 3)

        let (loaded, contract) = try workspace.load("suite.yaml")
        var impatient = loaded
        impatient.scenarios[0].steps[0].poll = Poll(timeout: 0.05, interval: 0.02)
        let runner = SuiteRunner(
            suite: impatient, contract: contract, transport: InProcessTransport(contract: contract), basePath: "/api",
            session: "s", options: RunOptions())
        let failed = await runner.run()
        #expect(failed.scenarios[0].steps[0].failures.last?.message.hasPrefix("still failing after") == true)
    }

    /// Broken variants of the mock: each must make the notes suite fail, with a message that names the cause.
    @Test(arguments: Broken.Variant.allCases)
    func brokenMocksAreCaught(variant: Broken.Variant) async throws {
        let result = try await Self.workspace().run("suite.yaml") { Broken(inner: $0, variant: variant) }
        #expect(!result.passed)
        let messages = Workspace.messages(result)
        #expect(messages.contains { $0.contains(variant.expectedMessage) }, "\(variant): \(messages)")
    }
}

/// Records the requests a run sends.
actor Recorder {
    var requests: [ScenarioRequest] = []
    func add(_ request: ScenarioRequest) { requests.append(request) }
}

struct Tapped: ScenarioTransport {
    let inner: any ScenarioTransport
    let recorder: Recorder
    var destination: String { inner.destination }
    func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse {
        await recorder.add(request)
        return try await inner.send(request, timeout: timeout)
    }
}

/// Answers 404 to list calls until `after` of them, and creates a note on the way (an asynchronous job).
final class Eventually: ScenarioTransport, @unchecked Sendable {
    let inner: any ScenarioTransport
    let after: Int
    private var calls = 0
    private let lock = NSLock()
    var destination: String { inner.destination }

    init(inner: any ScenarioTransport, after: Int) {
        self.inner = inner
        self.after = after
    }

    func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse {
        let count = lock.withLock {
            calls += 1
            return calls
        }
        if count == after {
            _ = try await inner.send(
                ScenarioRequest(
                    method: "POST", target: "/api/notes",
                    headers: request.headers + [("Content-Type", "application/json")],
                    body: Array(#"{"title":"job"}"#.utf8)),
                timeout: timeout)
        }
        return try await inner.send(request, timeout: timeout)
    }
}

/// The mock with one deliberate bug.
struct Broken: ScenarioTransport {
    enum Variant: String, CaseIterable, Sendable {
        case fieldRemoved, wrongType, wrongStatus, missingAuthCheck, paginationOffByOne

        var expectedMessage: String {
            switch self {
            case .fieldRemoved: return "breaks the contract at body: missing required property \"title\""
            case .wrongType: return "breaks the contract at body#/id: expected type \"integer\" but found string"
            case .wrongStatus: return "status 200, expected 201"
            case .missingAuthCheck: return "status 200, expected 401"
            case .paginationOffByOne: return "$.items[0].title is \"two\", expected \"one\""
            }
        }
    }

    let inner: any ScenarioTransport
    let variant: Variant
    var destination: String { inner.destination }

    func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse {
        var request = request
        if variant == .missingAuthCheck, request.header("Authorization") == nil {
            request.headers.append(("Authorization", "Bearer anything"))
        }
        if variant == .paginationOffByOne, request.target.contains("offset=") {
            request.target = request.target.replacingOccurrences(of: "offset=1", with: "offset=2")
        }
        var response = try await inner.send(request, timeout: timeout)
        guard case .object(var object)? = try? JSONParser.parse(bytes: response.body) else { return response }
        switch variant {
        case .fieldRemoved:
            object.remove("title")
        case .wrongType:
            if let id = object["id"]?.intValue { object.set("id", .string(String(id))) }
        case .wrongStatus:
            if response.status == 201 { response.status = 200 }
        default:
            break
        }
        response.body = JSONSerializer.data(.object(object))
        return response
    }
}
