import Foundation
import Testing
import UnderstudyContract
import UnderstudyHarness
import UnderstudyScenarios
import UnderstudyTestSupport

/// The bundled suites for real servers (scenarios/alertmanager, scenarios/kinto): each passes against the
/// contract's mock in process, and against the real server that .ci/run starts (scripts/real-servers).
@Suite struct RealServerSuiteTests {
    static let suites = [
        ("scenarios/alertmanager/silences.yaml", "UNDERSTUDY_ALERTMANAGER_URL"),
        ("scenarios/kinto/records.yaml", "UNDERSTUDY_KINTO_URL"),
    ]

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    func load(_ file: String) throws -> (Suite, Contract) {
        try #require(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        let outcome = SuiteLoader().load(path: Corpus.packageRoot.appendingPathComponent(file).path)
        let suite = try #require(outcome.suite, "\(outcome.diagnostics)")
        let contract = try #require(ContractLoader().load(path: suite.contractPath).contract)
        #expect(SuiteRunner.bindingErrors(suite, contract: contract) == [])
        return (suite, contract)
    }

    @Test(arguments: suites.map(\.0))
    func passesAgainstTheMock(file: String) async throws {
        let (suite, contract) = try load(file)
        let runner = SuiteRunner(
            suite: suite, contract: contract, transport: InProcessTransport(contract: contract),
            basePath: contract.servers.first?.basePath ?? "", session: "mock", options: RunOptions())
        let result = await runner.run()
        #expect(ConsoleReporter(colors: false).report([result]).contains("0 failed"), "\(Workspace.messages(result))")
        #expect(result.passed)
        #expect(result.scenarios.count >= 2)
    }

    /// Outside CI, without the server running, this is reported as skipped; under CI=true it must run.
    @Test(
        .enabled(if: isCI || suites.allSatisfy { ProcessInfo.processInfo.environment[$0.1] != nil }),
        arguments: suites)
    func passesAgainstTheRealServer(file: String, variable: String) async throws {
        let url = try #require(
            ProcessInfo.processInfo.environment[variable],
            "\(variable) is unset: start the servers with scripts/real-servers")
        let (suite, contract) = try load(file)
        let transport = HTTPTransport(origin: url)
        let runner = SuiteRunner(
            suite: suite, contract: contract, transport: transport, basePath: contract.servers.first?.basePath ?? "",
            session: "real", options: RunOptions())
        let result = await runner.run()
        await transport.shutdown()
        #expect(result.passed, "\(Workspace.messages(result))")
        #expect(result.destination == url)
    }
}
