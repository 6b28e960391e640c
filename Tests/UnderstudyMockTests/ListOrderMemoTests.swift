import Testing
import UnderstudySchema

@testable import UnderstudyMock

@Suite struct ListOrderMemoTests {
    static func key(_ session: String = "default", sort: String? = "-name") -> ListOrderMemo.Key {
        ListOrderMemo.Key(
            operation: 3, session: session, collection: "/pets",
            filters: [ListOrderMemo.Criterion(name: "kind", value: "cat", ruled: false)], sort: sort, descending: false)
    }

    @Test func anOrderIsKeptOnlyAtTheRevisionItWasMadeFrom() {
        let memo = ListOrderMemo()
        memo.keep(["b", "a"], for: Self.key(), revision: 7)
        #expect(memo.items(for: Self.key(), revision: 7) == ["b", "a"])
        #expect(memo.items(for: Self.key(), revision: 8) == nil)
        #expect(memo.items(for: Self.key(), revision: 6) == nil)
        #expect(memo.items(for: Self.key("other"), revision: 7) == nil)
        #expect(memo.items(for: Self.key(sort: "name"), revision: 7) == nil)
        // An order made at a later revision drops every older one.
        memo.keep(["c"], for: Self.key(sort: "name"), revision: 8)
        #expect(memo.count == 1)
        #expect(memo.items(for: Self.key(), revision: 8) == nil)
        #expect(memo.items(for: Self.key(sort: "name"), revision: 8) == ["c"])
        // One made from an older revision (a request that read the store before a change) is not kept.
        memo.keep(["b", "a"], for: Self.key(), revision: 7)
        #expect(memo.items(for: Self.key(), revision: 7) == nil)
        #expect(memo.count == 1)
    }

    @Test func ordersAreKeptWithinTheirBudget() {
        let three: [JSONValue] = ["a", "b", "c"]
        let one = ListOrderMemo.weight(of: three, for: Self.key("one"))
        let other = ListOrderMemo.weight(of: ["a", "b"], for: Self.key("three"))
        #expect(one > 3 * 8 && other < one)
        let memo = ListOrderMemo(budget: one + other)
        memo.keep(three, for: Self.key("one"), revision: 1)
        memo.keep(three, for: Self.key("two"), revision: 1)
        memo.keep(["a", "b"], for: Self.key("three"), revision: 1)
        #expect(memo.items(for: Self.key("one"), revision: 1) == three)
        #expect(memo.items(for: Self.key("two"), revision: 1) == nil)
        #expect(memo.items(for: Self.key("three"), revision: 1) == ["a", "b"])
        #expect(memo.count == 2)
    }

    /// A filter that matches nothing, sent with a new value each time, makes only empty orders: they still
    /// weigh (their keys), so they do not pile up without end.
    @Test func emptyOrdersStillWeigh() {
        let memo = ListOrderMemo(budget: 64 << 10)
        for attempt in 0..<20_000 {
            let key = ListOrderMemo.Key(
                operation: 1, session: "default", collection: "/pets",
                filters: [
                    ListOrderMemo.Criterion(name: "name", value: .string("no such name \(attempt)"), ruled: false)
                ],
                sort: nil, descending: false)
            memo.keep([], for: key, revision: 1)
        }
        #expect(memo.count > 100)
        #expect(memo.count < 1_000)
    }
}
