import Synchronization

/// The last N exchanges, for the admin API and the dashboard (a ring buffer: appending never shifts the
/// others), numbered in arrival order; listeners hear of each as it is logged (the dashboard's live feed).
final class RequestLog: Sendable {
    private struct Ring {
        var entries: [ExchangeRecord] = []
        /// Each entry's number, beside it: numbering the entry itself would copy a record the caller still
        /// shares (its members live in one shared object), so it is numbered when it is read.
        var ids: [Int] = []
        var next = 0
        var lastId = 0
        var listeners: [Int: @Sendable (ExchangeRecord) -> Void] = [:]
        var lastListener = 0

        /// The entry at `slot` with its number.
        func numbered(_ slot: Int) -> ExchangeRecord {
            var record = entries[slot]
            record.id = ids[slot]
            return record
        }
    }

    private let ring = Mutex(Ring())
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Numbers and keeps `record`, then tells the listeners (outside the lock).
    func append(_ record: ExchangeRecord) {
        // The entry pushed out is freed after the lock is let go, and a log nobody listens to makes no list of
        // listeners: other event loops wait for this lock.
        // The record is copied once, into its slot; the listeners get a copy only when there are any.
        let (numbered, listeners, pushedOut) = ring.withLock {
            ring -> (ExchangeRecord?, [@Sendable (ExchangeRecord) -> Void], ExchangeRecord?) in
            ring.lastId += 1
            let slot = ring.next
            var pushedOut: ExchangeRecord? = nil
            if ring.entries.count < capacity {
                ring.entries.append(record)
                ring.ids.append(ring.lastId)
            } else {
                var incoming = record
                swap(&incoming, &ring.entries[slot])
                pushedOut = incoming
                ring.ids[slot] = ring.lastId
            }
            ring.next = (ring.next + 1) % capacity
            guard !ring.listeners.isEmpty else { return (nil, [], pushedOut) }
            return (ring.numbered(slot), Array(ring.listeners.values), pushedOut)
        }
        withExtendedLifetime(pushedOut) {}
        if let numbered {
            for listener in listeners { listener(numbered) }
        }
    }

    /// The newest `count` entries, oldest first.
    func last(_ count: Int) -> [ExchangeRecord] {
        ring.withLock { ring in
            let slots = Array(
                ring.entries.count < capacity
                    ? Array(ring.entries.indices) : Array(ring.next..<capacity) + Array(0..<ring.next))
            return slots.suffix(max(0, count)).map { ring.numbered($0) }
        }
    }

    /// The entry numbered `id`, while the ring still holds it.
    func entry(_ id: Int) -> ExchangeRecord? {
        ring.withLock { ring in ring.ids.firstIndex(of: id).map { ring.numbered($0) } }
    }

    /// Calls `listener` with every entry logged from now on, until the returned closure is called.
    func listen(_ listener: @escaping @Sendable (ExchangeRecord) -> Void) -> @Sendable () -> Void {
        let id = ring.withLock { ring in
            ring.lastListener += 1
            ring.listeners[ring.lastListener] = listener
            return ring.lastListener
        }
        return { [weak self] in
            _ = self?.ring.withLock { $0.listeners.removeValue(forKey: id) }
        }
    }
}
