import Foundation
import Testing
import UnderstudyContract
import UnderstudyHarness
import UnderstudyMock
import UnderstudyScenarios
import UnderstudySchema
import UnderstudyTestSupport

/// The bundled suites for real servers (scenarios/alertmanager, scenarios/kinto, scenarios/prefect): each
/// passes against the contract's mock in process (with its profile, where the suite names one), and the first
/// two against the real server that .ci/run starts (scripts/real-servers; Prefect's is scripts/prefect-suite).
@Suite(.needsCorpus) struct RealServerSuiteTests {
    static let suites = [
        ("scenarios/alertmanager/silences.yaml", "UNDERSTUDY_ALERTMANAGER_URL"),
        ("scenarios/kinto/records.yaml", "UNDERSTUDY_KINTO_URL"),
    ]
    static let mockSuites = suites.map(\.0) + ["scenarios/prefect/variables.yaml"]

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    func load(_ file: String) throws -> (Suite, Contract, MockProfile?) {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let outcome = SuiteLoader().load(path: Corpus.packageRoot.appendingPathComponent(file).path)
        let suite = try #require(outcome.suite, "\(outcome.diagnostics)")
        let source = MockSource.load(suite.contractPath)
        let contract = try #require(source.contract, "\(source.diagnostics)")
        #expect(SuiteRunner.bindingErrors(suite, contract: contract) == [])
        return (suite, contract, source.profile)
    }

    @Test(arguments: mockSuites)
    func passesAgainstTheMock(file: String) async throws {
        let (suite, contract, profile) = try load(file)
        let runner = SuiteRunner(
            suite: suite, contract: contract, transport: InProcessTransport(contract: contract, profile: profile),
            basePath: contract.servers.first?.basePath ?? "", session: "mock", options: RunOptions())
        let result = await runner.run()
        #expect(ConsoleReporter(colors: false).report([result]).contains("0 failed"), "\(Workspace.messages(result))")
        #expect(result.passed)
        #expect(result.scenarios.count >= 2)
    }

    /// Prefect's profile adds its variable-name rule in the contract's own 422 shape, the guard's code as the
    /// entry's kind; a deleted variable is the declared 422 too (Prefect's contract declares no 404).
    @Test func prefectsProfileKeepsTheContractsErrorShape() throws {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let source = MockSource.load(Corpus.packageRoot.appendingPathComponent("specs/prefect").path)
        let contract = try #require(source.contract, "\(source.diagnostics)")
        let engine = MockEngine(contract: contract, profile: try #require(source.profile))
        func send(_ method: String, _ path: String, _ body: String? = nil) -> MockResponse {
            engine.handle(
                MockRequest(
                    method: method, target: path, headers: body == nil ? [] : [("Content-Type", "application/json")],
                    body: body.map { Array($0.utf8) } ?? [])
            ).0
        }
        let invalid = send("POST", "/variables/", #"{"name": "Not Valid", "value": 1}"#)
        #expect(invalid.status == 422)
        #expect(
            invalid.jsonBody == [
                "detail": [
                    [
                        "loc": [], "type": "value_error",
                        "msg":
                            "Value error, Variable name must only contain lowercase letters, numbers, and dashes or underscores.",
                    ]
                ]
            ])
        let made = send("POST", "/variables/", #"{"name": "fine_1-a", "value": 1}"#)
        #expect(made.status == 201)
        let id = try #require(made.jsonBody?["id"]?.stringValue)
        #expect(send("PATCH", "/variables/\(id)", #"{"name": "Still Not"}"#).status == 422)
        #expect(send("PATCH", "/variables/\(id)", #"{"value": 2}"#).status == 204)
        #expect(send("DELETE", "/variables/\(id)").status == 204)
        let gone = send("GET", "/variables/\(id)")
        #expect(gone.status == 422)
        #expect(gone.jsonBody?["detail"]?[0]?["msg"] == .string("item '\(id)' was deleted from variables"))
    }

    /// Outside CI, without the server running, this is reported as skipped; under CI=true it must run.
    @Test(
        .enabled(if: isCI || suites.allSatisfy { ProcessInfo.processInfo.environment[$0.1] != nil }),
        arguments: suites)
    func passesAgainstTheRealServer(file: String, variable: String) async throws {
        let url = try #require(
            ProcessInfo.processInfo.environment[variable],
            "\(variable) is unset: start the servers with scripts/real-servers")
        let (suite, contract, _) = try load(file)
        let transport = HTTPTransport(origin: url)
        let runner = SuiteRunner(
            suite: suite, contract: contract, transport: transport, basePath: contract.servers.first?.basePath ?? "",
            session: "real", options: RunOptions())
        let result = await runner.run()
        await transport.shutdown()
        #expect(result.passed, "\(Workspace.messages(result))")
        #expect(result.destination == url)
    }
    /// The Alertmanager Arazzo workflow passes against the real Alertmanager and against its contract's mock.
    @Test(.enabled(if: isCI || ProcessInfo.processInfo.environment["UNDERSTUDY_ALERTMANAGER_URL"] != nil))
    func theArazzoWorkflowPassesAgainstTheRealServerAndTheMock() async throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["UNDERSTUDY_ALERTMANAGER_URL"],
            "UNDERSTUDY_ALERTMANAGER_URL is unset: start the servers with scripts/real-servers")
        let file = Corpus.packageRoot.appendingPathComponent("scenarios/alertmanager/silences.arazzo.yaml").path
        let outcome = ArazzoLoader().load(path: file)
        let document = try #require(outcome.document, "\(outcome.diagnostics)")
        let path = try #require(document.sources.first?.path)
        let contract = try #require(MockSource.load(path).contract)
        #expect(document.operationErrors(contracts: ["alertmanager": contract]) == [])
        let basePath = contract.servers.first?.basePath ?? ""
        let http = HTTPTransport(origin: url)
        let real = await WorkflowRunner(
            document: document, contracts: ["alertmanager": contract], transport: http,
            basePaths: ["alertmanager": basePath], session: "real"
        ).run()
        await http.shutdown()
        #expect(real.passed, "\(Workspace.messages(real))")
        let mock = await WorkflowRunner(
            document: document, contracts: ["alertmanager": contract],
            transport: InProcessTransport(contract: contract),
            basePaths: ["alertmanager": basePath], session: "mock"
        ).run()
        #expect(mock.passed, "\(Workspace.messages(mock))")
    }
}

