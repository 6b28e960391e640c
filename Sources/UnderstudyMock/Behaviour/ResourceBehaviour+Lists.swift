import Foundation
import UnderstudyContract
import UnderstudySchema

extension ResourceBehaviour {
    /// Lists what is stored, honouring the operation's own filter, sort and pagination parameters and
    /// wrapping the page in its envelope with counts and links filled in truthfully. A list of nothing
    /// stored (no collection, or one nothing creates) pages the contract's own items the same way, so its
    /// counts and links agree with the items it holds and a client that follows `next` stops.
    func list(_ exchange: Exchange, _ info: CollectionInfo?) -> MockResponse {
        guard let shape = listShapes[exchange.index] else { return success(exchange, codes: [200], data: nil) }
        let fromContract: [JSONValue]?
        if let info, info.stateful {
            fromContract = nil
        } else {
            guard let items = contractItems(exchange, shape) else { return success(exchange, codes: [200], data: nil) }
            fromContract = items
        }
        var query = exchange.validated.parameters[.query] ?? [:]
        if exchange.request.method == "POST" || exchange.request.method == "QUERY",
            case .object(let body) = exchange.validated.body
        {
            // A list that takes its paging and filters in the body (`POST /flows/filter`, `QUERY /flows`).
            for (name, value) in body where query[name] == nil { query[name] = value }
        }
        let rule = binding.listRules[exchange.index]
        var limit = Int.max
        // Whether the list pages at all (a caller may send Int.max as its limit: that is not "no limit").
        let paged = (rule?.value.limitParameter ?? shape.limitParameter) != nil
        if let name = rule?.value.limitParameter ?? shape.limitParameter {
            let maximum = rule?.value.limitMaximum ?? shape.limitMaximum
            limit = query[name]?.intValue ?? rule?.value.limitDefault ?? shape.limitDefault ?? options.defaultPageSize
            if let maximum, limit > maximum {
                if rule?.value.rejectOverMaximum == true {
                    return renderer.errorResponse(
                        400, "\(name) must be at most \(maximum), got \(limit)", operation: exchange.operation,
                        issues: [], principal: exchange.principal)
                }
                limit = maximum
            }
        }
        limit = max(0, limit)
        var offset = 0
        var pageNumber: Int? = nil
        // The number the first page has (worked out once: the paging below and the page links both read it).
        let firstPage = shape.firstPage
        if let name = shape.offsetParameter, let value = query[name]?.intValue {
            offset = value
        } else if let name = shape.pageParameter {
            let number = query[name]?.intValue ?? firstPage
            pageNumber = number
            // Page and limit come from the caller: `page=9223372036854775807` must not overflow.
            offset = max(0, number.saturatingSubtracting(firstPage)).saturatingMultiplied(
                by: paged ? limit : 0)
        } else if let name = shape.cursorParameter, let token = query[name]?.stringValue {
            offset = Self.decodeCursor(token) ?? 0
        }
        let key = info.map { collectionKey($0, exchange) } ?? ""
        let sortName = rule?.value.sortParameter ?? shape.sortParameter
        var sortSpec = sortName.flatMap { query[$0] }.flatMap(Self.text)
        if let sortSpec, let sortable = rule?.value.sortable, !sortable.isEmpty {
            let named = sortSpec.split(separator: ",").map {
                String($0.trimmingSpaces.drop { $0 == "-" || $0 == "+" }.prefix { $0 != ":" })
            }
            if let wrong = named.first(where: { !sortable.contains($0) }) {
                return renderer.errorResponse(
                    400, "cannot sort by '\(wrong)'; sortable: \(sortable.joined(separator: ", "))",
                    operation: exchange.operation, issues: [], principal: exchange.principal)
            }
        }
        if sortSpec == nil { sortSpec = rule?.value.defaultSort }
        let after = shape.startingAfterParameter.flatMap { query[$0] }.flatMap(Self.text)
        // The profile rule's filters, read out of the rule once (a closure below asks them by name).
        let ruledFilters = rule?.value.filters ?? [:]
        // The contract's own items are paged, not filtered: made-up values filtered by real ones would
        // leave nothing to show.
        var filters: [(String, JSONValue)] = []
        if fromContract == nil, !query.isEmpty {
            // A list declares many filters and a request sends few: the names sent are looked for among them.
            for (name, wanted) in query where shape.filterParameterSet.contains(name) && ruledFilters[name] == nil {
                filters.append((name, wanted))
            }
        }
        var page: [JSONValue]
        let total: Int
        if fromContract == nil, rule == nil, filters.isEmpty, sortSpec == nil, after == nil {
            // Plain paging reads only the page from the store, whatever the collection's size.
            (page, total) = store.page(
                session: exchange.session, collection: key, offset: max(0, offset), limit: limit)
            offset = max(0, min(offset, total))
        } else {
            // What the profile rule's filters were sent, read as templates read the query.
            let ruledValues = ruledFilters.isEmpty ? [] : queryValues(exchange, including: { ruledFilters[$0] != nil })
            let descendingByOrder =
                sortSpec == nil
                ? false
                : shape.orderParameter.flatMap { query[$0]?.stringValue?.lowercased() }.map { $0.hasPrefix("desc") }
                    ?? false
            // The order depends only on the stored items and what this key holds, unless the items come from
            // the contract (made up), from every scope the caller may see, or pass conditions that read
            // template variables (the caller, the clock): those are worked out on every request.
            let orderKey: ListOrderMemo.Key? =
                if fromContract == nil, rule?.value.acrossScopes != true, rule?.value.only == nil,
                    rule?.value.defaultFilter == nil
                {
                    ListOrderMemo.Key(
                        operation: exchange.index, session: exchange.session, collection: key,
                        filters: filters.map { ListOrderMemo.Criterion(name: $0.0, value: $0.1, ruled: false) }
                            .sorted { $0.name < $1.name }
                            + ruledValues.map { ListOrderMemo.Criterion(name: $0.name, value: $0.value, ruled: true) }
                            .sorted { $0.name < $1.name },
                        sort: sortSpec, descending: descendingByOrder)
                } else {
                    nil
                }
            // Read before the items: an order kept under a revision the store has left is never used.
            let revision = orderKey == nil ? 0 : store.revision
            var items: [JSONValue]
            if let orderKey, let kept = listOrders.items(for: orderKey, revision: revision) {
                items = kept
            } else {
                if let fromContract {
                    items = fromContract
                } else if let info, rule?.value.acrossScopes == true {
                    items = itemsAcrossScopes(info, exchange).map(\.value)
                } else {
                    items = store.page(session: exchange.session, collection: key, offset: 0, limit: .max).items
                }
                for (name, wanted) in filters {
                    var hint = -1
                    items = items.filter { item in
                        Self.matches(item.objectValue?.value(of: name, hint: &hint), wanted)
                    }
                }
                if let rule {
                    switch ruledFilter(rule.value, items, exchange, values: ruledValues) {
                    case .success(let kept): items = kept
                    case .failure(let refusal): return refusal.response
                    }
                }
                if let sortSpec {
                    items = Self.sorted(items, by: sortSpec, descending: descendingByOrder)
                }
                if let orderKey { listOrders.keep(items, for: orderKey, revision: revision) }
            }
            if let after, case let field = info.flatMap(idField) ?? "id",
                let position = items.firstIndex(where: { $0[field].flatMap(Self.text) == after })
            {
                offset = position + 1
            }
            total = items.count
            offset = max(0, min(offset, total))
            page = Array(items[offset..<min(total, offset + min(limit, total))])
        }
        if let info, let computed = binding.resourceByItemPath[info.itemPath]?.computed, !computed.isEmpty {
            // One set of variables for the page: only `item` changes from one to the next.
            var variables = templateVariables(exchange, item: nil)
            page = page.map { Self.fields(computed, renderedOver: $0, with: &variables) }
        }
        if !paged { limit = max(total, 1) }
        let end = offset + page.count
        // Only a list that can name its other pages needs their addresses.
        let address = shape.addressesPages ? pageAddress(exchange, shape, firstPage: firstPage) : nil
        guard let arrayKey = shape.arrayKey else {
            let pages = PageAddress.Neighbours(offset: offset, end: end, limit: limit, total: total)
            return success(
                exchange, codes: [200], data: .array(page),
                headers: Self.linkHeader(address, shape, pages, limit: limit))
        }
        let response = Self.successResponse(of: exchange.operation, preferring: [200, 206])
        var envelope = JSONObject()
        if let response, let content = response.content.first(where: { $0.parsedType?.isJSON ?? false }),
            case .object(let generated) = renderer.sample(content, exchange: exchange, response: response) ?? .null
        {
            envelope = generated
        }
        envelope.set(arrayKey, .array(page))
        if let key = shape.countKey { envelope.set(key, .int(total)) }
        // A list that takes only a limit (the N most recent) has no other page to point at.
        let hasNext = end < total && shape.addressesPages
        let hasPrevious = offset > 0 && shape.addressesPages
        if let key = shape.hasMoreKey { envelope.set(key, .bool(end < total)) }
        // No next (or previous) page: null where the member may be null, else no member at all (a made-up
        // token there would send a client round for ever).
        func noPage(_ key: String) {
            if shape.nullableLinkKeys.contains(key) { envelope.set(key, .null) } else { envelope.remove(key) }
        }
        if let key = shape.nextKey {
            if hasNext, let address {
                envelope.set(
                    key, pageReference(address, shape: shape, key: key, offset: end, limit: limit))
            } else {
                noPage(key)
            }
        }
        if let key = shape.previousKey {
            if hasPrevious, let address {
                envelope.set(
                    key,
                    pageReference(address, shape: shape, key: key, offset: max(0, offset - limit), limit: limit))
            } else {
                noPage(key)
            }
        }
        // The envelope's own next member or links object points at the pages; otherwise a `Link` header does.
        let ownLinks = shape.nextKey != nil || shape.linksKey != nil
        let pages = PageAddress.Neighbours(offset: offset, end: end, limit: limit, total: total)
        if let key = shape.linksKey {
            let around = pageTargets(address, shape, pages, limit: limit)
            var links = envelope[key]?.objectValue ?? JSONObject()
            let targets: [String: String?] = [
                "next": around.next, "prev": around.previous, "previous": around.previous, "first": around.first,
                "last": around.last,
            ]
            Self.setLinks(&links, targets, declared: shape.linkNames)
            if shape.linkNames.contains("pages") || links["pages"] != nil {
                var pages = links["pages"]?.objectValue ?? JSONObject()
                Self.setLinks(&pages, targets, declared: ["next", "prev", "first", "last"])
                links.set("pages", .object(pages))
            }
            envelope.set(key, .object(links))
        }
        if let key = shape.metaKey {
            var meta = envelope[key]?.objectValue ?? JSONObject()
            let perPage = max(limit, 1)
            if let name = shape.metaKeys.page { meta.set(name, .int(pageNumber ?? (offset / perPage + 1))) }
            if let name = shape.metaKeys.totalPages {
                meta.set(name, .int(total / perPage + (total % perPage == 0 ? 0 : 1)))
            }
            if let name = shape.metaKeys.records { meta.set(name, .int(total)) }
            if let name = shape.metaKeys.perPage { meta.set(name, .int(limit)) }
            if let name = shape.metaKeys.offset { meta.set(name, .int(offset)) }
            envelope.set(key, .object(meta))
        }
        var result = success(
            exchange, codes: [200, 206], data: .object(envelope),
            headers: ownLinks ? [] : Self.linkHeader(address, shape, pages, limit: limit))
        if hasNext, shape.cursorParameter == "_token" {
            result.setHeader("Next-Page", absoluteURL(exchange, replacing: ["_token": Self.encodeCursor(end)]))
        }
        return result
    }

