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
}
