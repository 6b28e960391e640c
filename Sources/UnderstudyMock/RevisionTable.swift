import Dispatch

/// Values worked out from the store at one revision, by key, within a budget: what ``ReadCache`` and
/// ``ListOrderMemo`` keep. A value is found only while the store is still at the revision it was made from
/// (any write moves the revision on, so nothing stale is used); keeping one made at a later revision starts
/// the table over, and one made at an earlier revision (read before a write that has since landed) is not
/// kept. When the budget is spent, new values are not kept until the next change.
struct RevisionTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private(set) var revision: UInt64 = 0
    private(set) var values: [Key: Value] = [:]
    /// What the kept values weigh together, in the caller's unit.
    private(set) var weight = 0

    /// The value kept for `key`, when the store is still at `revision`.
    func value(for key: Key, at revision: UInt64) -> Value? {
        guard self.revision == revision else { return nil }
        return values[key]
    }

    /// Keeps `value`, made from the store at `revision` and weighing `weight`, for `key` within `budget`;
    /// returns the table it started over from, if it did, for the caller to free outside its lock
    /// (``release(_:inBackgroundIf:)``).
    mutating func keep(_ value: Value, for key: Key, weight: Int, at revision: UInt64, budget: Int) -> RevisionTable? {
        guard revision >= self.revision else { return nil }
        var dropped: RevisionTable? = nil
        if revision > self.revision {
            dropped = self
            self = RevisionTable(revision: revision)
        }
        if self.weight + weight <= budget, values.updateValue(value, forKey: key) == nil { self.weight += weight }
        return dropped
    }

    /// Frees `dropped` on a background queue when `isHeavy` says so, so the thread that answers a request does
    /// not wait for it.
    static func release(_ dropped: RevisionTable?, inBackgroundIf isHeavy: (RevisionTable) -> Bool) {
        guard let dropped, isHeavy(dropped) else { return }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(dropped) {} }
    }

    private init(revision: UInt64) { self.revision = revision }

    init() {}
}
