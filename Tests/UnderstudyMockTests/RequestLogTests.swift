import Synchronization
import Testing

@testable import UnderstudyMock

/// The journal's ring: entries numbered in arrival order, the oldest pushed out when it is full, and each
/// read (the last ones, one by number, a listener's copy) carrying its number.
@Suite struct RequestLogTests {
    static func record(_ path: String) -> ExchangeRecord {
        ExchangeRecord(
            method: "GET", path: path, operationId: nil, behavior: nil, status: 200, issues: [], milliseconds: 0,
            session: "default")
    }

    @Test func entriesAreNumberedAndTheOldestGoWhenTheRingIsFull() {
        let log = RequestLog(capacity: 3)
        let heard = Mutex<[Int]>([])
        let stop = log.listen { record in heard.withLock { $0.append(record.id) } }
        for index in 1...5 { log.append(Self.record("/r\(index)")) }
        stop()
        log.append(Self.record("/r6"))
        #expect(log.last(10).map(\.id) == [4, 5, 6])
        #expect(log.last(10).map(\.path) == ["/r4", "/r5", "/r6"])
        #expect(log.last(2).map(\.id) == [5, 6])
        #expect(log.entry(3) == nil)
        #expect(log.entry(5)?.path == "/r5")
        #expect(log.entry(5)?.id == 5)
        #expect(heard.withLock { $0 } == [1, 2, 3, 4, 5])
        let record = Self.record("/kept")
        log.append(record)
        // The caller's copy is left as it was.
        #expect(record.id == 0)
        #expect(log.last(1).first?.id == 7)
    }
}
