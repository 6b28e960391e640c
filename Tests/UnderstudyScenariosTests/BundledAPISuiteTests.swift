import Foundation
import Testing
import UnderstudyContract
import UnderstudyHarness
import UnderstudyMock
import UnderstudyScenarios
import UnderstudySchema
import UnderstudyTestSupport

/// The bundled APIs (specs/<api> with its profile, scenarios/<api>): every suite passes against
/// `understudy serve specs/<api>` (here in process, with the profile), and together they reach every
/// operation of the contract.
@Suite struct BundledAPISuiteTests {
    /// The APIs whose contracts live in the repository, and those whose contract is the corpus's.
    static let apis = ["kontomatik", "ottu", "project-reports", "disclosure-reports"]
    static let corpusAPIs = ["contract-fit"]

    static func suites(of api: String) -> [String] {
        let folder = Corpus.packageRoot.appendingPathComponent("scenarios/\(api)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".arazzo.yaml") }.sorted().map {
            folder.appendingPathComponent($0).path
        }
    }

    static func workflows(of api: String) -> [String] {
        let folder = Corpus.packageRoot.appendingPathComponent("scenarios/\(api)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".arazzo.yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// Each bundled API has an Arazzo workflow beside its suites, and it passes against the API's mock (with
    /// its profile) in process.
    @Test(arguments: apis)
    func arazzoWorkflowsPassAgainstTheMock(api: String) async throws {
        try await checkWorkflows(api)
    }

    @Test(.needsCorpus, arguments: corpusAPIs)
    func arazzoWorkflowsOfCorpusContractsPassAgainstTheMock(api: String) async throws {
        try await checkWorkflows(api)
    }

    func checkWorkflows(_ api: String) async throws {
        let files = Self.workflows(of: api)
        #expect(!files.isEmpty, "scenarios/\(api) holds no *.arazzo.yaml")
        for file in files {
            let outcome = ArazzoLoader().load(path: file)
            let document = try #require(outcome.document, "\(outcome.diagnostics)")
            var contracts: [String: Contract] = [:]
            var profile: MockProfile?
            for source in document.sources {
                let path = try #require(source.path)
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                let loaded = MockSource.load(isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent)
                contracts[source.name] = try #require(loaded.contract, "\(loaded.diagnostics)")
                profile = profile ?? loaded.profile
            }
            #expect(document.operationErrors(contracts: contracts) == [])
            let primary = try #require(document.sources.first.flatMap { contracts[$0.name] })
            let runner = WorkflowRunner(
                document: document, contracts: contracts,
                transport: InProcessTransport(contract: primary, profile: profile),
                basePaths: contracts.mapValues { $0.servers.first?.basePath ?? "" }, session: "bundled-arazzo")
            let result = await runner.run()
            #expect(result.passed, "\(file): \(Workspace.messages(result))")
            #expect(result.scenarios.allSatisfy { !$0.steps.isEmpty })
        }
    }

    @Test(arguments: apis)
    func suitesPassAgainstTheMockAndReachEveryOperation(api: String) async throws {
        try await check(api)
    }

    @Test(.needsCorpus, arguments: corpusAPIs)
    func suitesOfCorpusContractsPassAgainstTheMockAndReachEveryOperation(api: String) async throws {
        try await check(api)
    }

    func check(_ api: String) async throws {
        let files = Self.suites(of: api)
        #expect(!files.isEmpty, "scenarios/\(api) holds no suite")
        var coverage: Coverage? = nil
        for file in files {
            let outcome = SuiteLoader().load(path: file)
            let suite = try #require(outcome.suite, "\(outcome.diagnostics)")
            let source = MockSource.load(suite.contractPath)
            let contract = try #require(source.contract, "\(source.diagnostics)")
            let profile = try #require(source.profile, "specs/\(api) has no mock.yaml")
            #expect(SuiteRunner.bindingErrors(suite, contract: contract) == [])
            let runner = SuiteRunner(
                suite: suite, contract: contract, transport: InProcessTransport(contract: contract, profile: profile),
                basePath: suite.basePath ?? contract.servers.first?.basePath ?? "", session: "bundled",
                options: RunOptions())
            let result = await runner.run()
            let passed = result.passed
            #expect(passed, "\(file): \(Workspace.messages(result))")
            if let reached = result.coverage {
                if coverage == nil { coverage = reached } else { coverage?.merge(reached) }
            }
        }
        let total = try #require(coverage)
        let missed = total.entries.filter { $0.exercised.isEmpty }.map(\.operation)
        #expect(missed == [], "operations no suite of scenarios/\(api) reaches")
    }
}
