import UnderstudySchema

/// The mock's memory: collections of resources and singletons, per session. An actor, so concurrent
/// requests never lose an update.
public actor StateStore {
    struct Collection: Sendable {
        var order: [String] = []
        var items: [String: JSONValue] = [:]
        var sequence = 0
    }

    struct Session: Sendable {
        var collections: [String: Collection] = [:]
        var singletons: [String: JSONValue] = [:]
    }

    private var sessions: [String: Session] = [:]

    public init() {}

    /// The stored item, if present.
    public func item(session: String, collection: String, id: String) -> JSONValue? {
        sessions[session]?.collections[collection]?.items[id]
    }

    /// Stores `value` under `id`; returns whether it was new. With `onlyIfAbsent`, an existing item is kept.
    @discardableResult
    public func put(
        session: String, collection: String, id: String, value: JSONValue, onlyIfAbsent: Bool = false
    )
        -> Bool
    {
        var target = sessions[session]?.collections[collection] ?? Collection()
        let isNew = target.items[id] == nil
        if !isNew && onlyIfAbsent { return false }
        if isNew { target.order.append(id) }
        target.items[id] = value
        sessions[session, default: Session()].collections[collection] = target
        return isNew
    }

    /// Removes an item; returns it when it was there.
    @discardableResult
    public func remove(session: String, collection: String, id: String) -> JSONValue? {
        guard var target = sessions[session]?.collections[collection], let value = target.items.removeValue(forKey: id)
        else { return nil }
        if let index = target.order.firstIndex(of: id) { target.order.remove(at: index) }
        sessions[session]?.collections[collection] = target
        return value
    }

    /// All items of a collection in creation order.
    public func items(session: String, collection: String) -> [(id: String, value: JSONValue)] {
        guard let target = sessions[session]?.collections[collection] else { return [] }
        return target.order.compactMap { id in target.items[id].map { (id, $0) } }
    }

    /// A page of a collection in creation order, without copying the rest, and the collection's size.
    public func page(session: String, collection: String, offset: Int, limit: Int) -> (items: [JSONValue], total: Int) {
        guard let target = sessions[session]?.collections[collection] else { return ([], 0) }
        let total = target.order.count
        let start = max(0, min(offset, total))
        let end = min(total, start + max(0, limit))
        return (target.order[start..<end].compactMap { target.items[$0] }, total)
    }

    /// The next number of a collection's id sequence (1, 2, 3 ...).
    public func nextSequence(session: String, collection: String) -> Int {
        var target = sessions[session]?.collections[collection] ?? Collection()
        target.sequence += 1
        sessions[session, default: Session()].collections[collection] = target
        return target.sequence
    }

    public func singleton(session: String, path: String) -> JSONValue? { sessions[session]?.singletons[path] }

    public func setSingleton(session: String, path: String, value: JSONValue) {
        sessions[session, default: Session()].singletons[path] = value
    }

    /// Forgets one session, or all.
    public func reset(session: String? = nil) {
        if let session { sessions[session] = nil } else { sessions.removeAll() }
    }

    /// The number of stored items in every collection of a session.
    public func counts(session: String) -> [String: Int] {
        (sessions[session]?.collections ?? [:]).mapValues(\.items.count)
    }

    /// Everything, as JSON: `{session: {collections: {key: {sequence, items: [{id, value}]}}, singletons}}`.
    public func export() -> JSONValue {
        var root = JSONObject()
        for name in sessions.keys.sorted() {
            guard let session = sessions[name] else { continue }
            var collections = JSONObject()
            for key in session.collections.keys.sorted() {
                guard let collection = session.collections[key] else { continue }
                let items = collection.order.compactMap { id in
                    collection.items[id].map { JSONValue.object(["id": .string(id), "value": $0]) }
                }
                collections.set(key, .object(["sequence": .int(collection.sequence), "items": .array(items)]))
            }
            var singletons = JSONObject()
            for key in session.singletons.keys.sorted() { singletons.set(key, session.singletons[key]!) }
            root.set(name, .object(["collections": .object(collections), "singletons": .object(singletons)]))
        }
        return .object(root)
    }

    /// Replaces everything with an export. Throws (and changes nothing) when the document has the wrong shape.
    public func restore(_ document: JSONValue) throws(StateImportError) {
        guard case .object(let root) = document else {
            throw StateImportError(message: "state must be an object of sessions")
        }
        var restored: [String: Session] = [:]
        for (name, sessionValue) in root {
            var session = Session()
            for (key, collectionValue) in sessionValue["collections"]?.objectValue ?? JSONObject() {
                var collection = Collection()
                collection.sequence = collectionValue["sequence"]?.intValue ?? 0
                guard case .array(let items) = collectionValue["items"] else {
                    throw StateImportError(message: "\(name).collections.\(key).items must be an array")
                }
                for item in items {
                    guard let id = item["id"]?.stringValue, let value = item["value"] else {
                        throw StateImportError(message: "\(name).collections.\(key): every item needs 'id' and 'value'")
                    }
                    if collection.items[id] == nil { collection.order.append(id) }
                    collection.items[id] = value
                }
                session.collections[key] = collection
            }
            for (key, value) in sessionValue["singletons"]?.objectValue ?? JSONObject() {
                session.singletons[key] = value
            }
            restored[name] = session
        }
        sessions = restored
    }
}

/// Why a state document could not be imported.
public struct StateImportError: Error, Sendable {
    public var message: String
}