    /// The URLs of the pages around this one, nil where there is no such page or the list cannot name
    /// another page.
    struct PageTargets {
        var next: String?
        var previous: String?
        var first: String?
        var last: String?
    }

    private func pageTargets(
        _ address: PageAddress?, _ shape: ListShape, _ pages: PageAddress.Neighbours, limit: Int
    ) -> PageTargets {
        var targets = PageTargets()
        guard shape.addressesPages, let address else { return targets }
        targets.next = pages.next.map { address.url(offset: $0, limit: limit) }
        targets.last = pages.last.map { address.url(offset: $0, limit: limit) }
        targets.previous = pages.previous.map { address.url(offset: $0, limit: limit) }
        targets.first = pages.first.map { address.url(offset: $0, limit: limit) }
        return targets
    }

    /// An RFC 8288 `Link` header to the next, last, previous and first pages (as GitHub sends); none when
    /// there is only one page or the list cannot name another page.
    private static func linkHeader(
        _ address: PageAddress?, _ shape: ListShape, _ pages: PageAddress.Neighbours, limit: Int
    ) -> [(String, String)] {
        guard shape.addressesPages, let value = address?.linkHeader(pages, limit: limit) else { return [] }
        return [("Link", value)]
    }

    /// Points each link a links object holds or declares at its page, or drops it when there is no such
    /// page; a HAL link (`{"href": …}`) keeps its shape.
    static func setLinks(_ links: inout JSONObject, _ targets: [String: String?], declared: Set<String>) {
        for (name, target) in targets.sorted(by: { $0.key < $1.key })
        where links[name] != nil || declared.contains(name) {
            guard let target else {
                links.remove(name)
                continue
            }
            if case .object(var link) = links[name] ?? .null, link["href"] != nil {
                link.set("href", .string(target))
                links.set(name, .object(link))
            } else {
                links.set(name, .string(target))
            }
        }
    }

