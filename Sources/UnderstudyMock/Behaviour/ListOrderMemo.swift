import Synchronization
import UnderstudySchema

/// A list's items after its filters and sort, by what decides them (operation, session, collection, the
/// filters sent and the sort), valid while the store does not change: each entry belongs to the store's
/// revision when it was made, and any write moves the revision on, so a stale order is never used.
///
/// A client paging through a filtered, sorted list asks for the same order page after page, and a request
/// that differs only in what the order does not depend on (another page, a parameter the list ignores)
/// finds it here: only its page is cut and rendered. Without it every page filtered and sorted the whole
/// collection again. Bounded by weight: each order counts its item references (not copies of the items) and
/// its key's text, so neither a few huge orders nor many empty ones (a filter value that matches nothing,
/// sent with a new value each time) grow it past its budget; when full, new orders are not kept until the
/// next change. Dropped entries are freed on a background queue.
final class ListOrderMemo: Sendable {
    /// What decides a list's order: the operation (its rule and shape), where its items live, and what was
    /// asked of them.
    struct Key: Hashable, Sendable {
        var operation: Int
        var session: String
        var collection: String
        /// The filters sent, the contract's then the profile rule's, each by name.
        var filters: [Criterion]
        var sort: String?
        var descending: Bool
    }

    /// One filter a request sent: a contract filter parameter, or one of a profile list rule's filters.
    struct Criterion: Hashable, Sendable {
        var name: String
        var value: JSONValue
        var ruled: Bool
    }

    private let orders = Mutex(RevisionTable<Key, [JSONValue]>())
    /// The most all kept orders weigh together, in bytes (see ``weight(of:for:)``).
    let budget: Int

    init(budget: Int = 32 << 20) { self.budget = budget }

    /// What keeping `items` for `key` costs, in bytes, roughly: a reference per item, the key's texts, and
    /// the table's own share.
    static func weight(of items: [JSONValue], for key: Key) -> Int {
        var weight = 64 + items.count * MemoryLayout<JSONValue>.stride + key.session.utf8.count
        weight += key.collection.utf8.count + (key.sort?.utf8.count ?? 0)
        for filter in key.filters { weight += 16 + filter.name.utf8.count + size(of: filter.value) }
        return weight
    }

    /// The bytes a filter's value takes, roughly (texts by their length, lists by their elements).
    private static func size(of value: JSONValue) -> Int {
        switch value {
        case .string(let text): return text.utf8.count
        case .array(let elements): return elements.reduce(16) { $0 + size(of: $1) }
        case .object(let object): return object.reduce(16) { $0 + 16 + $1.key.utf8.count + size(of: $1.value) }
        default: return 16
        }
    }

    /// The order kept for `key` while the store is still at `revision`.
    func items(for key: Key, revision: UInt64) -> [JSONValue]? {
        orders.withLock { $0.value(for: key, at: revision) }
    }

    /// Keeps `items`, filtered and sorted from the store at `revision`, for `key`.
    func keep(_ items: [JSONValue], for key: Key, revision: UInt64) {
        let weight = Self.weight(of: items, for: key)
        let dropped = orders.withLock { $0.keep(items, for: key, weight: weight, at: revision, budget: budget) }
        RevisionTable.release(dropped) { $0.weight > 64 << 10 }
    }

    /// How many orders are kept (for tests).
    var count: Int { orders.withLock { $0.values.count } }
}
