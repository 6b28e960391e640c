/// The URLs of a list's other pages: the request's own URL with its paging parameters (offset, page, cursor,
/// limit) replaced, the other query parameters kept in their order and the replaced ones appended by name.
/// What every page's URL shares (scheme, host, mount, path and the kept parameters, percent-encoded) is put
/// together once per answer; each URL then only appends its paging values.
struct PageAddress {
    /// What a paging parameter carries.
    enum Role { case offset, page, cursor, limit }

    /// `http://host/mount/path`.
    private let base: String
    /// The query parameters that are not replaced, encoded and joined with `&`.
    private let kept: String
    /// The paging parameters, sorted by name (the order they are appended in).
    private let paging: [(name: String, role: Role)]
    /// The number of the first page (0 when the page parameter's minimum is 0, else 1).
    private let firstPage: Int

    /// The pages of a list answered at `host`, `mountPrefix` and `path` with `query`, whose paging parameters
    /// are `parameters` (in the order offset, page, cursor, limit; one parameter playing two parts takes the
    /// later one).
    init(
        host: String, mountPrefix: String, path: String, query: [(name: String, value: String)],
        parameters: [(role: Role, name: String?)], firstPage: Int
    ) {
        var roles: [String: Role] = [:]
        for case let (role, name?) in parameters { roles[name] = role }
        paging = roles.map { (name: $0.key, role: $0.value) }.sorted { $0.name < $1.name }
        base = "http://" + host + mountPrefix + path
        kept = Self.encodedQuery(query.filter { roles[$0.name] == nil })
        self.firstPage = firstPage
    }

    /// The URL of the page that starts at `offset` and holds `limit` items.
    func url(offset: Int, limit: Int) -> String {
        let values = paging.map { name, role -> (name: String, value: String) in
            switch role {
            case .offset: return (name, String(offset))
            case .page: return (name, String(offset / max(limit, 1) + firstPage))
            case .cursor: return (name, ResourceBehaviour.encodeCursor(offset))
            case .limit: return (name, String(limit))
            }
        }
        return Self.url(base, kept: kept, then: Self.encodedQuery(values))
    }

    /// `host`, `mountPrefix` and `path` with `query`, its parameters named in `replacing` given those values
    /// (appended by name).
    static func url(
        host: String, mountPrefix: String, path: String, query: [(name: String, value: String)],
        replacing: [String: String]
    ) -> String {
        let replaced = replacing.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        return url(
            "http://" + host + mountPrefix + path, kept: encodedQuery(query.filter { replacing[$0.name] == nil }),
            then: encodedQuery(replaced))
    }

    /// `base` with the encoded query parts `kept` and `replaced` (either may be empty).
    private static func url(_ base: String, kept: String, then replaced: String) -> String {
        let query = kept.isEmpty ? replaced : replaced.isEmpty ? kept : kept + "&" + replaced
        return query.isEmpty ? base : base + "?" + query
    }

    private static func encodedQuery(_ pairs: [(name: String, value: String)]) -> String {
        var query = ""
        for (name, value) in pairs {
            if !query.isEmpty { query += "&" }
            query += encoded(name)
            query += "="
            query += encoded(value)
        }
        return query
    }

    /// `text` percent-encoded for a query name or value (see ``PercentEncoding/keptInQuery(_:)``).
    static func encoded(_ text: String) -> String {
        PercentEncoding.encoded(text, keeping: PercentEncoding.keptInQuery)
    }
}
