/// The URLs of a list's other pages: the request's own URL with its paging parameters (offset, page, cursor,
/// limit) replaced, the other query parameters kept in their order and the replaced ones appended by name.
/// What every page's URL shares (scheme, host, mount, path and the kept parameters, percent-encoded) is put
/// together once per answer; each URL then only appends its paging values.
struct PageAddress {
    /// What a paging parameter carries.
    enum Role { case offset, page, cursor, limit }

    /// `http://host/mount/path`, with `?`, the query parameters that are not replaced (encoded and joined
    /// with `&`) and a `&` when paging parameters follow them: every page's URL starts with it.
    private let prefix: String
    /// The paging parameters, sorted by name (the order they are appended in), their names encoded.
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
        // At most four names: a list, not a dictionary.
        var named: [(name: String, role: Role)] = []
        for case let (role, name?) in parameters {
            if let index = named.firstIndex(where: { $0.name == name }) {
                named[index].role = role
            } else {
                named.append((name, role))
            }
        }
        named.sort { $0.name < $1.name }
        paging = named.map { (name: Self.encoded($0.name), role: $0.role) }
        let kept = Self.encodedQuery(query.filter { pair in !named.contains { $0.name == pair.name } })
        var prefix = "http://"
        prefix.reserveCapacity(16 + host.utf8.count + mountPrefix.utf8.count + path.utf8.count + kept.utf8.count)
        prefix += host
        prefix += mountPrefix
        prefix += path
        if !kept.isEmpty || !named.isEmpty { prefix += "?" }
        prefix += kept
        if !kept.isEmpty, !named.isEmpty { prefix += "&" }
        self.prefix = prefix
        self.firstPage = firstPage
    }

    /// The URL of the page that starts at `offset` and holds `limit` items: the shared prefix, then each
    /// paging parameter's value (numbers need no encoding; a cursor is encoded), appended in place.
    func url(offset: Int, limit: Int) -> String {
        var url = prefix
        url.reserveCapacity(prefix.utf8.count + paging.count * 24)
        for index in paging.indices {
            if index > 0 { url += "&" }
            url += paging[index].name
            url += "="
            switch paging[index].role {
            case .offset: url += String(offset)
            case .page: url += String(offset / max(limit, 1) + firstPage)
            case .cursor: url += Self.encoded(ResourceBehaviour.encodeCursor(offset))
            case .limit: url += String(limit)
            }
        }
        return url
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
