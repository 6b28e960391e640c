import Dispatch
import Synchronization

/// Values already found valid against a schema, so a value that is checked again and again (a stored
/// resource read by many requests, a page size sent with every list call) is validated once.
///
/// Only successes are remembered. Values are compared by equality (member order aside, which validation
/// ignores too), so a changed value is validated afresh. The memo is bounded by a budget of bytes (the
/// caller's estimate of each value's size, e.g. its serialised length); when it is spent, the memo starts
/// over, and the old entries are freed on a background queue so the caller does not wait for it.
public final class ValidationMemo: Sendable {
    /// A value and a schema, with their hash worked out once, by the caller, outside the memo's lock: hashing
    /// a large value is most of a lookup's cost, and two event loops should not wait for each other's.
    private struct Key: Hashable, Sendable {
        var schema: String
        var value: JSONValue
        var digest: Int

        init(schema: String, value: JSONValue) {
            self.schema = schema
            self.value = value
            var hasher = Hasher()
            hasher.combine(schema)
            hasher.combine(value)
            digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        static func == (left: Key, right: Key) -> Bool {
            left.digest == right.digest && left.schema == right.schema && left.value == right.value
        }
    }

    private struct Entries: Sendable {
        var known = Set<Key>()
        var weight = 0
    }

    private let entries = Mutex(Entries())
    private let budget: Int

    /// A memo that holds values worth up to `budget` bytes.
    public init(budget: Int = 32 << 20) { self.budget = budget }

    /// Whether `value` was found valid against the schema at `schema` before.
    public func isKnownValid(_ value: JSONValue, against schema: String) -> Bool {
        let key = Key(schema: schema, value: value)
        return entries.withLock { $0.known.contains(key) }
    }

    /// Records that `value` (about `weight` bytes) is valid against the schema at `schema`. A value heavier
    /// than a sixteenth of the budget is not kept.
    public func remember(_ value: JSONValue, validAgainst schema: String, weight: Int) {
        let cost = max(1, weight) + schema.utf8.count
        guard cost <= budget / 16 else { return }
        let key = Key(schema: schema, value: value)
        let dropped: Entries? = entries.withLock { entries in
            var dropped: Entries? = nil
            if entries.weight + cost > budget {
                dropped = entries
                entries = Entries()
            }
            if entries.known.insert(key).inserted { entries.weight += cost }
            return dropped
        }
        if let dropped { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(dropped) {} } }
    }
}
