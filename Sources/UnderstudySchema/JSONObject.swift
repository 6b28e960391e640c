/// An ordered JSON object that keeps the source location of each key and value.
///
/// Keys keep their document order. Lookup is by a hash index for larger objects and by a linear scan for
/// small ones. Equality ignores order and locations.
///
/// The members live in one shared storage object, copied on the first change through a copy that shares
/// it: copying an object (into an enum payload, out of an array, into a store) counts one reference
/// instead of one per member array.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// The members and their locations. Changed only through a ``JSONObject`` that holds the only
    /// reference to it, so sharing it between threads is safe.
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var keys: [String]
        @exclusivity(unchecked) var values: [JSONValue]
        /// Location of each key, parallel to `keys`; empty when the object was built in code.
        @exclusivity(unchecked) var keyLocations: [SourceLocation]
        /// Location of each value, parallel to `values`; empty when the object was built in code.
        @exclusivity(unchecked) var valueLocations: [SourceLocation]
        @exclusivity(unchecked) var index: [String: Int]?

        init() {
            keys = []
            values = []
            keyLocations = []
            valueLocations = []
            index = nil
        }

        init(copying other: Storage) {
            keys = other.keys
            values = other.values
            keyLocations = other.keyLocations
            valueLocations = other.valueLocations
            index = other.index
        }

        /// The storage of every object built empty, until its first member (never changed itself: it is
        /// never uniquely referenced).
        static let empty = Storage()
    }

    private var storage: Storage = .empty

    public var keys: [String] { storage.keys }
    public var values: [JSONValue] { storage.values }
    /// Location of each key, parallel to `keys`; empty when the object was built in code.
    public var keyLocations: [SourceLocation] { storage.keyLocations }
    /// Location of each value, parallel to `values`; empty when the object was built in code.
    public var valueLocations: [SourceLocation] { storage.valueLocations }
    /// Location of the object itself (its first key, or its opening brace).
    public var location: SourceLocation = .unknown

    private static let indexThreshold = 12

    public init() {}

    /// An object of distinct `keys` with their `values`, in that order, and their locations (each empty, or
    /// one per member): made at once by a reader that has gathered the members.
    init(
        keys: [String], values: [JSONValue], keyLocations: [SourceLocation], valueLocations: [SourceLocation],
        location: SourceLocation
    ) {
        self.location = location
        guard !keys.isEmpty else { return }
        let storage = Storage()
        storage.keys = keys
        storage.values = values
        storage.keyLocations = keyLocations
        storage.valueLocations = valueLocations
        if keys.count > Self.indexThreshold {
            var built: [String: Int] = [:]
            built.reserveCapacity(keys.count * 2)
            for (position, key) in keys.enumerated() { built[key] = position }
            storage.index = built
        }
        self.storage = storage
    }

    /// The storage, made this object's own first when it is shared.
    private mutating func ownStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
        return storage
    }

    /// Number of members.
    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    /// The position of `key` in the member list.
    public func position(of key: String) -> Int? {
        let storage = self.storage
        if let index = storage.index { return index[key] }
        return storage.keys.withUnsafeBufferPointer { keys in
            for position in keys.indices where keys[position] == key { return position }
            return nil
        }
    }

    /// The value of `key`, looked for first at `hint`: the position the same key had in a like object, as
    /// the items of one collection keep their members in one order. Reading one field of many items so
    /// compares one key per item instead of hashing it. `hint` becomes the position found.
    public func value(of key: String, hint: inout Int) -> JSONValue? {
        let storage = self.storage
        if hint >= 0, hint < storage.keys.count, storage.keys[hint] == key { return storage.values[hint] }
        guard let found = position(of: key) else { return nil }
        hint = found
        return storage.values[found]
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { storage.values[$0] } }
        set {
            if let newValue {
                set(key, newValue)
            } else {
                remove(key)
            }
        }
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Makes room for `count` members, so an object built member by member grows its storage once.
    public mutating func reserveCapacity(_ count: Int) {
        guard count > self.count else { return }
        let storage = ownStorage()
        storage.keys.reserveCapacity(count)
        storage.values.reserveCapacity(count)
    }

    /// Sets `key` to `value`, keeping the position of an existing key. New keys are appended.
    public mutating func set(
        _ key: String, _ value: JSONValue, keyLocation: SourceLocation = .unknown,
        valueLocation: SourceLocation = .unknown
    ) {
        let existing = position(of: key)
        let storage = ownStorage()
        if let position = existing {
            storage.values[position] = value
            if !storage.valueLocations.isEmpty, valueLocation.isKnown {
                storage.valueLocations[position] = valueLocation
            }
            return
        }
        let count = storage.keys.count
        let hasLocations =
            !storage.keyLocations.isEmpty || (count == 0 && (keyLocation.isKnown || valueLocation.isKnown))
        if hasLocations && storage.keyLocations.count < count {
            storage.keyLocations.append(
                contentsOf: repeatElement(.unknown, count: count - storage.keyLocations.count))
            storage.valueLocations.append(
                contentsOf: repeatElement(.unknown, count: count - storage.valueLocations.count))
        }
        storage.keys.append(key)
        storage.values.append(value)
        if hasLocations {
            storage.keyLocations.append(keyLocation)
            storage.valueLocations.append(valueLocation)
        }
        if storage.index != nil {
            storage.index![key] = count
        } else if count + 1 > Self.indexThreshold {
            var built: [String: Int] = [:]
            built.reserveCapacity((count + 1) * 2)
            for (position, key) in storage.keys.enumerated() { built[key] = position }
            storage.index = built
        }
    }

    /// Removes `key` if present and returns its value.
    @discardableResult
    public mutating func remove(_ key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let storage = ownStorage()
        let value = storage.values.remove(at: position)
        storage.keys.remove(at: position)
        if !storage.keyLocations.isEmpty {
            storage.keyLocations.remove(at: position)
            storage.valueLocations.remove(at: position)
        }
        if storage.index != nil {
            var built: [String: Int] = [:]
            for (position, key) in storage.keys.enumerated() { built[key] = position }
            storage.index = built
        }
        return value
    }

    /// The source location of the value stored under `key`.
    public func valueLocation(of key: String) -> SourceLocation {
        guard let position = position(of: key), position < storage.valueLocations.count else { return location }
        return storage.valueLocations[position]
    }

    /// The source location of `key` itself.
    public func keyLocation(of key: String) -> SourceLocation {
        guard let position = position(of: key), position < storage.keyLocations.count else { return location }
        return storage.keyLocations[position]
    }

    /// Members in document order.
    public func makeIterator() -> Iterator { Iterator(keys: storage.keys, values: storage.values) }

    /// Walks the members in document order (a plain struct: every validation and serialization walks
    /// objects, and a type-erased iterator costs a closure call and an allocation per object).
    public struct Iterator: IteratorProtocol {
        private let keys: [String]
        private let values: [JSONValue]
        private var position = 0

        init(keys: [String], values: [JSONValue]) {
            self.keys = keys
            self.values = values
        }

        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < keys.count, position < values.count else { return nil }
            defer { position += 1 }
            return (keys[position], values[position])
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let values = lhs.values
        for (position, key) in lhs.keys.enumerated() {
            guard let other = rhs[key], other == values[position] else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        let values = self.values
        for (position, key) in keys.enumerated() {
            var member = Hasher()
            member.combine(key)
            member.combine(values[position])
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
