/// An ordered JSON object that keeps the source location of each key and value.
///
/// Keys keep their document order. Lookup is by a hash index for larger objects and by a linear scan for
/// small ones. Equality ignores order and locations.
public struct JSONObject: Sendable, Hashable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    /// Location of each key, parallel to `keys`; empty when the object was built in code.
    public private(set) var keyLocations: [SourceLocation] = []
    /// Location of each value, parallel to `values`; empty when the object was built in code.
    public private(set) var valueLocations: [SourceLocation] = []
    /// Location of the object itself (its first key, or its opening brace).
    public var location: SourceLocation = .unknown
    private var index: [String: Int]? = nil

    private static let indexThreshold = 12

    public init() {}

    /// Number of members.
    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The position of `key` in the member list.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        for (position, candidate) in keys.enumerated() where candidate == key { return position }
        return nil
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
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

    /// Sets `key` to `value`, keeping the position of an existing key. New keys are appended.
    public mutating func set(
        _ key: String, _ value: JSONValue, keyLocation: SourceLocation = .unknown,
        valueLocation: SourceLocation = .unknown
    ) {
        if let position = position(of: key) {
            values[position] = value
            if !valueLocations.isEmpty, valueLocation.isKnown { valueLocations[position] = valueLocation }
            return
        }
        let hasLocations = !keyLocations.isEmpty || (keys.isEmpty && (keyLocation.isKnown || valueLocation.isKnown))
        if hasLocations && keyLocations.count < keys.count {
            keyLocations.append(contentsOf: repeatElement(.unknown, count: keys.count - keyLocations.count))
            valueLocations.append(contentsOf: repeatElement(.unknown, count: keys.count - valueLocations.count))
        }
        keys.append(key)
        values.append(value)
        if hasLocations {
            keyLocations.append(keyLocation)
            valueLocations.append(valueLocation)
        }
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            var built: [String: Int] = [:]
            built.reserveCapacity(keys.count * 2)
            for (position, key) in keys.enumerated() { built[key] = position }
            index = built
        }
    }

    /// Removes `key` if present and returns its value.
    @discardableResult
    public mutating func remove(_ key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let value = values.remove(at: position)
        keys.remove(at: position)
        if !keyLocations.isEmpty {
            keyLocations.remove(at: position)
            valueLocations.remove(at: position)
        }
        if index != nil {
            var built: [String: Int] = [:]
            for (position, key) in keys.enumerated() { built[key] = position }
            index = built
        }
        return value
    }

    /// The source location of the value stored under `key`.
    public func valueLocation(of key: String) -> SourceLocation {
        guard let position = position(of: key), position < valueLocations.count else { return location }
        return valueLocations[position]
    }

    /// The source location of `key` itself.
    public func keyLocation(of key: String) -> SourceLocation {
        guard let position = position(of: key), position < keyLocations.count else { return location }
        return keyLocations[position]
    }

    /// Members in document order.
    public func makeIterator() -> Iterator { Iterator(keys: keys, values: values) }

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
        for (position, key) in lhs.keys.enumerated() {
            guard let other = rhs[key], other == lhs.values[position] else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
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
