import UnderstudyContract
import UnderstudySchema

/// A stored item the contract no longer accepts (`serve --state` after the contract changed).
public struct StoredItemMisfit: Sendable {
    public var session: String
    public var collection: String
    public var id: String
    public var value: JSONValue
    /// The first way it does not fit, as the validator says it (`/title: expected type "string" …`).
    public var reason: String

    public init(session: String, collection: String, id: String, value: JSONValue, reason: String) {
        self.session = session
        self.collection = collection
        self.id = id
        self.value = value
        self.reason = reason
    }
}

extension MockEngine {
    /// The items in `store` that belong to this contract's collections and no longer validate against their
    /// item schema (as an answer would be checked), in session, collection and creation order. Items of
    /// collections the contract no longer has are not looked at: no operation can reach them.
    public func storedItemsThatNoLongerFit() -> [StoredItemMisfit] {
        var collections: [CollectionInfo] = []
        var seen = Set<String>()
        for behavior in behaviors {
            guard let info = behavior.collection, seen.insert(info.itemPath).inserted else { continue }
            collections.append(info)
        }
        let validator = contract.validator(direction: .response)
        var misfits: [StoredItemMisfit] = []
        for session in store.sessionNames.sorted() {
            let keys = store.counts(session: session).keys.sorted()
            for info in collections {
                guard let schema = behaviour.itemModels[info.itemPath]?.schema else { continue }
                for key in keys where Self.key(key, belongsTo: info) {
                    for (id, value) in store.items(session: session, collection: key) {
                        guard let problem = validator.validate(value, against: schema.uri).first else { continue }
                        misfits.append(
                            StoredItemMisfit(
                                session: session, collection: key, id: id, value: value, reason: "\(problem)"))
                    }
                }
            }
        }
        return misfits
    }

    /// A fingerprint of the contract as served (its documents, with what a profile added): a state file
    /// remembers it, so a later start can tell that the contract changed and check the stored items.
    public var contractFingerprint: String {
        let text = contract.documents.keys.sorted().map { uri in
            uri + "\u{0}" + JSONSerializer.serialize(contract.documents[uri]!.value)
        }.joined(separator: "\u{1}")
        return String(SeededRandom.fnv1a(text), radix: 16)
    }

    /// Whether a store key (`/a/{aId}/things?aId=1#tenant`) is one scope of `info`'s collection.
    static func key(_ key: String, belongsTo info: CollectionInfo) -> Bool {
        guard key.hasPrefix(info.collectionPath) else { return false }
        let rest = key.dropFirst(info.collectionPath.count)
        return rest.isEmpty || rest.first == "?" || rest.first == "#"
    }
}
