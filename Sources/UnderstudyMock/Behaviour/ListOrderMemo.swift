import Dispatch
import Synchronization
import UnderstudySchema

/// A list's items after its filters and sort, by what decides them (operation, session, collection, the
/// filters sent and the sort), valid while the store does not change: each entry belongs to the store's
/// revision when it was made, and any write moves the revision on, so a stale order is never used.
///
/// A client paging through a filtered, sorted list asks for the same order page after page, and a request
/// that differs only in what the order does not depend on (another page, a parameter the list ignores)
/// finds it here: only its page is cut and rendered. Without it every page filtered and sorted the whole
/// collection again. Bounded by the items it holds (references to stored values, not copies): when full,
/// new orders are not kept until the next change. Dropped entries are freed on a background queue.
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

    private struct Entries: Sendable {
        var revision: UInt64 = 0
        var orders: [Key: [JSONValue]] = [:]
        var heldItems = 0
    }

    private let entries = Mutex(Entries())
    /// The most item references all kept orders hold together.
    let budget: Int

    init(budget: Int = 1 << 20) { self.budget = budget }

    /// The order kept for `key` while the store is still at `revision`.
    func items(for key: Key, revision: UInt64) -> [JSONValue]? {
        entries.withLock { entries in
            guard entries.revision == revision else { return nil }
            return entries.orders[key]
        }
    }

    /// Keeps `items`, filtered and sorted from the store at `revision`, for `key`.
    func keep(_ items: [JSONValue], for key: Key, revision: UInt64) {
        let dropped: Entries? = entries.withLock { entries in
            guard revision >= entries.revision else { return nil }
            var dropped: Entries? = nil
            if revision > entries.revision {
                dropped = entries
                entries = Entries(revision: revision)
            }
            if entries.heldItems + items.count <= budget, entries.orders.updateValue(items, forKey: key) == nil {
                entries.heldItems += items.count
            }
            return dropped
        }
        if let dropped, dropped.heldItems > 4096 {
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(dropped) {} }
        }
    }

    /// How many orders are kept (for tests).
    var count: Int { entries.withLock { $0.orders.count } }
}
