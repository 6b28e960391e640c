import UnderstudyContract

/// An HTTP request as the engine sees it: no sockets, no server library types. Its parts are shared
/// between copies until one changes (``SharedMembers``): a request is handed through the service, the
/// engine and the journal.
public struct MockRequest: Sendable {
    private struct Members: Sendable {
        var method: String
        var path: String
        var query: String?
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var mountPrefix: String = ""
        var remoteAddress: String? = nil
    }

    private var shared: SharedMembers<Members>

    public var method: String {
        get { shared.members.method }
        set { shared.members.method = newValue }
    }
    /// The request target's path, still percent-encoded (`/pets/a%20b`).
    public var path: String {
        get { shared.members.path }
        set { shared.members.path = newValue }
    }
    /// The raw query string without `?`, if any.
    public var query: String? {
        get { shared.members.query }
        set { shared.members.query = newValue }
    }
    public var headers: [(name: String, value: String)] {
        get { shared.members.headers }
        set { shared.members.headers = newValue }
    }
    public var body: [UInt8] {
        get { shared.members.body }
        set { shared.members.body = newValue }
    }
    /// The prefix the contract is mounted at (`/v1`), which `path` no longer includes; links and `Location`
    /// headers put it back.
    public var mountPrefix: String {
        get { shared.members.mountPrefix }
        set { shared.members.mountPrefix = newValue }
    }
    /// The peer's IP address as the server saw it (`127.0.0.1`, `::1`, `192.0.2.7`); nil for a request made
    /// in this process (the in-process transport, tests), which counts as local.
    public var remoteAddress: String? {
        get { shared.members.remoteAddress }
        set { shared.members.remoteAddress = newValue }
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
        shared = SharedMembers(
            Members(method: method.uppercased(), path: path, query: query, headers: headers, body: body))
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
