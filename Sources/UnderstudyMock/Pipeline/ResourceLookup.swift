import Synchronization
import UnderstudySchema

/// The resource-lookup stage, between validation and the behaviour: where in the store the collection a
/// request names lives (its path, the values of its scope parameters, the caller's tenant when items belong
/// to tenants), and the item its path names, found once per request.
///
/// An item is found by its id; when no item has that id and the request does not name a new one (anything
/// but a PUT), by a field clients also address items by: its name, key, slug, the `_id` beside an `id`, or a
/// field a path reads items by (`GET /tokens/{tokenId}` reached with a token's name finds the token; of two
/// tokens named alike, the newer). The item found that way is then addressed by its real id, so a change
/// never makes a second copy.
struct ResourceLookup: Sendable {
    /// Where the item a request names lives, and whether it is there.
    struct Location: Sendable {
        /// The store key of the collection (scope and tenant included) the item is in, or would be in.
        var collectionKey: String
        /// The id the item is stored under: the path's value, or the id of the item found by another field.
        var id: String
        /// The stored item, if any.
        var item: JSONValue?
        /// Whether the id was deleted (and not made again since).
        var wasDeleted: Bool
    }

    let store: StateStore
    /// Which collections' items belong to tenants (a profile's `ownedByTenant`).
    let tenantOwned: Set<String>
    /// For each item path, the fields an item is also found by (see ``fields(_:)``).
    let alternateFields: [String: [String]]
    /// The items of a collection by the values of those fields, made on the first miss and kept while the
    /// store is unchanged, so a stream of requests for ids no item has costs a lookup each, not a scan.
    let indexes = AlternateIndexes()

    /// Store ids by field value, per session, collection and list of fields, each valid at one store revision.
    final class AlternateIndexes: Sendable {
        struct Index: Sendable {
            var revision: UInt64
            /// For each field, in the order they are tried, store ids by the field's value.
            var ids: [[String: String]]

            func id(of value: String) -> String? { ids.lazy.compactMap { $0[value] }.first }
        }

        /// More collections than this indexed at once: the indexes start over.
        static let capacity = 256
        let table = Mutex<[String: Index]>([:])
    }

    init(store: StateStore, tenantOwnedItemPaths: Set<String>, itemModels: [String: ItemModel]) {
        self.store = store
        tenantOwned = tenantOwnedItemPaths
        alternateFields = itemModels.mapValues(Self.fields)
    }

    /// The fields that name one item besides the store id: the id field (it holds what the client sent
    /// when that could not name the item in a path, and the item is stored under an id made for it), the
    /// fields a path reads items by, then `name`, `key`, `slug`, `login`, `username`, `_id`, `id`, `uuid`.
    static func fields(_ model: ItemModel) -> [String] {
        let common = ["name", "key", "slug", "login", "username", "_id", "id", "uuid"].filter(
            model.propertyNames.contains)
        return ([model.idField].compactMap { $0 } + model.uniqueFields.sorted() + common).reduce(into: []) {
            if !$0.contains($1) { $0.append($1) }
        }
    }

    /// The store key of a collection: its path, the values of its scope parameters, and the caller's tenant
    /// when items belong to tenants (`/a/{aId}/things?aId=1#orgA`).
    func collectionKey(_ info: CollectionInfo, pathParameters: [String: String], principal: Principal?) -> String {
        Self.collectionKey(
            info, pathParameters: pathParameters,
            tenant: tenantOwned.contains(info.itemPath) ? Self.tenant(of: principal) : nil)
    }

    static func collectionKey(_ info: CollectionInfo, pathParameters: [String: String], tenant: String?) -> String {
        var key = info.collectionPath
        if !info.scopeParameters.isEmpty {
            key += "?" + info.scopeParameters.map { "\($0)=\(pathParameters[$0] ?? "")" }.joined(separator: "&")
        }
        if let tenant { key += "#" + tenant }
        return key
    }

    /// The tenant whose data a principal sees: its `tenant:`, else its name.
    static func tenant(of principal: Principal?) -> String { principal.map { $0.tenant ?? $0.name } ?? "anonymous" }

