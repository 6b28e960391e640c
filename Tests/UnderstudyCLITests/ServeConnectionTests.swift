import Foundation
import Testing
import UnderstudyTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `understudy serve` holds up against clients that never finish: 10,000 half-sent requests do not stop a
/// new client from being served, and they are closed once the header timeout passes; a kept-alive
/// connection that goes quiet is closed after the idle timeout.
@Suite(.serialized) struct ServeConnectionTests {
    /// Raises this process's soft file limit to its hard one; returns the limit in force.
    static func raiseFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return Int(min(limit.rlim_cur, rlim_t(Int32.max)))
    }

    /// A connected TCP socket to 127.0.0.1:`port`, or -1.
    static func connectSocket(_ port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            close(descriptor)
            return -1
        }
        return descriptor
    }

    /// How many of `sockets` the server has closed (readable with end of file, or reset), waiting up to
    /// `seconds` for all of them.
    static func closedByServer(_ sockets: [Int32], within seconds: Double) -> Int {
        var open = Set(sockets)
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 64)
        repeat {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&polled, nfds_t(polled.count), 200)
            for entry in polled where entry.revents != 0 {
                let read = recv(entry.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { open.remove(entry.fd) }
            }
        } while !open.isEmpty && Date() < deadline
        return sockets.count - open.count
    }

    @Test func tenThousandHalfSentRequestsNeitherBlockNorLinger() async throws {
        let limit = Self.raiseFileLimit()
        try #require(limit >= 10_200, "the test needs 10,200 open files; ulimit -n is \(limit)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent("openapi.yaml")
        try ServeWatchTests.contract.write(to: spec, atomically: true, encoding: .utf8)
        let server = try ServeWatchTests.Server([
            "serve", spec.path, "--port", "0", "--header-timeout", "4s", "--idle-timeout", "2s",
        ])
        defer { server.process.terminate() }
        let line = try #require(await server.line(containing: "serving "), "\(server.lines.all)")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })

        // The socket work blocks: it runs on threads of its own (see Blocking).
        let halfSent = try await Blocking.run {
            var sockets: [Int32] = []
            let partial = Array("GET /pets HTTP/1.1\r\nHost: slow\r\nX-Api-Key: k\r\n".utf8)
            for _ in 0..<10_000 {
                let socket = Self.connectSocket(port)
                guard socket >= 0 else { break }
                sockets.append(socket)
                _ = partial.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            return sockets
        }
        defer { for socket in halfSent { close(socket) } }
        #expect(halfSent.count == 10_000)
        // A new client is served at once.
        let (status, seconds) = try await Blocking.run {
            let started = Date()
            let client = try RawHTTPConnection(port: port, timeoutSeconds: 10)
            client.send("GET /pets HTTP/1.1\r\nHost: t\r\nX-Api-Key: k\r\n\r\n")
            return (try client.receive().status, Date().timeIntervalSince(started))
        }
        #expect(status == 200)
        #expect(seconds < 3)
        // Every half-sent request is closed by the header timeout (or, beyond the cap, to make room).
        let closed = try await Blocking.run { Self.closedByServer(halfSent, within: 15) }
        #expect(closed == 10_000)
        // A kept-alive connection that goes quiet is closed after the idle timeout, not before.
        let (statuses, closedQuietly, idle) = try await Blocking.run {
            let quiet = try RawHTTPConnection(port: port, timeoutSeconds: 10)
            quiet.send("GET /pets HTTP/1.1\r\nHost: t\r\nX-Api-Key: k\r\n\r\n")
            let first = try quiet.receive().status
            Thread.sleep(forTimeInterval: 1)
            quiet.send("GET /pets HTTP/1.1\r\nHost: t\r\nX-Api-Key: k\r\n\r\n")
            let second = try quiet.receive().status
            let idleSince = Date()
            let closed = quiet.waitForClose(seconds: 10)
            return ([first, second], closed, Date().timeIntervalSince(idleSince))
        }
        #expect(statuses == [200, 200])
        #expect(closedQuietly)
        #expect(idle >= 1.5 && idle < 6, "closed after \(idle) s")
    }
}
