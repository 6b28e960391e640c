import Testing
import UnderstudySchema

@testable import UnderstudyMock

/// A collection keeps the order of its items for reads of the whole of it until its next change; each
/// session's copy of the seeds keeps its own.
@Suite struct StoredOrderTests {
    static func all(_ store: StateStore, _ session: String) -> [Int] {
        store.page(session: session, collection: "/c", offset: 0, limit: .max).items.compactMap(\.intValue)
    }

    @Test func aWholeReadAfterEachChangeHoldsThatChange() {
        let store = StateStore()
        for id in 1...3 { store.put(session: "s", collection: "/c", id: "\(id)", value: .int(id)) }
        #expect(Self.all(store, "s") == [1, 2, 3])
        #expect(Self.all(store, "s") == [1, 2, 3])
        store.put(session: "s", collection: "/c", id: "2", value: .int(20))
        #expect(Self.all(store, "s") == [1, 20, 3])
        store.put(session: "s", collection: "/c", id: "4", value: .int(4))
        #expect(Self.all(store, "s") == [1, 20, 3, 4])
        store.remove(session: "s", collection: "/c", id: "1")
        #expect(Self.all(store, "s") == [20, 3, 4])
        let inner = store.page(session: "s", collection: "/c", offset: 1, limit: 2)
        #expect(inner.items.compactMap(\.intValue) == [3, 4])
        #expect(inner.total == 3)
    }

    /// A put that keeps a present item changes nothing (not its value, its place or the kept order); one
    /// that replaces keeps the place.
    @Test func aPutThatKeepsThePresentItemChangesNothing() {
        let store = StateStore()
        for id in 1...3 { store.put(session: "s", collection: "/c", id: "\(id)", value: .int(id)) }
        #expect(Self.all(store, "s") == [1, 2, 3])
        #expect(!store.put(session: "s", collection: "/c", id: "2", value: .int(20), onlyIfAbsent: true))
        #expect(Self.all(store, "s") == [1, 2, 3])
        #expect(!store.put(session: "s", collection: "/c", id: "2", value: .int(21)))
        #expect(Self.all(store, "s") == [1, 21, 3])
        #expect(store.put(session: "s", collection: "/c", id: "4", value: .int(4), onlyIfAbsent: true))
        #expect(Self.all(store, "s") == [1, 21, 3, 4])
    }

    /// `removeIfPresent` removes what is there, and when nothing is, makes no session and moves nothing.
    @Test func removeIfPresentTakesOnlyWhatIsThere() {
        let store = StateStore()
        let before = store.changeTicket
        #expect(store.removeIfPresent(session: "nobody", collection: "/c", id: "1") == nil)
        #expect(store.sessionNames.isEmpty)
        #expect(store.changeTicket == before)
        store.put(session: "s", collection: "/c", id: "1", value: .int(1))
        store.put(session: "s", collection: "/c", id: "2", value: .int(2))
        #expect(store.removeIfPresent(session: "s", collection: "/c", id: "3") == nil)
        #expect(store.removeIfPresent(session: "s", collection: "/c", id: "1") == .int(1))
        #expect(Self.all(store, "s") == [2])
        // A session still reading its seeds: the seed is found, and the session made to remove it.
        store.setBaseline(["/c": [(id: "9", value: .int(9))]])
        #expect(store.removeIfPresent(session: "fresh", collection: "/c", id: "9") == .int(9))
        #expect(Self.all(store, "fresh") == [])
        #expect(Self.all(store, "other") == [9])
    }

    @Test func sessionsMadeFromTheSeedsKeepTheirOwnOrder() {
        let store = StateStore()
        store.setBaseline(["/c": [(id: "1", value: .int(1)), (id: "2", value: .int(2))]])
        #expect(Self.all(store, "a") == [1, 2])
        store.put(session: "a", collection: "/c", id: "3", value: .int(3))
        #expect(Self.all(store, "a") == [1, 2, 3])
        #expect(Self.all(store, "b") == [1, 2])
        store.remove(session: "b", collection: "/c", id: "1")
        #expect(Self.all(store, "b") == [2])
        #expect(Self.all(store, "a") == [1, 2, 3])
        #expect(Self.all(store, "c") == [1, 2])
    }

    /// A member looked up where the same key sat in a like object: a wrong or impossible hint still finds
    /// it, in a small object (scanned) and a large one (indexed).
    @Test func aHintedLookupFindsTheMemberWhereverItIs() {
        var small = JSONObject()
        var large = JSONObject()
        for index in 0..<5 { small.set("k\(index)", .int(index)) }
        for index in 0..<30 { large.set("k\(index)", .int(index)) }
        for object in [small, large] {
            for hint in [-1, 0, 3, 4, 29, 1000] {
                var position = hint
                #expect(object.value(of: "k4", hint: &position) == .int(4))
                #expect(position == 4)
                var missing = hint
                #expect(object.value(of: "absent", hint: &missing) == nil)
                #expect(missing == hint)
            }
        }
    }
}