    /// The items the contract's own answer to a list holds (its example, or generated data).
    private func contractItems(_ exchange: Exchange, _ shape: ListShape) -> [JSONValue]? {
        guard let response = Self.successResponse(of: exchange.operation, preferring: [200, 206]),
            let content = response.content.first(where: { $0.parsedType?.isJSON ?? false }),
            let answer = renderer.sample(content, exchange: exchange, response: response)
        else { return nil }
        if let key = shape.arrayKey { return answer[key]?.arrayValue.map(Array.init) }
        return answer.arrayValue.map(Array.init)
    }

    /// An error answer carried through a `Result`.
    struct Refusal: Error {
        var response: MockResponse
    }

    /// The items a list rule lets through: `only`, its filters with their operators, and its default filter
    /// when none of the parameters that lift it is given.
    private func ruledFilter(
        _ rule: ListRule, _ items: [JSONValue], _ exchange: Exchange, values: [(name: String, value: JSONValue)]
    ) -> Result<
        [JSONValue], Refusal
    > {
        var conditions: [TemplateExpression] = []
        if let only = rule.only { conditions.append(only) }
        if let fallback = rule.defaultFilter,
            !rule.defaultFilterUnless.contains(where: { name in exchange.input.query.contains { $0.name == name } })
        {
            conditions.append(fallback)
        }
        // Template variables only for the conditions that read them.
        let variables = conditions.isEmpty ? nil : templateVariables(exchange, item: nil)
        // What each filter sent wants (`values`: read as templates read the query, without building the whole
        // of it).
        let filters = rule.filters
        var kept = items
        for (name, wanted) in values {
            // Read once, not per item.
            guard let filter = filters[name] else { continue }
            let field = filter.field
            let op = filter.op
            // Where the field sat in the item before (items of one collection share their members' order).
            var hint = -1
            // Into room made once: `filter` grows its result by doubling, copying what it kept each time.
            var passing: [JSONValue] = []
            passing.reserveCapacity(kept.count)
            for item in kept where Self.passes(item.objectValue?.value(of: field, hint: &hint), op, wanted) {
                passing.append(item)
            }
            kept = passing
        }
        guard var variables, !kept.isEmpty else { return .success(kept) }
        var passing: [JSONValue] = []
        passing.reserveCapacity(kept.count)
        for item in kept {
            variables["item"] = item
            var passes = true
            for condition in conditions {
                do {
                    if try !condition.test(variables) {
                        passes = false
                        break
                    }
                } catch {
                    return .failure(
                        Refusal(
                            response: renderer.errorResponse(
                                500, "the profile's list condition '\(condition)' fails: \(error.description)",
                                operation: exchange.operation, issues: [])))
                }
            }
            if passes { passing.append(item) }
        }
        return .success(passing)
    }

