import Foundation
import Testing
import UnderstudyTestSupport

/// `understudy serve` holds up against clients that never finish: 10,000 half-sent requests do not stop a
/// new client from being served, and they are closed once the header timeout passes; a kept-alive
/// connection that goes quiet is closed after the idle timeout.
@Suite(.serialized) struct ServeConnectionTests {
    /// The slow clients, in a process of their own (Python's standard library): 10,000 open sockets in the
    /// test process itself would be inherited by, and break, every process another test starts meanwhile.
    /// Prints one JSON object: how many connections were opened, the new client's status and wait, how many
    /// half-sent requests the server closed and when the last closed, and what a quiet kept-alive connection
    /// saw.
    static let clients = #"""
        import json, resource, selectors, socket, sys, time
        port = int(sys.argv[1])
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        def request(sock):
            sock.sendall(b"GET /pets HTTP/1.1\r\nHost: t\r\nX-Api-Key: k\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk: return 0
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
            while len(rest) < length: rest += sock.recv(65536)
            return int(head.split(b" ")[1])
        half = []
        for _ in range(10000):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /pets HTTP/1.1\r\nHost: slow\r\nX-Api-Key: k\r\n")
            half.append(s)
        started = time.time()
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        status = request(client)
        served = time.time() - started
        selector = selectors.DefaultSelector()
        for s in half:
            s.setblocking(False)
            selector.register(s, selectors.EVENT_READ)
        closed, last = 0, 0.0
        deadline = time.time() + 15
        while closed < len(half) and time.time() < deadline:
            for key, _ in selector.select(timeout=0.2):
                try:
                    gone = key.fileobj.recv(64) == b""
                except (ConnectionResetError, BlockingIOError) as error:
                    gone = not isinstance(error, BlockingIOError)
                if gone:
                    selector.unregister(key.fileobj); closed += 1; last = time.time() - started
        quiet = socket.create_connection(("127.0.0.1", port), timeout=10)
        statuses = [request(quiet)]
        time.sleep(1)
        statuses.append(request(quiet))
        idle_since = time.time()
        try:
            idle_closed = quiet.recv(64) == b""
        except ConnectionResetError:
            idle_closed = True
        print(json.dumps({"opened": len(half), "status": status, "served": served, "closed": closed,
                          "last_closed": last, "statuses": statuses, "idle_closed": idle_closed,
                          "idle": time.time() - idle_since}))
        """#

    @Test func tenThousandHalfSentRequestsNeitherBlockNorLinger() async throws {
        let folder = Scratch.folder("understudy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent("openapi.yaml")
        try ServeWatchTests.contract.write(to: spec, atomically: true, encoding: .utf8)
        let server = try ServeWatchTests.Server([
            "serve", spec.path, "--port", "0", "--header-timeout", "4s", "--idle-timeout", "2s",
        ])
        defer { server.process.terminate() }
        let line = try #require(await server.line(containing: "serving "), "\(server.lines.all)")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        let run = try await CommandRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.clients, String(port)])
        let parsed = try? JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        let report = try #require(parsed, "\(run.standardOutput)\(run.standardError)")
        // 10,000 half-sent requests are all open, and a new client is served at once.
        #expect(report["opened"] as? Int == 10_000)
        #expect(report["status"] as? Int == 200)
        #expect((report["served"] as? Double ?? 99) < 3)
        // Every half-sent request is closed: by the header timeout, or beyond the cap to make room.
        #expect(report["closed"] as? Int == 10_000)
        #expect((report["last_closed"] as? Double ?? 99) < 12)
        // A kept-alive connection that goes quiet is closed after the idle timeout, not before.
        #expect(report["statuses"] as? [Int] == [200, 200])
        #expect(report["idle_closed"] as? Bool == true)
        let idle = report["idle"] as? Double ?? 0
        #expect(idle >= 1.5 && idle < 6, "closed after \(idle) s")
    }
}
