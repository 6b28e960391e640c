import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain blocking TCP connection (to 127.0.0.1 unless told otherwise) for tests that need exact bytes on the wire (pipelining,
/// HTTP/1.0, hostile input). Reads are bounded by a timeout.
public final class RawHTTPConnection {
    private let socketDescriptor: Int32
    private var buffer: [UInt8] = []

    /// A parsed response.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 60) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // Not closed here: every stored property is set, so throwing runs `deinit`, which closes it. Closing it
        // twice could close a descriptor another thread opened meanwhile under the same number (once, an event
        // loop's epoll descriptor in a test running beside this one: the loop failed and the process trapped).
        guard result == 0 else { throw Failure(description: "connect to \(host):\(port) failed") }
    }

    /// An IPv4 address of this machine that is not loopback (an Ethernet interface's), if it has one: a peer
    /// connecting to it is seen by the server under that address.
    public static func nonLoopbackAddress() -> String? {
        var interfaces: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&interfaces) == 0 else { return nil }
        defer { freeifaddrs(interfaces) }
        var cursor = interfaces
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else {
                continue
            }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let readable = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                var raw = ipv4.pointee.sin_addr
                return inet_ntop(AF_INET, &raw, &text, socklen_t(INET_ADDRSTRLEN)) != nil
            }
            let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if readable, !name.hasPrefix("127.") { return name }
        }
        return nil
    }

    deinit { close(socketDescriptor) }

    /// Sends raw bytes; returns false when the peer has closed.
    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(socketDescriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Waits up to `seconds` for the peer to close the connection (reading and dropping anything it sends);
    /// true when it did.
    public func waitForClose(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var entry = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { read(socketDescriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return true }
        }
        return false
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(socketDescriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }

    /// Reads one response (Content-Length framed, or until close).
    public func receive() throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int? = nil
        while headerEnd == nil {
            if let found = Self.find(separator, in: buffer) {
                headerEnd = found
            } else if !fill() {
                throw Failure(description: "connection closed before a response head (\(buffer.count) bytes)")
            }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        buffer.removeFirst(headerEnd! + 4)
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) }
        if let length {
            while buffer.count < length { guard fill() else { throw Failure(description: "body cut short") } }
            let body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            return Response(status: status, headers: headers, body: body)
        }
        while fill() {}
        let body = buffer
        buffer = []
        return Response(status: status, headers: headers, body: body)
    }

    /// Reads raw bytes until `marker` has arrived (for a stream that has no end: server-sent events); returns
    /// everything up to and including it.
    public func receive(until marker: String) throws -> String {
        let needle = Array(marker.utf8)
        while true {
            if let found = Self.find(needle, in: buffer) {
                let text = String(decoding: buffer[0..<(found + needle.count)], as: UTF8.self)
                buffer.removeFirst(found + needle.count)
                return text
            }
            guard fill() else {
                throw Failure(
                    description: "connection closed before \(marker.debugDescription) (\(buffer.count) bytes)")
            }
        }
    }

    /// Whether the peer has closed the connection (reads end of stream).
    public func isClosedByPeer() -> Bool { buffer.isEmpty && !fill() }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count)
        where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
