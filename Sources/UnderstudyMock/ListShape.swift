import UnderstudyContract
import UnderstudySchema

/// How a list operation pages and wraps its items, read from its own parameters and response schema.
/// Worked out once per operation and never changed after: shared, not copied, by every list answer (a
/// copy of its two dozen names and sets counted a reference for each). Its members are set only while it
/// is made, so their exclusivity is not checked on every read.
final class ListShape: @unchecked Sendable {
    /// The property holding the array (`results`, `items`, `data` ...), or nil for a bare array.
    @exclusivity(unchecked) private(set) var arrayKey: String?
    @exclusivity(unchecked) private(set) var itemSchema: SchemaNode?
    @exclusivity(unchecked) private(set) var countKey: String?
    @exclusivity(unchecked) private(set) var nextKey: String?
    @exclusivity(unchecked) private(set) var previousKey: String?
    @exclusivity(unchecked) private(set) var hasMoreKey: String?
    /// `next`/`previous` members that hold a page number or offset (integers) rather than a URL or token.
    @exclusivity(unchecked) private(set) var integerLinkKeys: Set<String> = []
    /// `next`/`previous` members that may be null (when there is no such page); others are left out.
    @exclusivity(unchecked) private(set) var nullableLinkKeys: Set<String> = []
    /// A `links`/`_links` object whose `next`, `prev`, `first` and `last` (directly, or inside `pages`)
    /// point at other pages.
    @exclusivity(unchecked) private(set) var linksKey: String?
    /// The members the links object declares (`next`, `pages` ...).
    @exclusivity(unchecked) private(set) var linkNames: Set<String> = []
    /// A `_meta`-like object with page, total_pages, records, per_page.
    @exclusivity(unchecked) private(set) var metaKey: String?
    /// The members of the `_meta`-like object, each by the part it plays.
    @exclusivity(unchecked) private(set) var metaKeys = MetaMembers()

    @exclusivity(unchecked) private(set) var limitParameter: String?
    @exclusivity(unchecked) private(set) var limitDefault: Int?
    @exclusivity(unchecked) private(set) var limitMaximum: Int?
    @exclusivity(unchecked) private(set) var offsetParameter: String?
    @exclusivity(unchecked) private(set) var pageParameter: String?
    /// The number the first page has: 0 when the page parameter's schema has `minimum: 0`, else 1.
    @exclusivity(unchecked) private(set) var firstPage = 1
    @exclusivity(unchecked) private(set) var cursorParameter: String?
    @exclusivity(unchecked) private(set) var startingAfterParameter: String?
    @exclusivity(unchecked) private(set) var sortParameter: String?
    @exclusivity(unchecked) private(set) var orderParameter: String?
    /// The paging parameters as the addresses of other pages name them (see ``PageAddress``).
    @exclusivity(unchecked) private(set) var paging = PageAddress.Paging([])
    /// Query parameters that filter by a field of the same name.
    @exclusivity(unchecked) private(set) var filterParameters: [String] = []
    /// ``filterParameters`` to look a name up in (a list declares many, and each name sent is looked for).
    @exclusivity(unchecked) private(set) var filterParameterSet: Set<String> = []

    /// The members of a `_meta`-like object a list fills in (read as fields, not looked up by role on every
    /// answer).
    struct MetaMembers {
        var page: String?
        var totalPages: String?
        var records: String?
        var perPage: String?
        var offset: String?
    }

    /// Whether an answer of this shape reads as a page of a list: a bare array, or an envelope whose array
    /// has a list's name or that carries counts, links or paging parameters (not any object that happens to
    /// hold an array, such as a user's `emails`).
    var isList: Bool {
        guard itemSchema != nil else { return false }
        guard let arrayKey else { return true }
        return Self.arrayNames.contains(arrayKey) || countKey != nil || nextKey != nil || hasMoreKey != nil
            || metaKey != nil || linksKey != nil || limitParameter != nil || offsetParameter != nil
            || pageParameter != nil
            || cursorParameter != nil
    }

    /// Whether a request can name a page other than the first (by offset, page number or cursor).
    var addressesPages: Bool {
        offsetParameter != nil || pageParameter != nil || cursorParameter != nil || startingAfterParameter != nil
    }

    static let arrayNames = [
        "items", "results", "data", "records", "entries", "list", "values", "elements", "content", "resources",
        "objects", "rows", "hits",
    ]
    static let countNames = [
        "count", "total", "total_count", "totalCount", "total_items", "totalItems", "total_results", "totalResults",
        "totalSize", "total_size",
    ]
    static let nextNames = [
        "next", "next_page", "nextPage", "next_url", "nextUrl", "next_cursor", "nextCursor",
        "next_page_token", "nextPageToken", "nextLink",
    ]
    static let previousNames = [
        "previous", "prev", "previous_page", "prevPage", "previousPage", "prev_url", "previous_url",
    ]
    static let hasMoreNames = ["has_more", "hasMore", "has_next", "hasNext"]
    static let limitNames = [
        "limit", "per_page", "perPage", "page_size", "pageSize", "size", "maxResults", "max_results", "_limit",
        "count", "top", "$top", "first", "maxItems",
    ]
    static let offsetNames = ["offset", "start", "skip", "from", "_offset", "$skip", "startIndex", "start_index"]
    static let pageNames = ["page", "page_number", "pageNumber", "_page", "pageIndex"]
    static let cursorNames = [
        "cursor", "after", "pageToken", "page_token", "continue", "_token", "next_token",
        "nextToken", "marker", "continuationToken",
    ]
    static let startingAfterNames = ["starting_after", "startingAfter", "since_id", "after_id"]
    static let sortNames = ["sort", "sort_by", "sortBy", "order_by", "orderBy", "_sort", "ordering", "sortField"]
    static let orderNames = ["order", "direction", "sort_order", "sortOrder", "sort_direction", "dir"]

