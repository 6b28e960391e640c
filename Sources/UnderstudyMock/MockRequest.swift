import UnderstudyContract

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
    public func header(_ name: String) -> String? { HeaderField.first(name, in: headers) }
}
