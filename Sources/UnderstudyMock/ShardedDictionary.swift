/// A dictionary kept in 64 smaller ones, picked by the key's hash, so growing it rehashes one of them and
/// not every entry. A plain Swift dictionary of 400,000 string keys stops for about 100 ms while it doubles;
/// a collection that grows under load (creates at tens of thousands a second) must not stall every request
/// waiting on the store's lock for that long.
struct ShardedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private static var shardCount: Int { 64 }
    /// Empty until the first entry (most collections are small; an empty one costs nothing).
    private var shards: [[Key: Value]] = []
    /// The number of entries in every shard together.
    private(set) var count = 0

    init() {}

    private static func shard(of key: Key) -> Int { key.hashValue & (shardCount - 1) }

    subscript(key: Key) -> Value? {
        get { shards.isEmpty ? nil : shards[Self.shard(of: key)][key] }
        set {
            guard let newValue else {
                _ = removeValue(forKey: key)
                return
            }
            updateValue(newValue, forKey: key)
        }
    }

    /// Stores `value` under `key` and returns what was there before, if anything (one look-up where reading
    /// and then setting takes two).
    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        if shards.isEmpty { shards = Array(repeating: [:], count: Self.shardCount) }
        let old = shards[Self.shard(of: key)].updateValue(value, forKey: key)
        if old == nil { count += 1 }
        return old
    }

    /// Removes and returns the value stored under `key`, if any.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard !shards.isEmpty, let removed = shards[Self.shard(of: key)].removeValue(forKey: key) else { return nil }
        count -= 1
        return removed
    }
}
