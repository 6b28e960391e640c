import Dispatch
import NIOCore
import Synchronization

/// Every open connection of a server, and whether it is waiting for a request (since when) or being
/// answered, so the connection cap can make room: at the cap, a new connection closes the one that has been
/// waiting longest (idle between requests, or with a request half sent: the slow client that would
/// otherwise hold its file descriptor for ever); when all are being answered, the new one is refused.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// When it started waiting for a request; nil while one is being answered.
        var waitingSince: UInt64?
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The number of connections open.
    var count: Int { entries.withLock { $0.count } }

    /// Registers a new connection, waiting for its first request. Returns the connection to close to stay
    /// within the cap: the one waiting longest, or `channel` itself when every other one is being answered.
    func admit(_ channel: any Channel) -> (any Channel)? {
        let now = DispatchTime.now().uptimeNanoseconds
        return entries.withLock { entries in
            entries[ObjectIdentifier(channel)] = Entry(channel: channel, waitingSince: now)
            guard entries.count > capacity else { return nil }
            let oldest = entries.filter { $0.key != ObjectIdentifier(channel) && $0.value.waitingSince != nil }
                .min { $0.value.waitingSince! < $1.value.waitingSince! }
            let victim = oldest?.value.channel ?? channel
            entries[ObjectIdentifier(victim)] = nil
            return victim
        }
    }

    /// Notes that `channel` waits for its next request from now on.
    func waiting(_ channel: any Channel) {
        let now = DispatchTime.now().uptimeNanoseconds
        entries.withLock { $0[ObjectIdentifier(channel)]?.waitingSince = now }
    }

    /// Notes that a request of `channel` is being answered.
    func answering(_ channel: any Channel) {
        entries.withLock { $0[ObjectIdentifier(channel)]?.waitingSince = nil }
    }

    /// Forgets a closed connection.
    func remove(_ channel: any Channel) {
        entries.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