/// The bundled Kinto suite against deliberately broken variants of Kinto's mock: each must fail, naming
/// the cause.
@Suite(.needsCorpus) struct BrokenKintoMockTests {
    enum Bug: String, CaseIterable, Sendable {
        case fieldRemoved, wrongType, wrongStatus, paginationOffByOne

        var expectedMessage: String {
            switch self {
            case .fieldRemoved: return "$.data.title is missing (expected \"write the suite\")"
            case .wrongType: return "$.data.done is \"false\", expected false"
            case .wrongStatus: return "status 200, expected 201"
            case .paginationOffByOne: return "$.data has length 1, expected 2"
            }
        }
    }

    struct Buggy: ScenarioTransport {
        let inner: any ScenarioTransport
        let bug: Bug
        var destination: String { inner.destination }

        func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse {
            var response = try await inner.send(request, timeout: timeout)
            guard request.target.contains("/records"),
                case .object(var body)? = try? JSONParser.parse(bytes: response.body)
            else { return response }
            switch bug {
            case .fieldRemoved:
                if case .object(var data)? = body["data"] {
                    data.remove("title")
                    body.set("data", .object(data))
                }
            case .wrongType:
                if case .object(var data)? = body["data"], let done = data["done"]?.boolValue {
                    data.set("done", .string(String(done)))
                    body.set("data", .object(data))
                }
            case .wrongStatus:
                if response.status == 201 { response.status = 200 }
            case .paginationOffByOne:
                if request.target.contains("_limit=2"), case .array(let items)? = body["data"] {
                    body.set("data", .array(JSONArray(Array(items.dropLast()))))
                }
            }
            response.body = JSONSerializer.data(.object(body))
            return response
        }
    }

    @Test(arguments: Bug.allCases)
    func theKintoSuiteCatches(bug: Bug) async throws {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let outcome = SuiteLoader().load(
            path: Corpus.packageRoot.appendingPathComponent("scenarios/kinto/records.yaml").path)
        let suite = try #require(outcome.suite)
        let contract = try #require(ContractLoader().load(path: suite.contractPath).contract)
        let runner = SuiteRunner(
            suite: suite, contract: contract, transport: Buggy(inner: InProcessTransport(contract: contract), bug: bug),
            basePath: "/v1", session: "buggy", options: RunOptions())
        let result = await runner.run()
        #expect(!result.passed)
        let messages = Workspace.messages(result)
        #expect(messages.contains { $0.contains(bug.expectedMessage) }, "\(bug): \(messages)")
    }
}
