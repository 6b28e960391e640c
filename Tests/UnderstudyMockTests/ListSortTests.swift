import Testing
import UnderstudySchema

@testable import UnderstudyMock

/// ``ResourceBehaviour/sorted(_:by:descending:)``: the sort specs lists take, and a spec no list could mean.
@Suite struct ListSortTests {
    static let items: [JSONValue] = [
        ["id": 1, "name": "b", "price": 3], ["id": 2, "name": "a", "price": 3.5], ["id": 3, "name": "b", "price": 1],
        ["id": 4, "price": 2], ["id": 5, "name": "a", "price": 3],
    ]

    static func ids(_ spec: String, descending: Bool = false) -> [Int] {
        ResourceBehaviour.sorted(items, by: spec, descending: descending).compactMap { $0["id"]?.intValue }
    }

    @Test func specsNameKeysDirectionsAndTies() {
        // A missing value sorts first; ties keep the items' order.
        #expect(Self.ids("name") == [4, 2, 5, 1, 3])
        #expect(Self.ids("-name") == [1, 3, 2, 5, 4])
        #expect(Self.ids("name:desc") == [1, 3, 2, 5, 4])
        #expect(Self.ids("name,-price") == [4, 2, 5, 1, 3])
        #expect(Self.ids(" name , price ") == [4, 5, 2, 3, 1])
        // Integers and doubles compare as numbers.
        #expect(Self.ids("price") == [3, 4, 1, 5, 2])
        #expect(Self.ids("price", descending: true) == [2, 1, 5, 4, 3])
        // A repeated name changes nothing.
        #expect(Self.ids("name,name,-name,price") == [4, 5, 2, 3, 1])
    }

    @Test func aSpecOfThousandsOfNamesSortsByItsFirstSixteen() {
        let spec = (["price"] + (1...20_000).map { "k\($0)" }).joined(separator: ",")
        #expect(Self.ids(spec) == [3, 4, 1, 5, 2])
    }
}
