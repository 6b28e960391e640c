import UnderstudyContract

/// An HTTP request as the engine sees it: no sockets, no server library types.
///
/// A value whose parts live in one shared object, copied on the first change through a copy that shares
/// it: a request is handed through the service, the engine and the journal, and a copy then counts one
/// reference instead of one per part.
public struct MockRequest: Sendable {
    /// Changed only through a request that holds the only reference to them (exclusivity is then known,
    /// and not checked on every access).
    private final class Parts: @unchecked Sendable {
        @exclusivity(unchecked) var method: String
        @exclusivity(unchecked) var path: String
        @exclusivity(unchecked) var query: String?
        @exclusivity(unchecked) var headers: [(name: String, value: String)]
        @exclusivity(unchecked) var body: [UInt8]
        @exclusivity(unchecked) var mountPrefix = ""
        @exclusivity(unchecked) var remoteAddress: String? = nil

        init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8]) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }

        init(copying other: Parts) {
            method = other.method
            path = other.path
            query = other.query
            headers = other.headers
            body = other.body
            mountPrefix = other.mountPrefix
            remoteAddress = other.remoteAddress
        }
    }

    private var parts: Parts

    /// The parts, made this request's own first when another copy shares them.
    private mutating func own() -> Parts {
        if !isKnownUniquelyReferenced(&parts) { parts = Parts(copying: parts) }
        return parts
    }

    public var method: String {
        get { parts.method }
        set { own().method = newValue }
    }
    /// The request target's path, still percent-encoded (`/pets/a%20b`).
    public var path: String {
        get { parts.path }
        set { own().path = newValue }
    }
    /// The raw query string without `?`, if any.
    public var query: String? {
        get { parts.query }
        set { own().query = newValue }
    }
    public var headers: [(name: String, value: String)] {
        get { parts.headers }
        set { own().headers = newValue }
    }
    public var body: [UInt8] {
        get { parts.body }
        set { own().body = newValue }
    }
    /// The prefix the contract is mounted at (`/v1`), which `path` no longer includes; links and `Location`
    /// headers put it back.
    public var mountPrefix: String {
        get { parts.mountPrefix }
        set { own().mountPrefix = newValue }
    }
    /// The peer's IP address as the server saw it (`127.0.0.1`, `::1`, `192.0.2.7`); nil for a request made
    /// in this process (the in-process transport, tests), which counts as local.
    public var remoteAddress: String? {
        get { parts.remoteAddress }
        set { own().remoteAddress = newValue }
    }

    /// Whether the request comes from this machine: in process, or from a loopback address
    /// (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6).
    public var isLocal: Bool {
        guard let address = remoteAddress?.lowercased() else { return true }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
            || address == "0:0:0:0:0:0:0:1"
    }

    public init(
        method: String, path: String, query: String? = nil, headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        parts = Parts(method: method.uppercased(), path: path, query: query, headers: headers, body: body)
    }

    /// Splits a request target (`/a/b?x=1`) into path and query.
    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        if let question = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            self.init(
                method: method, path: String(target[..<question]),
                query: String(target[target.utf8.index(after: question)...]),
                headers: headers, body: body)
        } else {
            self.init(method: method, path: target, headers: headers, body: body)
        }
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? { HeaderField.first(name, in: headers) }
}
