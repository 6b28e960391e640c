import Synchronization

/// The last N exchanges, for the admin API (a ring buffer: appending never shifts the others).
final class RequestLog: Sendable {
    private struct Ring {
        var entries: [ExchangeRecord] = []
        var next = 0
    }

    private let ring = Mutex(Ring())
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func append(_ record: ExchangeRecord) {
        ring.withLock { ring in
            if ring.entries.count < capacity {
                ring.entries.append(record)
            } else {
                ring.entries[ring.next] = record
            }
            ring.next = (ring.next + 1) % capacity
        }
    }

    /// The newest `count` entries, oldest first.
    func last(_ count: Int) -> [ExchangeRecord] {
        ring.withLock { ring in
            let ordered =
                ring.entries.count < capacity
                ? ring.entries : Array(ring.entries[ring.next...] + ring.entries[..<ring.next])
            return Array(ordered.suffix(max(0, count)))
        }
    }
}