    /// Where a collection remembers the ids deleted from it (outside every collection's key space, so no scan
    /// over a collection's scopes ever sees it).
    static func deletedKey(_ collectionKey: String) -> String { "\u{1}deleted " + collectionKey }

    /// Whether a store key belongs to a collection (any scope) that the caller's tenant may see.
    func visible(_ key: String, _ info: CollectionInfo, principal: Principal?) -> Bool {
        let rest = key.dropFirst(info.collectionPath.count)
        guard rest.isEmpty || rest.first == "?" || rest.first == "#" else { return false }
        if tenantOwned.contains(info.itemPath) { return key.hasSuffix("#" + Self.tenant(of: principal)) }
        return !rest.contains("#")
    }

    /// Items of a collection in every scope the caller may see (its tenant's, when items belong to tenants).
    func itemsAcrossScopes(
        _ info: CollectionInfo, session: String, principal: Principal?
    ) -> [(
        id: String, value: JSONValue
    )] {
        store.items(session: session, keyPrefix: info.collectionPath) { visible($0, info, principal: principal) }
    }

    /// The item named `id` in the collection `info` (see the type's description). When the operation's path
    /// lacks a scope parameter (an organisation-wide download of per-application items), every visible scope
    /// is searched. `naming`: the request may name a new item by this id (a PUT), so no other field is tried.
    func locate(
        _ info: CollectionInfo, id: String, pathParameters: [String: String], principal: Principal?, session: String,
        naming: Bool = false
    ) -> Location {
        let key = collectionKey(info, pathParameters: pathParameters, principal: principal)
        var location = Location(collectionKey: key, id: id, item: nil, wasDeleted: false)
        if info.scopeParameters.contains(where: { pathParameters[$0] == nil }) {
            if let found = store.find(
                session: session, keyPrefix: info.collectionPath, include: { visible($0, info, principal: principal) },
                id: id)
            {
                location.collectionKey = found.key
                location.item = found.value
            }
        } else {
            location.item = store.item(session: session, collection: key, id: id)
        }
        if location.item == nil, !naming, let fields = alternateFields[info.itemPath], !fields.isEmpty,
            let found = item(holding: id, in: fields, session: session, collection: location.collectionKey)
        {
            location.id = found.id
            location.item = found.value
        }
        if location.item == nil {
            location.wasDeleted =
                store.item(session: session, collection: Self.deletedKey(location.collectionKey), id: id) != nil
        }
        return location
    }

    /// The item one of whose `fields` holds `value`, with its store id (see ``storeID(of:fields:session:collection:)``).
    func item(
        holding value: String, in fields: [String], session: String, collection: String
    ) -> (
        id: String, value: JSONValue
    )? {
        guard let id = storeID(of: value, fields: fields, session: session, collection: collection),
            let item = store.item(session: session, collection: collection, id: id)
        else { return nil }
        return (id, item)
    }

    /// The store id of the item whose field holds `value`: the fields tried in their order, and among items
    /// sharing a value (two tokens named alike) the newest, which is the one a client that just made it means.
    private func storeID(of value: String, fields: [String], session: String, collection: String) -> String? {
        let key = session + "\u{1}" + collection + "\u{1}" + fields.joined(separator: "\u{1}")
        let revision = store.revision
        if let index = indexes.table.withLock({ $0[key] }), index.revision == revision { return index.id(of: value) }
        var ids = [[String: String]](repeating: [:], count: fields.count)
        for item in store.items(session: session, collection: collection) {
            for (position, field) in fields.enumerated() {
                guard let text = item.value[field].flatMap(ResourceBehaviour.text) else { continue }
                ids[position][text] = item.id
            }
        }
        let index = AlternateIndexes.Index(revision: revision, ids: ids)
        indexes.table.withLock { table in
            if table.count >= AlternateIndexes.capacity, table[key] == nil { table.removeAll() }
            table[key] = index
        }
        return index.id(of: value)
    }
}