    /// Whether a field passes a filter. A date-only bound (`2024-06-10`) covers that whole day.
    static func passes(_ field: JSONValue?, _ op: ListRule.Operator, _ wanted: JSONValue) -> Bool {
        guard let field, !field.isNull else { return op == .ne }
        var bound = wanted
        if op == .lte || op == .gt, let text = wanted.stringValue, text.count == 10, let day = DateText.parse(text) {
            bound = .string(DateText.format(day.addingTimeInterval(86399)))
        }
        switch op {
        case .eq: return matches(field, wanted)
        case .ne: return !matches(field, wanted)
        case .in:
            let options =
                wanted.arrayValue.map(Array.init)
                ?? (Self.text(wanted) ?? "").split(separator: ",").map { JSONValue.string($0.trimmingSpaces) }
            return options.contains { matches(field, $0) }
        case .contains:
            if case .array(let values) = field { return values.contains { matches($0, wanted) } }
            if case .bool(let flag) = field, let text = text(wanted) ?? wanted.boolValue.map(String.init) {
                // A boolean field filtered as 1/0 or true/false.
                return filterFlag(text) == flag
            }
            return (Self.text(field) ?? JSONSerializer.serialize(field)).localizedCaseInsensitiveContains(
                Self.text(wanted) ?? "")
        case .gt, .gte, .lt, .lte:
            guard let order = TemplateExpression.compare(field, bound) else { return false }
            switch op {
            case .gt: return order > 0
            case .gte: return order >= 0
            case .lt: return order < 0
            default: return order <= 0
            }
        }
    }

