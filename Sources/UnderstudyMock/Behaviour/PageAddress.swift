/// The URLs of a list's other pages: the request's own URL with its paging parameters (offset, page, cursor,
/// limit) replaced, the other query parameters kept in their order and the replaced ones appended by name.
/// What every page's URL shares (scheme, host, mount, path and the kept parameters, percent-encoded) is put
/// together once per answer, as bytes; each URL then only appends its paging values.
struct PageAddress {
    /// What a paging parameter carries.
    enum Role { case offset, page, cursor, limit }

    /// `http://host/mount/path`, with `?`, the query parameters that are not replaced (encoded and joined
    /// with `&`) and a `&` when paging parameters follow them: every page's URL starts with it.
    private let prefix: [UInt8]
    /// The paging parameters.
    private let paging: Paging
    /// The number of the first page (0 when the page parameter's minimum is 0, else 1).
    private let firstPage: Int

    /// A list's paging parameters, sorted by name (the order they are appended in), with their names
    /// encoded: the same for every answer of the list, so worked out once (see ``ListShape``).
    struct Paging {
        fileprivate let parameters: [(name: String, encoded: [UInt8], role: Role)]

        /// `parameters` in the order offset, page, cursor, limit; one parameter playing two parts takes the
        /// later one.
        init(_ parameters: [(role: Role, name: String?)]) {
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
            self.parameters = named.map {
                (name: $0.name, encoded: Array(PageAddress.encoded($0.name).utf8), role: $0.role)
            }
        }
    }

    /// The pages of a list answered at `host`, `mountPrefix` and `path` with `query`, whose paging parameters
    /// are `parameters` (in the order offset, page, cursor, limit; one parameter playing two parts takes the
    /// later one).
    init(
        host: String, mountPrefix: String, path: String, query: [(name: String, value: String)],
        parameters: [(role: Role, name: String?)], firstPage: Int
    ) {
        self.init(
            host: host, mountPrefix: mountPrefix, path: path, query: query, paging: Paging(parameters),
            firstPage: firstPage)
    }

    /// The pages of a list answered at `host`, `mountPrefix` and `path` with `query`, paged by `paging`.
    init(
        host: String, mountPrefix: String, path: String, query: [(name: String, value: String)], paging: Paging,
        firstPage: Int
    ) {
        let named = paging.parameters
        self.paging = paging
        var prefix: [UInt8] = []
        var length = 24 + host.utf8.count + mountPrefix.utf8.count + path.utf8.count
        for (name, value) in query { length += name.utf8.count + value.utf8.count + 2 }
        prefix.reserveCapacity(length)
        prefix.append(contentsOf: "http://".utf8)
        prefix.append(contentsOf: host.utf8)
        prefix.append(contentsOf: mountPrefix.utf8)
        prefix.append(contentsOf: path.utf8)
        if !query.isEmpty || !named.isEmpty { prefix.append(UInt8(ascii: "?")) }
        var kept = false
        for (name, value) in query where !named.contains(where: { $0.name == name }) {
            if kept { prefix.append(UInt8(ascii: "&")) }
            kept = true
            PercentEncoding.append(name, keeping: PercentEncoding.keptInQuery, to: &prefix)
            prefix.append(UInt8(ascii: "="))
            PercentEncoding.append(value, keeping: PercentEncoding.keptInQuery, to: &prefix)
        }
        if kept, !named.isEmpty { prefix.append(UInt8(ascii: "&")) }
        self.prefix = prefix
        self.firstPage = firstPage
    }

    /// The URL of the page that starts at `offset` and holds `limit` items.
    func url(offset: Int, limit: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prefix.count + paging.parameters.count * 24)
        append(offset: offset, limit: limit, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the URL of the page that starts at `offset` and holds `limit` items to `bytes`: the shared
    /// prefix, then each paging parameter's value (numbers need no encoding; a cursor is encoded).
    func append(offset: Int, limit: Int, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: prefix)
        for index in paging.parameters.indices {
            if index > 0 { bytes.append(UInt8(ascii: "&")) }
            bytes.append(contentsOf: paging.parameters[index].encoded)
            bytes.append(UInt8(ascii: "="))
            switch paging.parameters[index].role {
            case .offset: Self.appendDecimal(offset, to: &bytes)
            case .page: Self.appendDecimal(offset / max(limit, 1) + firstPage, to: &bytes)
            case .cursor:
                PercentEncoding.append(
                    ResourceBehaviour.encodeCursor(offset), keeping: PercentEncoding.keptInQuery, to: &bytes)
            case .limit: Self.appendDecimal(limit, to: &bytes)
            }
        }
    }

    /// Where the pages around one page start (as offsets); nil where there is no such page.
    struct Neighbours {
        var next: Int?
        var last: Int?
        var previous: Int?
        var first: Int?

        /// The pages around the one holding items `offset..<end` of `total`, `limit` to a page.
        init(offset: Int, end: Int, limit: Int, total: Int) {
            if end < total {
                next = end
                last = ((total - 1) / max(limit, 1)) * max(limit, 1)
            }
            if offset > 0 {
                previous = max(0, offset - limit)
                first = 0
            }
        }
    }

    /// The value of an RFC 8288 `Link` header pointing at the pages `pages` names (as GitHub sends: next,
    /// last, prev, first); nil when there is no other page.
    func linkHeader(_ pages: Neighbours, limit: Int) -> String? {
        var header: [UInt8] = []
        for (rel, offset) in [
            ("next", pages.next), ("last", pages.last), ("prev", pages.previous), ("first", pages.first),
        ] {
            guard let offset else { continue }
            if header.isEmpty {
                header.reserveCapacity(4 * (prefix.count + paging.parameters.count * 24 + 16))
            } else {
                header.append(UInt8(ascii: ",")); header.append(UInt8(ascii: " "))
            }
            header.append(UInt8(ascii: "<"))
            append(offset: offset, limit: limit, to: &header)
            header.append(contentsOf: ">; rel=\"".utf8)
            header.append(contentsOf: rel.utf8)
            header.append(UInt8(ascii: "\""))
        }
        return header.isEmpty ? nil : String(decoding: header, as: UTF8.self)
    }

    /// Appends the decimal digits of `value` (no `String` in between).
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // Counted first, then written from the last digit back in place: reversing a slice of `bytes`
        // afterwards cost more than the digits themselves.
        var count = 1
        var rest = magnitude / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var position = bytes.count - 1
        while magnitude > 0 {
            bytes[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            position -= 1
        }
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
