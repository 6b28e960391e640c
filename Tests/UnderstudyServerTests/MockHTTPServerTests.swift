import Foundation
import NIOCore
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudyServer
import UnderstudyTestSupport

/// The mock over a real socket: HTTP/1.1 keep-alive and pipelining, HTTP/1.0, mounting, the admin API, and
/// hostile input that must get a 4xx while the server keeps serving.
@Suite(.serialized) struct MockHTTPServerTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Notes, version: '1'}
        servers: [{url: 'http://localhost/api'}]
        paths:
          /notes:
            get:
              operationId: listNotes
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Note'}}}}}
            post:
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
              responses:
                '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
          /notes/{id}:
            get:
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
                '404': {description: missing}
          /session:
            post:
              responses:
                '101': {description: the connection becomes a raw stream}
        components:
          schemas:
            Note:
              type: object
              required: [text]
              properties:
                id: {type: integer, readOnly: true}
                text: {type: string}
        """

    static func withServer(
        maxBody: Int = 1_048_576, host: String = "127.0.0.1", adminToken: String? = nil,
        profile: ((inout MockProfile) -> Void)? = nil, store: StateStore = StateStore(),
        _ body: (Int) async throws -> Void
    ) async throws {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        var mockProfile: MockProfile? = nil
        if let profile {
            var made = MockProfile(file: "mock.yaml", contractPath: "openapi.yaml")
            profile(&made)
            mockProfile = made
        }
        let mount = MountedContract(
            prefix: contract.servers[0].basePath,
            engine: MockEngine(contract: contract, store: store, profile: mockProfile))
        let service = MockService(mounts: [mount], store: store, adminToken: adminToken)
        let server = MockHTTPServer(
            service: service, configuration: HTTPServerConfiguration(host: host, port: 0, maxBodyBytes: maxBody),
            threads: 2)
        let channel = try await server.start()
        let port = try #require(channel.localAddress?.port)
        do {
            try await body(port)
        } catch {
            try? await channel.close()
            try await server.shutdown()
            throw error
        }
        try await channel.close()
        try await server.shutdown()
    }

    static func post(_ text: String, path: String = "/api/notes", version: String = "1.1", extra: String = "") -> String
    {
        "POST \(path) HTTP/\(version)\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(text.utf8.count)\r\n\(extra)\r\n\(text)"
    }

    @Test func keepAliveAndPipelining() async throws {
        try await Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            // Three requests in one write: answers come back in order on the same connection.
            connection.send(
                Self.post("{\"text\":\"a\"}") + Self.post("{\"text\":\"b\"}")
                    + "GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try connection.receive()
            let second = try connection.receive()
            let list = try connection.receive()
            #expect(first.status == 201)
            #expect(second.status == 201)
            #expect(list.status == 200)
            #expect(list.text.contains("\"text\":\"a\"") && list.text.contains("\"text\":\"b\""))
            #expect(first.header("Location") == "/api/notes/1")
            // The connection stays open for more.
            connection.send("GET /api/notes/2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try connection.receive().text.contains("\"id\":2"))
        }
    }

    @Test func a101IsFollowedByClosingTheConnection() async throws {
        // Found by Schemathesis on Docker's POST /session: a mock cannot switch protocols, so after the
        // declared 101 the connection closes instead of leaving the client waiting.
        try await Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send(
                "POST /api/session HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
                    + "Content-Length: 0\r\n\r\n")
            let response = try connection.receive()
            #expect(response.status == 101)
            #expect(response.header("Upgrade") == "h2c")
            #expect(response.header("Connection") == "close")
            #expect(connection.isClosedByPeer())
        }
    }

    @Test func a101OperationCalledWithoutUpgradeIsRefusedAndTheConnectionStays() async throws {
        // Schemathesis again: a request that asks for no upgrade must not get a 101 (RFC 9110 7.8).
        try await Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            let response = try connection.receive()
            #expect(response.status == 400)
            connection.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try connection.receive().status == 200)
        }
    }

    @Test func profileLatencyAndWireFaultsHappenOnTheWire() async throws {
        let everything = OperationSelector()
        try await Self.withServer(profile: { profile in
            profile.latencies = [Latency(selector: everything, distribution: .fixed(0.15))]
        }) { port in
            let connection = try RawHTTPConnection(port: port)
            let started = Date()
            connection.send("GET /api/notes HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try connection.receive().status == 200)
            #expect(Date().timeIntervalSince(started) >= 0.15)
            // The same connection keeps working after a delayed answer.
            connection.send("GET /api/notes HTTP/1.1\r\nHost: x\r\nX-Understudy-Fault: off\r\n\r\n")
            #expect(try connection.receive().status == 200)
            let closed = try RawHTTPConnection(port: port)
            closed.send("GET /api/notes HTTP/1.1\r\nHost: x\r\nX-Understudy-Fault: close\r\n\r\n")
            #expect(throws: (any Error).self) { try closed.receive() }
            let cut = try RawHTTPConnection(port: port)
            cut.send("GET /api/notes HTTP/1.1\r\nHost: x\r\nX-Understudy-Fault: truncate\r\n\r\n")
            #expect(throws: (any Error).self) { try cut.receive() }
        }
    }

    @Test func aClientThatExpectsContinueGetsItBeforeSendingItsBody() async throws {
        try await Self.withServer(maxBody: 1024) { port in
            let connection = try RawHTTPConnection(port: port)
            let body = "{\"text\":\"after the 100\"}"
            connection.send(
                "POST /api/notes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nExpect: 100-Continue\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n")
            #expect(try connection.receive(until: "\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n")
            connection.send(body)
            let created = try connection.receive()
            #expect(created.status == 201)
            #expect(created.text.contains("after the 100"))
            // A body declared over the limit gets its 413 at once, not a 100.
            let refused = try RawHTTPConnection(port: port)
            refused.send(
                "POST /api/notes HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            #expect(try refused.receive().status == 413)
            // HTTP/1.0 knows no 100 Continue: the answer comes after the body.
            let old = try RawHTTPConnection(port: port)
            old.send(Self.post(body, version: "1.0", extra: "Expect: 100-continue\r\n"))
            let answer = try old.receive()
            #expect(answer.status == 201)
        }
    }

    @Test func aDelayedAnswerIsNotOvertakenByTheNextPipelinedRequest() async throws {
        // The list waits 0.2 s; the create pipelined behind it has no delay, but its answer must come second,
        // and it is not even read until the list's answer is out (the list holds no note).
        try await Self.withServer(profile: { profile in
            profile.latencies = [
                Latency(selector: OperationSelector(operationId: "listNotes"), distribution: .fixed(0.2))
            ]
        }) { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send(
                "GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n" + Self.post("{\"text\":\"a\"}")
                    + "GET /api/notes/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            let list = try connection.receive()
            #expect(list.status == 200)
            #expect(list.text == "[]")
            let created = try connection.receive()
            #expect(created.status == 201)
            #expect(try connection.receive().text.contains("\"text\":\"a\""))
        }
    }

    /// A state file that takes its time: each write waits at a gate the test opens.
    final class SlowStateFile: StatePersistence {
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)

        func load() throws(StatePersistenceError) -> SavedState { SavedState() }

        func write(_ changes: [StateChange]) throws(StatePersistenceError) {
            entered.signal()
            gate.wait()
        }
    }

    /// With a state file, a create is answered once its change is written (the event loop writes the state
    /// file's log itself), and the request pipelined behind it on its connection is answered after it, in
    /// order.
    @Test func aStateFileWriteHoldsItsAnswer() async throws {
        let file = SlowStateFile()
        try await Self.withServer(store: try StateStore(persistence: file)) { port in
            // However this ends, no write stays held: a held one would hold the server's shutdown.
            defer { file.gate.signal() }
            let writer = try RawHTTPConnection(port: port, timeoutSeconds: 1)
            writer.send(Self.post("{\"text\":\"a\"}") + "GET /api/notes/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(file.entered.wait(timeout: .now() + 10) == .success)
            // Nothing is answered while the write is held.
            #expect(throws: RawHTTPConnection.Failure.self) { try writer.receive() }
            file.gate.signal()
            let created = try writer.receive()
            #expect(created.status == 201)
            #expect(created.header("Location") == "/api/notes/1")
            #expect(try writer.receive().text.contains("\"text\":\"a\""))
        }
    }

    @Test func theJournalStreamsAsChunkedServerSentEvents() async throws {
        try await Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("GET /__understudy/events HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try connection.receive(until: "\r\n\r\n")
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(head.contains("Transfer-Encoding: chunked\r\n"))
            #expect(head.contains("Content-Type: text/event-stream\r\n"))
            #expect(!head.contains("Content-Length"))
            #expect(try connection.receive(until: "\n\n\r\n") == "d\r\nretry: 2000\n\n\r\n")
            // A request on another connection shows up in the stream as one chunk.
            let other = try RawHTTPConnection(port: port)
            other.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.receive().status == 200)
            let event = try connection.receive(until: "\n\n\r\n")
            #expect(event.contains("event: request\ndata: {"))
            #expect(event.contains("/api/notes"))
        }
    }

    /// A profile whose list answers carry `X-Echo` with the query parameter `q` (as templates read it).
    static func echoingQueryParameterQ(_ profile: inout MockProfile) {
        var rule = OperationRule(operationId: "listNotes")
        rule.headers = ["X-Echo": "{{ request.query.q }}"]
        profile.operations["listNotes"] = rule
    }

    @Test func aHeaderThatWouldSplitTheHeadIsLeftOut() async throws {
        // A profile's header filled from the query: `%0D%0A` decodes to a line break, which must not start a
        // header of the caller's choosing; the answer still goes out, without that header.
        try await Self.withServer(profile: Self.echoingQueryParameterQ) { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("GET /api/notes?q=a%0D%0ASet-Cookie:%20stolen HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try connection.receive()
            #expect(response.status == 200)
            #expect(response.header("X-Echo") == nil)
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.header("Server") == "understudy")
            // The connection goes on, and a plain value is written.
            connection.send("GET /api/notes?q=plain HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try connection.receive().header("X-Echo") == "plain")
        }
    }

    /// A template reads a repeated query parameter's first value, whether few names come before the repeat
    /// or many (names are told apart by looking among those taken, and past sixteen in a set).
    @Test func aRepeatedQueryParameterReadsItsFirstValue() async throws {
        try await Self.withServer(profile: Self.echoingQueryParameterQ) { port in
            let connection = try RawHTTPConnection(port: port)
            let many = (1...20).map { "a\($0)=\($0)" }.joined(separator: "&")
            for (query, expected) in [
                ("q=first&b=1&q=second", "first"), ("\(many)&q=first&q=second", "first"),
                ("q=first&\(many)&q=second", "first"), ("\(many)&a3=x&q=only", "only"),
            ] {
                connection.send("GET /api/notes?\(query) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try connection.receive().header("X-Echo") == expected, "\(query)")
            }
        }
    }

    @Test func http10ClosesUnlessKeptAlive() async throws {
        try await Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("GET /api/notes HTTP/1.0\r\n\r\n")
            let response = try connection.receive()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(connection.isClosedByPeer())
            let kept = try RawHTTPConnection(port: port)
            kept.send("GET /api/notes HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.receive().header("Connection") == "keep-alive")
            kept.send("GET /api/notes HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.receive().status == 200)
        }
    }

    @Test func unknownPathWrongMethodAndAdmin() async throws {
        try await Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send("GET /elsewhere HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try connection.receive().status == 404)
            connection.send("DELETE /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            let wrong = try connection.receive()
            #expect(wrong.status == 405)
            #expect(wrong.header("Allow") == "GET, HEAD, POST")
            connection.send("GET /__understudy/health HTTP/1.1\r\nHost: t\r\n\r\n")
            let health = try connection.receive()
            #expect(health.status == 200)
            #expect(health.text.contains("\"mount\":\"/api\""))
            connection.send(Self.post("{\"text\":\"x\"}"))
            _ = try connection.receive()
            connection.send("GET /__understudy/requests?limit=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try connection.receive().text.contains("\"status\":201"))
            connection.send("POST /__understudy/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(try connection.receive().status == 200)
            connection.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try connection.receive().text == "[]")
        }
    }

    /// The handler gives the engine the peer's real address: over loopback the admin API answers; from the
    /// machine's own Ethernet address (not loopback) it is a 404, unless the request carries the admin token.
    @Test func theAdminAPIAnswersLoopbackPeersOrTheToken() async throws {
        let external = RawHTTPConnection.nonLoopbackAddress()
        if external == nil, ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("this machine has no non-loopback IPv4 address to connect from")
        }
        try await Self.withServer(host: "0.0.0.0") { port in
            let local = try RawHTTPConnection(port: port)
            local.send("GET /__understudy/health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try local.receive().status == 200)
            guard let external else { return }
            let remote = try RawHTTPConnection(port: port, host: external)
            remote.send("GET /__understudy/health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try remote.receive().status == 404)
            remote.send("POST /__understudy/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(try remote.receive().status == 404)
            remote.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try remote.receive().status == 200)
        }
        guard let external else { return }
        try await Self.withServer(host: "0.0.0.0", adminToken: "tok-123") { port in
            let remote = try RawHTTPConnection(port: port, host: external)
            remote.send("GET /__understudy/health HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok-123\r\n\r\n")
            #expect(try remote.receive().status == 200)
            let local = try RawHTTPConnection(port: port)
            local.send("GET /__understudy/health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try local.receive().status == 404)
        }
    }

    @Test func oversizedBodiesGet413AndTheServerKeepsServing() async throws {
        try await Self.withServer(maxBody: 1024) { port in
            let declared = try RawHTTPConnection(port: port)
            // A 1 GB upload announced by Content-Length is refused before any of it is read.
            declared.send(
                "POST /api/notes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{"
            )
            let refused = try declared.receive()
            #expect(refused.status == 413)
            #expect(refused.text.contains("larger than the 1024-byte limit"))
            let streamed = try RawHTTPConnection(port: port)
            streamed.send(
                "POST /api/notes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            for _ in 0..<4 { streamed.send("200\r\n" + String(repeating: "x", count: 512) + "\r\n") }
            #expect(try streamed.receive().status == 413)
            let healthy = try RawHTTPConnection(port: port)
            healthy.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try healthy.receive().status == 200)
        }
    }

    @Test func hostileInputGets4xxAndTheServerKeepsServing() async throws {
        try await Self.withServer { port in
            let flood = try RawHTTPConnection(port: port)
            var request = "GET /api/notes HTTP/1.1\r\nHost: t\r\n"
            for index in 0..<20_000 { request += "X-Flood-\(index): \(String(repeating: "v", count: 40))\r\n" }
            flood.send(request + "\r\n")
            // The answer may be lost to a reset (the server closes while the client still sends); if it
            // arrives, it is a 431.
            let flooded = try? flood.receive()
            #expect(flooded.map { $0.status == 431 } ?? true)

            let garbage = try RawHTTPConnection(port: port)
            garbage.send("THIS IS NOT HTTP\r\n\r\n")
            let rejected = try garbage.receive()
            #expect(rejected.status == 400)
            #expect(rejected.header("Connection") == "close")
            #expect(rejected.header("Content-Type") == "application/problem+json")
            #expect(rejected.text.contains("\"detail\":\"the request is not valid HTTP/1.1 (invalid HTTP method)\""))
            #expect(garbage.isClosedByPeer())

            // A malformed request behind a good one: the good one is answered, then the 400.
            let behind = try RawHTTPConnection(port: port)
            behind.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\nGET /api/notes HTTP/1.1\r\nHost t\r\n\r\n")
            #expect(try behind.receive().status == 200)
            #expect(try behind.receive().status == 400)

            let invalid = try RawHTTPConnection(port: port)
            invalid.send(Self.post("{\"text\": 12}"))
            #expect(try invalid.receive().status == 400)
            invalid.send(Self.post("{\"text\": \"\\ud800\"}"))
            #expect(try invalid.receive().status == 400)
            invalid.send("GET /api/notes/%2e%2e%2f%2e%2e HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try invalid.receive().status == 400)
            invalid.send("GET /api/notes/1%00 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try invalid.receive().status == 400)

            let healthy = try RawHTTPConnection(port: port)
            healthy.send("GET /api/notes HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try healthy.receive().status == 200)
        }
    }
}