    /// The value of a `next`/`previous` member: a page number or offset when the schema says integer, a
    /// cursor token for token-like names, else an absolute URL of that page.
    private func pageReference(
        _ address: PageAddress, shape: ListShape, key: String, offset: Int, limit: Int
    )
        -> JSONValue
    {
        if shape.integerLinkKeys.contains(key) {
            return .int(shape.pageParameter != nil ? offset / max(limit, 1) + 1 : offset)
        }
        let lower = key.lowercased()
        if lower.contains("token") || lower.contains("cursor") { return .string(Self.encodeCursor(offset)) }
        return .string(address.url(offset: offset, limit: limit))
    }

    /// The addresses of `exchange`'s other pages.
    private func pageAddress(_ exchange: Exchange, _ shape: ListShape, firstPage: Int) -> PageAddress {
        PageAddress(
            host: exchange.request.header("Host") ?? "localhost", mountPrefix: exchange.request.mountPrefix,
            path: exchange.request.path, query: exchange.input.query, paging: shape.paging, firstPage: firstPage)
    }

    /// This request's absolute URL with the query parameters `replacing` names given those values.
    func absoluteURL(_ exchange: Exchange, replacing: [String: String]) -> String {
        PageAddress.url(
            host: exchange.request.header("Host") ?? "localhost", mountPrefix: exchange.request.mountPrefix,
            path: exchange.request.path, query: exchange.input.query, replacing: replacing)
    }

    static func encodeCursor(_ offset: Int) -> String { Data("o:\(offset)".utf8).base64EncodedString() }

    static func decodeCursor(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("o:")
        else { return Int(token) }
        return Int(text.dropFirst(2))
    }

    /// Whether a stored field matches a filter value (text comparison, so `5` matches `"5"`; arrays match
    /// any of their elements).
    static func matches(_ field: JSONValue?, _ wanted: JSONValue) -> Bool {
        guard let field else { return false }
        if case .array(let options) = wanted { return options.contains { matches(field, $0) } }
        if case .array(let values) = field { return values.contains { matches($0, wanted) } }
        if case .bool(let flag) = field {
            // A boolean field filtered as 1/0 or true/false.
            if case .bool(let wantedFlag) = wanted { return wantedFlag == flag }
            return filterFlag(wanted) == flag
        }
        return (text(field) ?? JSONSerializer.serialize(field)) == (text(wanted) ?? JSONSerializer.serialize(wanted))
            || field == wanted
    }

    /// A filter value read as a boolean as its text would be (see ``filterFlag(_:)-swift.method``): a number
    /// is 1 or 0 without its text being made.
    static func filterFlag(_ value: JSONValue) -> Bool? {
        switch value {
        case .number(.int(let number)): return number == 1 ? true : number == 0 ? false : nil
        case .number(.double(let number)): return number == 1 ? true : number == 0 ? false : nil
        default: return text(value).flatMap { filterFlag($0) }
        }
    }

    /// A filter's text read as a boolean: `1` or `true`, `0` or `false` (in any case); nil for anything else.
    static func filterFlag(_ text: String) -> Bool? {
        switch text {
        case "1", "true": return true
        case "0", "false": return false
        default:
            guard text.utf8.count == 4 || text.utf8.count == 5 else { return nil }
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        }
    }

    /// The most sort keys one request's spec can name (later ones are ignored).
    static let maximumSortKeys = 16

