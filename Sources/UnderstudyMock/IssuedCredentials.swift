import Foundation
import Synchronization

/// What a mock hands out and counts as it runs: credentials issued by login operations (token → principal
/// and expiry), named counters (`counter('invoices')`), and how often each item has been read (for
/// lifecycles that move on after N polls). A reset forgets all of it.
final class IssuedCredentials: Sendable {
    struct Grant: Sendable {
        var principal: String
        var scheme: String
        var expires: Date
    }

    private struct Memory {
        var grants: [String: Grant] = [:]
        var counters: [String: Int] = [:]
        var polls: [String: Int] = [:]
        var births: [String: Date] = [:]
    }

    private let memory = Mutex(Memory())

    func issue(_ token: String, _ grant: Grant) { memory.withLock { $0.grants[token] = grant } }

    func grant(_ token: String) -> Grant? { memory.withLock { $0.grants[token] } }

    func revoke(_ token: String) { memory.withLock { _ = $0.grants.removeValue(forKey: token) } }

    /// The next value of a named counter (1, 2, 3 …).
    func next(_ counter: String) -> Int {
        memory.withLock { memory in
            memory.counters[counter, default: 0] += 1
            return memory.counters[counter]!
        }
    }

    /// Counts one more read of an item; returns the count so far.
    func poll(_ key: String) -> Int {
        memory.withLock { memory in
            memory.polls[key, default: 0] += 1
            return memory.polls[key]!
        }
    }

    /// Notes when an item with a lifecycle was created.
    func born(_ key: String, at date: Date) { memory.withLock { $0.births[key] = date } }

    func birth(_ key: String) -> Date? { memory.withLock { $0.births[key] } }

    /// Starts an item's lifecycle again: born now, no polls yet.
    func restart(_ key: String, at date: Date) {
        memory.withLock { memory in
            memory.births[key] = date
            memory.polls[key] = nil
        }
    }

    func reset() { memory.withLock { $0 = Memory() } }
}
