/// The last N exchanges, for the admin API (a ring buffer: appending never shifts the others).
actor RequestLog {
    private var entries: [ExchangeRecord] = []
    private var next = 0
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func append(_ record: ExchangeRecord) {
        if entries.count < capacity {
            entries.append(record)
        } else {
            entries[next] = record
        }
        next = (next + 1) % capacity
    }

    /// The newest `count` entries, oldest first.
    func last(_ count: Int) -> [ExchangeRecord] {
        let ordered = entries.count < capacity ? entries : Array(entries[next...] + entries[..<next])
        return Array(ordered.suffix(max(0, count)))
    }
}