    /// The keys a sort spec names, each with whether it sorts down: a name sorts once (a repeat could only
    /// break ties the first one left, and it leaves none), and at most ``maximumSortKeys`` names count, so a
    /// spec of thousands of names makes no table of thousands of values per item. Read over the UTF-8 bytes:
    /// splitting a String walks grapheme clusters.
    static func sortKeys(_ spec: String, descending: Bool) -> [(String, Bool)] {
        var keys: [(String, Bool)] = []
        spec.withContiguousUTF8 { bytes in
            var start = 0
            while start < bytes.count, keys.count < maximumSortKeys {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                defer { start = end + 1 }
                guard start < end else { continue }
                var first = start
                var last = end
                while first < last, isSpace(bytes[first]) { first += 1 }
                while last > first, isSpace(bytes[last - 1]) { last -= 1 }
                var down = descending
                if first < last, bytes[first] == UInt8(ascii: "-") || bytes[first] == UInt8(ascii: "+") {
                    down = down || bytes[first] == UInt8(ascii: "-")
                    first += 1
                }
                if let colon = bytes[first..<last].firstIndex(of: UInt8(ascii: ":")) {
                    let direction = String(decoding: bytes[(colon + 1)..<last], as: UTF8.self)
                    down = direction.lowercased().hasPrefix("desc")
                    last = colon
                }
                let name = String(decoding: bytes[first..<last], as: UTF8.self)
                if !keys.contains(where: { $0.0 == name }) { keys.append((name, down)) }
            }
        }
        return keys
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Lists of up to this many items are sorted by insertion (see ``sorted(_:by:descending:)``).
    static let insertionSortLimit = 24

    /// Sorts by a spec such as `name`, `-created_at`, `name:desc` or `a,-b`.
    static func sorted(_ items: [JSONValue], by spec: String, descending: Bool) -> [JSONValue] {
        let keys = sortKeys(spec, descending: descending)
        // Each item's sort values are looked up once, into one flat table (a row per item) of values that
        // compare without reference counting where they can (numbers), and indices are sorted rather than
        // the items (moving a JSON value costs reference counting on every swap).
        let width = keys.count
        let descendingKeys = keys.map(\.1)
        var values: [SortValue] = []
        values.reserveCapacity(items.count * width)
        // Where each key sat in the item before (items of one collection share their members' order).
        var hints = [Int](repeating: -1, count: width)
        for item in items {
            guard case .object(let object) = item else {
                // Not an object: it has none of the values, and sorts with the items that lack them.
                values.append(contentsOf: repeatElement(.absent, count: width))
                continue
            }
            for position in keys.indices {
                values.append(SortValue(object.value(of: keys[position].0, hint: &hints[position])))
            }
        }
        let order = values.withUnsafeBufferPointer { table in
            descendingKeys.withUnsafeBufferPointer { descending in
                func precedes(_ left: Int, _ right: Int) -> Bool {
                    for position in 0..<width {
                        let order = table[left * width + position].compare(to: table[right * width + position])
                        if order != 0 { return descending[position] ? order > 0 : order < 0 }
                    }
                    return left < right
                }
                // A page's worth of items is sorted by insertion, in place: the general sort's set-up and
                // calls through its comparison closure cost more than the comparisons themselves there.
                guard items.count <= Self.insertionSortLimit else { return items.indices.sorted(by: precedes) }
                var order = Array(items.indices)
                for next in order.indices.dropFirst() {
                    let moving = order[next]
                    var slot = next
                    while slot > 0, precedes(moving, order[slot - 1]) {
                        order[slot] = order[slot - 1]
                        slot -= 1
                    }
                    order[slot] = moving
                }
                return order
            }
        }
        var sorted: [JSONValue] = []
        sorted.reserveCapacity(order.count)
        for index in order { sorted.append(items[index]) }
        return sorted
    }

    /// A sort value as ``compare(_:_:)`` orders it, with numbers held apart so comparing two of them
    /// copies nothing.
    private enum SortValue {
        case absent
        case number(JSONNumber)
        case string(String)
        case other(JSONValue)

        init(_ value: JSONValue?) {
            switch value {
            case nil, .null?: self = .absent
            case .number(let number)?: self = .number(number)
            case .string(let text)?: self = .string(text)
            case let value?: self = .other(value)
            }
        }

        var value: JSONValue? {
            switch self {
            case .absent: return nil
            case .number(let number): return .number(number)
            case .string(let text): return .string(text)
            case .other(let value): return value
            }
        }

        func compare(to other: SortValue) -> Int {
            switch (self, other) {
            case (.number(let a), .number(let b)): return JSONNumber.compare(a, b)
            case (.string(let a), .string(let b)): return a < b ? -1 : (a > b ? 1 : 0)
            default: return ResourceBehaviour.compare(value, other.value)
            }
        }
    }

    static func compare(_ left: JSONValue?, _ right: JSONValue?) -> Int {
        switch (left, right) {
        case (.number(let a)?, .number(let b)?): return JSONNumber.compare(a, b)
        case (.string(let a)?, .string(let b)?): return a < b ? -1 : (a > b ? 1 : 0)
        case (nil, nil), (.null?, .null?): return 0
        case (nil, _), (.null?, _): return -1
        case (_, nil), (_, .null?): return 1
        default:
            let a = JSONSerializer.serialize(left!)
            let b = JSONSerializer.serialize(right!)
            return a < b ? -1 : (a > b ? 1 : 0)
        }
    }
}
