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

    @Test func ordersAreKeptWithinTheBudgetOfItems() {
        let memo = ListOrderMemo(budget: 5)
        memo.keep(["a", "b", "c"], for: Self.key("one"), revision: 1)
        memo.keep(["a", "b", "c"], for: Self.key("two"), revision: 1)
        memo.keep(["a", "b"], for: Self.key("three"), revision: 1)
        #expect(memo.items(for: Self.key("one"), revision: 1) == ["a", "b", "c"])
        #expect(memo.items(for: Self.key("two"), revision: 1) == nil)
        #expect(memo.items(for: Self.key("three"), revision: 1) == ["a", "b"])
        #expect(memo.count == 2)
    }
}
