import Dispatch
import NIOCore
import Synchronization

/// Every open connection of a server, and whether it is waiting for a request (since when) or being
/// answered, so the connection cap can make room: at the cap, a new connection closes the one that has been
/// waiting longest (idle between requests, or with a request half sent: the slow client that would
/// otherwise hold its file descriptor for ever); when all are being answered, the new one is refused.
///
/// The lock is taken when a connection opens or closes; between requests a connection only stores into its
/// own ``Slot`` (an atomic), so two event loops answering requests never wait for each other here.
final class ConnectionRegistry: Sendable {
    /// One connection's entry: since when it waits for a request (uptime nanoseconds), or
    /// ``Slot/answering`` while one of its requests is being answered.
    final class Slot: Sendable {
        static let answering: UInt64 = 0
        let channel: any Channel
        private let waitingSince: Atomic<UInt64>

        init(channel: any Channel, waitingSince: UInt64) {
            self.channel = channel
            self.waitingSince = Atomic(max(1, waitingSince))
        }

        /// Since when the connection waits for a request; nil while one is being answered.
        var waiting: UInt64? {
            let since = waitingSince.load(ordering: .relaxed)
            return since == Self.answering ? nil : since
        }

        /// Notes that the connection waits for its next request from now on.
        func markWaiting() {
            waitingSince.store(max(1, DispatchTime.now().uptimeNanoseconds), ordering: .relaxed)
        }

        /// Notes that a request of the connection is being answered.
        func markAnswering() { waitingSince.store(Self.answering, ordering: .relaxed) }
    }

    private let slots = Mutex<[ObjectIdentifier: Slot]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The number of connections open.
    var count: Int { slots.withLock { $0.count } }

    /// Registers a new connection, waiting for its first request, and returns its slot and the connection
    /// to close to stay within the cap: the one waiting longest, or `channel` itself when every other one is
    /// being answered.
    func admit(_ channel: any Channel) -> (slot: Slot, victim: (any Channel)?) {
        let slot = Slot(channel: channel, waitingSince: DispatchTime.now().uptimeNanoseconds)
        let victim = slots.withLock { slots -> (any Channel)? in
            slots[ObjectIdentifier(channel)] = slot
            guard slots.count > capacity else { return nil }
            var oldest: (key: ObjectIdentifier, since: UInt64)? = nil
            for (key, other) in slots where key != ObjectIdentifier(channel) {
                if let since = other.waiting, since < oldest?.since ?? .max { oldest = (key, since) }
            }
            let key = oldest?.key ?? ObjectIdentifier(channel)
            let victim = slots[key]?.channel ?? channel
            slots[key] = nil
            return victim
        }
        return (slot, victim)
    }

    /// Forgets a closed connection.
    func remove(_ channel: any Channel) {
        slots.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
