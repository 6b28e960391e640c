import Foundation
import Synchronization

/// What a mock hands out and counts as it runs, per session: credentials issued by login operations
/// (token → principal and expiry), and when each item with a
/// lifecycle was born and how often it has been read (for lifecycles that move on after N polls).
/// Forgetting a session (a reset of it, or its eviction) forgets all of that session's; expired
/// credentials are pruned as new ones are issued, so a long run does not accumulate them.
final class IssuedCredentials: Sendable {
    struct Grant: Sendable {
        var principal: String
        var scheme: String
        var expires: Date
        /// The session whose login issued it.
        var session: String
    }

    /// One session's counts.
    private struct Tally {
        var polls: [String: Int] = [:]
        var births: [String: Date] = [:]
    }

    private struct Memory {
        var grants: [String: Grant] = [:]
        var tallies: [String: Tally] = [:]
        /// Grants issued since expired ones were last pruned.
        var issuedSincePrune = 0
    }

    private let memory = Mutex(Memory())

    /// Keeps `grant` for `token`; every so often drops grants that expired before `now`.
    func issue(_ token: String, _ grant: Grant, now: Date) {
        memory.withLock { memory in
            memory.grants[token] = grant
            memory.issuedSincePrune += 1
            if memory.issuedSincePrune >= 256 {
                memory.issuedSincePrune = 0
                memory.grants = memory.grants.filter { $0.value.expires > now }
            }
        }
    }

    func grant(_ token: String) -> Grant? { memory.withLock { $0.grants[token] } }

    func revoke(_ token: String) { memory.withLock { _ = $0.grants.removeValue(forKey: token) } }

    /// Counts one more read of an item; returns the count so far.
    func poll(_ key: String, session: String) -> Int {
        memory.withLock { memory in
            memory.tallies[session, default: Tally()].polls[key, default: 0] += 1
            return memory.tallies[session]!.polls[key]!
        }
    }

    /// Notes when an item with a lifecycle was created.
    func born(_ key: String, session: String, at date: Date) {
        memory.withLock { $0.tallies[session, default: Tally()].births[key] = date }
    }

    func birth(_ key: String, session: String) -> Date? { memory.withLock { $0.tallies[session]?.births[key] } }

    /// Starts an item's lifecycle again: born now, no polls yet.
    func restart(_ key: String, session: String, at date: Date) {
        memory.withLock { memory in
            memory.tallies[session, default: Tally()].births[key] = date
            memory.tallies[session]?.polls[key] = nil
        }
    }

    /// Forgets what one session was issued and counted (its reset or eviction).
    func forget(session: String) {
        memory.withLock { memory in
            memory.tallies[session] = nil
            memory.grants = memory.grants.filter { $0.value.session != session }
        }
    }

    /// How many credentials and sessions with counts are held (for tests of boundedness).
    var sizes: (grants: Int, sessions: Int) { memory.withLock { ($0.grants.count, $0.tallies.count) } }

    func reset() { memory.withLock { $0 = Memory() } }
}
