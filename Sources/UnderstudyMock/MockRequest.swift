/// An HTTP request as the engine sees it: no sockets, no server library types.
public struct MockRequest: Sendable {
    public var method: String
    /// The request target's path, still percent-encoded (`/pets/a%20b`).
    public var path: String
    /// The raw query string without `?`, if any.
    public var query: String?
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The prefix the contract is mounted at (`/v1`), which `path` no longer includes; links and `Location`
    /// headers put it back.
    public var mountPrefix = ""

    public init(
        method: String, path: String, query: String? = nil, headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Splits a request target (`/a/b?x=1`) into path and query.
    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        if let question = target.firstIndex(of: "?") {
            self.init(
                method: method, path: String(target[..<question]),
                query: String(target[target.index(after: question)...]),
                headers: headers, body: body)
        } else {
            self.init(method: method, path: target, headers: headers, body: body)
        }
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// ASCII case-insensitive equality of header names, without allocating lowercased copies.
    static func sameName(_ left: String, _ right: String) -> Bool {
        guard left.utf8.count == right.utf8.count else { return false }
        return zip(left.utf8, right.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
        }
    }
}
