/// The last N exchanges, for the admin API.
actor RequestLog {
    private var entries: [ExchangeRecord] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func append(_ record: ExchangeRecord) {
        entries.append(record)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    func last(_ count: Int) -> [ExchangeRecord] { Array(entries.suffix(max(0, count))) }
}
