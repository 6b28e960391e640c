import Foundation
import Testing
import UnderstudySchema
import UnderstudyTestSupport

/// `understudy serve --state FILE`: an acknowledged write survives `kill -9`; a second mock on the same file is
/// refused; items a changed contract no longer accepts are set aside and said, not served.
@Suite struct ServeStateTests {
    typealias Server = ServeWatchTests.Server

    func request(_ port: Int, _ head: String, body: String = "") throws -> RawHTTPConnection.Response {
        try ServeWatchTests().request(port, head, body: body)
    }

    func start(_ arguments: [String]) async throws -> (Server, Int) {
        let server = try Server(arguments)
        let serving = try #require(await server.line(containing: "serving "), "\(server.lines.all)")
        let port = try #require(serving.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        return (server, port)
    }

    @Test func stateSurvivesKillNineAndAContractChangeSetsMisfitsAside() async throws {
        let folder = Scratch.folder("understudy")
        let contract = folder.appendingPathComponent("openapi.yaml")
        try ServeWatchTests.contract.write(to: contract, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("state.db").path

        let (first, port) = try await start(["serve", contract.path, "--port", "0", "--state", file])
        #expect(await first.line(containing: "state: \(file) (new)") != nil, "\(first.lines.all)")
        let rex = try request(port, "POST /pets HTTP/1.1", body: #"{"name": "Rex", "kind": "dog"}"#)
        #expect(rex.status == 201)
        let id = try #require(try JSONParser.parse(bytes: Array(rex.text.utf8))["id"]?.stringValue)
        #expect(try request(port, "POST /pets HTTP/1.1", body: #"{"name": "Tom", "kind": "cat"}"#).status == 201)

        // A second mock on the same file is refused before it listens.
        let second = try await CommandRunner.run(
            ["serve", contract.path, "--port", "0", "--state", file], in: Corpus.packageRoot)
        #expect(second.status == 2)
        #expect(
            second.standardError.contains(
                "cannot keep state: \(file) is in use by another process (another understudy serve --state on the same file?)"
            ), "\(second.standardError)")

        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()

        let (again, againPort) = try await start(["serve", contract.path, "--port", "0", "--state", file])
        #expect(await again.line(containing: "state: \(file) (1 session, 2 stored items)") != nil, "\(again.lines.all)")
        let read = try request(againPort, "GET /pets/\(id) HTTP/1.1")
        #expect(read.status == 200)
        #expect(read.text == rex.text)
        let listed = try request(againPort, "GET /pets HTTP/1.1")
        let names = try JSONParser.parse(bytes: Array(listed.text.utf8)).arrayValue?.compactMap {
            $0["name"]?.stringValue
        }
        #expect(names == ["Rex", "Tom"])
        again.process.terminate()
        again.process.waitUntilExit()

        // `kind` becomes an integer: the stored pets no longer fit, and are set aside, not served.
        try ServeWatchTests.contract.replacingOccurrences(of: "kind: {type: string}", with: "kind: {type: integer}")
            .write(to: contract, atomically: true, encoding: .utf8)
        let (changed, changedPort) = try await start(["serve", contract.path, "--port", "0", "--state", file])
        let said = try #require(
            await changed.line(containing: "state: the contract at / changed"), "\(changed.lines.all)")
        #expect(
            said.hasPrefix(
                "state: the contract at / changed since \(file) was written; 2 stored items no longer fit and were set aside in its quarantine table, not served (first: session 'default', /pets '"
            ), "\(said)")
        #expect(await changed.line(containing: "state: \(file) (1 session, 0 stored items)") != nil)
        #expect(try request(changedPort, "GET /pets/\(id) HTTP/1.1").status == 404)
        changed.process.terminate()
        changed.process.waitUntilExit()
    }

    /// `--watch --state` with the state file beside the contract: writes to the file are not contract changes;
    /// a changed contract is reloaded with its stored items checked as at start.
    @Test func watchingKeepsTheStateAndChecksItOnReload() async throws {
        let folder = Scratch.folder("understudy")
        let contract = folder.appendingPathComponent("openapi.yaml")
        try ServeWatchTests.contract.write(to: contract, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("state.db").path
        let (server, port) = try await start(["serve", folder.path, "--port", "0", "--state", file, "--watch"])
        #expect(await server.line(containing: "watching ") != nil)
        let rex = try request(port, "POST /pets HTTP/1.1", body: #"{"name": "Rex", "kind": "dog"}"#)
        let id = try #require(try JSONParser.parse(bytes: Array(rex.text.utf8))["id"]?.stringValue)
        try await Task.sleep(for: .milliseconds(2_500))
        #expect(server.lines.first(containing: "reloaded") == nil, "\(server.lines.all)")
        #expect(try request(port, "GET /pets/\(id) HTTP/1.1").status == 200)

        try ServeWatchTests.contract.replacingOccurrences(of: "kind: {type: string}", with: "kind: {type: integer}")
            .write(to: contract, atomically: true, encoding: .utf8)
        #expect(await server.line(containing: "reloaded ") != nil, "\(server.lines.all)")
        #expect(await server.line(containing: "1 stored item no longer fit") != nil, "\(server.lines.all)")
        #expect(try request(port, "GET /pets/\(id) HTTP/1.1").status == 404)
        server.process.terminate()
        server.process.waitUntilExit()
    }
}
