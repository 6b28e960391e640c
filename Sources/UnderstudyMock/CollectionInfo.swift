/// A collection of resources inferred from path templates: `/things` with items at `/things/{id}`.
public struct CollectionInfo: Sendable, Hashable {
    /// The collection's path template, e.g. `/a/{aId}/things`.
    public var collectionPath: String
    /// The item's path template, e.g. `/a/{aId}/things/{thingId}`.
    public var itemPath: String
    /// The path parameter naming the item (`thingId`).
    public var idParameter: String
    /// Path parameters of the collection path, which scope it to a parent (`aId`).
    public var scopeParameters: [String]
    /// Whether clients can create items (POST on the collection or PUT on an item). When they cannot, reads
    /// answer from the contract instead of reporting 404 for an empty store.
    public var stateful: Bool
    /// Whether PUT on an item may create it.
    public var putCreates: Bool

    /// What one item is called: the collection's last literal segment in the singular (`/sites/{id}/assets`
    /// → `asset`, `/policies` → `policy`), the name APIs give a member that wraps one item
    /// (`{"server": {…}, "action": {…}}`).
    public var itemNoun: String? {
        guard
            let last = collectionPath.split(separator: "/").last(where: { !$0.hasPrefix("{") && !$0.isEmpty })
        else { return nil }
        let word = String(last)
        if word.hasSuffix("ies"), word.count > 3 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("sses") || word.hasSuffix("xes") || word.hasSuffix("ches") || word.hasSuffix("shes") {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 1 { return String(word.dropLast()) }
        return word
    }
}
