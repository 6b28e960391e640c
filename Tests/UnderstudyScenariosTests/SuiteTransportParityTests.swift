import Foundation
import Testing
import UnderstudyContract
import UnderstudyHarness
import UnderstudyMock
import UnderstudyScenarios
import UnderstudySchema
import UnderstudyServer
import UnderstudyTestSupport

/// Every bundled suite gives the same results in process and over a real socket to `serve`'s HTTP server:
/// the same scenarios pass and fail, each step gets the same status. So a suite cannot pass in process and
/// fail against the mock a frontend team runs (or the other way round); the in-process transport applies
/// the server's request limits too.
@Suite struct SuiteTransportParityTests {
    /// Every suite file under scenarios/.
    static var suiteFiles: [String] {
        let root = Corpus.packageRoot.appendingPathComponent("scenarios")
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        return folders.flatMap { folder -> [String] in
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".arazzo.yaml") }.sorted().map {
                "scenarios/\(folder)/\($0)"
            }
        }
    }

    /// What must agree between two runs: per scenario, whether it passed and each step's name and status.
    static func outline(_ result: SuiteResult) -> [String] {
        (result.setup.map { ("setup", [$0]) } + result.scenarios.map { ($0.name, $0.steps) }).map { name, steps in
            let passed = steps.allSatisfy { $0.passed || $0.skipped }
            return "\(name) \(passed ? "passed" : "failed"): "
                + steps.map {
                    "\($0.name)=\($0.response.map { String($0.status) } ?? ($0.skipped ? "skipped" : "none"))"
                }
                .joined(separator: ", ")
        }
    }

    static func needsCorpus(_ file: String) -> Bool {
        Corpus.isReferenced(by: Corpus.packageRoot.appendingPathComponent(file))
    }

    @Test(arguments: suiteFiles.filter { !needsCorpus($0) })
    func inProcessAndOverASocketAgree(file: String) async throws {
        try await compare(file)
    }

    @Test(.needsCorpus, arguments: suiteFiles.filter(needsCorpus))
    func inProcessAndOverASocketAgreeOnCorpusContracts(file: String) async throws {
        try await compare(file)
    }

    /// The OpenAPI 3.2 fixture (QUERY, additionalOperations, a querystring parameter, $self references,
    /// JSON Lines, events and JSON text sequences checked item by item) passes both ways.
    @Test func theOpenAPI32SuitePassesInProcessAndOverASocket() async throws {
        let passed = try await compare("Tests/Fixtures/oas32/suite.yaml")
        #expect(passed)
    }

    @discardableResult
    func compare(_ file: String) async throws -> Bool {
        let outcome = SuiteLoader().load(path: Corpus.packageRoot.appendingPathComponent(file).path)
        let suite = try #require(outcome.suite, "\(outcome.diagnostics)")
        let source = MockSource.load(suite.contractPath)
        let contract = try #require(source.contract, "\(source.diagnostics)")
        let basePath = suite.basePath ?? contract.servers.first?.basePath ?? ""
        func run(_ transport: any ScenarioTransport) async -> SuiteResult {
            await SuiteRunner(
                suite: suite, contract: contract, transport: transport, basePath: basePath, session: "parity",
                options: RunOptions()
            ).run()
        }
        let inProcess = await run(InProcessTransport(contract: contract, profile: source.profile))

        let store = StateStore()
        let engine = MockEngine(contract: contract, store: store, profile: source.profile)
        let service = MockService(mounts: [MountedContract(prefix: basePath, engine: engine)], store: store)
        let server = MockHTTPServer(
            service: service, configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), threads: 1)
        let channel = try await server.start()
        let port = try #require(channel.localAddress?.port)
        let http = HTTPTransport(origin: "http://127.0.0.1:\(port)")
        let overSocket = await run(http)
        await http.shutdown()
        try await channel.close()
        try await server.shutdown()

        #expect(Self.outline(inProcess) == Self.outline(overSocket))
        #expect(inProcess.passed == overSocket.passed)
        #expect(inProcess.scenarios.count == overSocket.scenarios.count)
        return inProcess.passed && overSocket.passed
    }

    /// A body over the server's limit gets the same 413 in process as over a socket.
    @Test func theInProcessTransportAppliesTheBodyLimit() async throws {
        let contract = try #require(
            ContractLoader().load(
                text: """
                    openapi: 3.0.3
                    info: {title: Up, version: '1'}
                    paths:
                      /files:
                        post:
                          requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
                          responses: {'201': {description: made}}
                    """
            ).contract)
        let transport = InProcessTransport(contract: contract, limits: RequestLimits(maxBodyBytes: 1024))
        let small = try await transport.send(
            ScenarioRequest(
                method: "POST", target: "/files", headers: [("Content-Type", "application/octet-stream")],
                body: Array(repeating: 1, count: 1024)), timeout: 5)
        #expect(small.status == 201)
        let large = try await transport.send(
            ScenarioRequest(
                method: "POST", target: "/files", headers: [("Content-Type", "application/octet-stream")],
                body: Array(repeating: 1, count: 1025)), timeout: 5)
        #expect(large.status == 413)
        #expect(String(decoding: large.body, as: UTF8.self).contains("larger than the 1024-byte limit"))
        let flooded = try await transport.send(
            ScenarioRequest(
                method: "POST", target: "/files", headers: [("X-Flood", String(repeating: "v", count: 90_000))]),
            timeout: 5)
        // As the server's HTTP/1 decoder refuses a head over 80 KB (MockHTTPServerTests).
        #expect(flooded.status == 431)
        #expect(
            String(decoding: flooded.body, as: UTF8.self)
                == #"{"type":"about:blank","title":"Request Header Fields Too Large","status":431,"detail":"the request head is larger than the server's limit (80 KB)"}"#
        )
    }
}