    init(operation: ContractOperation, response: Response?, registry: SchemaRegistry) {
        var queryNames = operation.parameters(in: .query).map(\.name)
        // A list that takes its paging in a JSON body (`POST /flows/filter {"limit": 10, "offset": 20}`).
        var bodyMembers: [String: SchemaNode] = [:]
        if ["POST", "QUERY"].contains(operation.method),
            let schema = operation.requestBody?.content.first(where: { $0.parsedType?.isJSON ?? false })?.schema
        {
            for (name, node) in SchemaNode(schema).properties(in: registry) where bodyMembers[name] == nil {
                bodyMembers[name] = node
                queryNames.append(name)
            }
        }
        func pick(_ names: [String]) -> String? { names.first { queryNames.contains($0) } }
        limitParameter = pick(Self.limitNames)
        offsetParameter = pick(Self.offsetNames)
        pageParameter = pick(Self.pageNames)
        cursorParameter = pick(Self.cursorNames)
        startingAfterParameter = pick(Self.startingAfterNames)
        sortParameter = pick(Self.sortNames)
        orderParameter = pick(Self.orderNames)
        paging = PageAddress.Paging([
            (.offset, offsetParameter), (.page, pageParameter), (.cursor, cursorParameter), (.limit, limitParameter),
        ])
        if let limit = limitParameter,
            let schema = operation.parameters.first(where: { $0.name == limit && $0.location == .query })?.schema
                .map(SchemaNode.init) ?? bodyMembers[limit]
        {
            let resolved = schema.resolved(in: registry).value
            limitDefault = resolved["default"]?.intValue
            limitMaximum = resolved["maximum"]?.intValue
        }
        if let page = pageParameter,
            let schema = operation.parameters.first(where: { $0.name == page })?.schema
        {
            firstPage = SchemaNode(schema).resolved(in: registry).value["minimum"]?.intValue == 0 ? 0 : 1
        }
        let special = Set(
            [
                limitParameter, offsetParameter, pageParameter, cursorParameter, startingAfterParameter,
                sortParameter, orderParameter,
            ].compactMap { $0 })
        guard let content = response?.content.first(where: { $0.parsedType?.isJSON ?? false }),
            let schema = content.schema
        else { return }
        let root = SchemaNode(schema).resolved(in: registry)
        if root.typeName(in: registry) == "array" {
            itemSchema = root.items(in: registry)
        } else {
            let properties = root.properties(in: registry)
            let arrays = properties.filter { $0.node.typeName(in: registry) == "array" }
            let chosen = arrays.first { Self.arrayNames.contains($0.name) } ?? arrays.first
            arrayKey = chosen?.name
            itemSchema = chosen?.node.items(in: registry)
            let names = properties.map(\.name)
            countKey = Self.countNames.first { names.contains($0) }
            nextKey = Self.nextNames.first { names.contains($0) }
            previousKey = Self.previousNames.first { names.contains($0) }
            hasMoreKey = Self.hasMoreNames.first { names.contains($0) }
            let validator = JSONSchemaValidator(registry: registry, options: ValidationOptions(direction: .response))
            for key in [nextKey, previousKey].compactMap({ $0 }) {
                guard let node = properties.first(where: { $0.name == key })?.node else { continue }
                if node.typeName(in: registry) == "integer" { integerLinkKeys.insert(key) }
                if validator.validate(.null, against: node.uri).isEmpty { nullableLinkKeys.insert(key) }
            }
            if let links = properties.first(where: {
                ["links", "_links", "link", "paging_links"].contains($0.name)
                    && $0.node.typeName(in: registry) == "object"
            }) {
                linksKey = links.name
                linkNames = Set(links.node.properties(in: registry).map(\.name))
            }
            if let meta = properties.first(where: {
                ["_meta", "meta", "pagination", "paging", "page_info", "pageInfo"].contains($0.name)
            }),
                meta.node.typeName(in: registry) == "object"
            {
                metaKey = meta.name
                let metaNames = meta.node.properties(in: registry).map(\.name)
                func named(_ candidates: [String]) -> String? { candidates.first(where: metaNames.contains) }
                metaKeys = MetaMembers(
                    page: named(["page", "current_page", "currentPage", "page_number"]),
                    totalPages: named(["total_pages", "totalPages", "pages", "page_count", "pageCount"]),
                    records: named(
                        ["records", "total", "total_count", "totalCount", "total_records", "count", "total_items"]),
                    perPage: named(["per_page", "perPage", "page_size", "pageSize", "limit"]),
                    offset: named(["offset"]))
            }
        }
        let fields = Set(itemSchema?.properties(in: registry).map(\.name) ?? [])
        // A body member of `POST …/filter` is a structured filter, not a field's value; a member of a QUERY
        // body named as an item field is that field's value (OpenAPI 3.2's QUERY is a GET with a body).
        let bodyFilters = operation.method == "QUERY"
        filterParameters = queryNames.filter {
            fields.contains($0) && !special.contains($0) && (bodyFilters || bodyMembers[$0] == nil)
        }
        filterParameterSet = Set(filterParameters)
    }
}
