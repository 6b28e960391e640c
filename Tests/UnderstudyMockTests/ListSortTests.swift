import Testing
import UnderstudySchema

@testable import UnderstudyMock

/// ``ResourceBehaviour/sorted(_:by:descending:)``: the sort specs lists take, and a spec no list could mean;
/// how values of different types sort, and how a boolean field is filtered.
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

    /// Values of different types compare by their JSON text; a missing value or null comes first.
    @Test func valuesOfDifferentTypesCompareByTheirText() {
        let mixed: [JSONValue] = [
            ["id": 1, "v": 2], ["id": 2, "v": "10"], ["id": 3, "v": true], ["id": 4, "v": .null], ["id": 5, "v": [1]],
            ["id": 6], ["id": 7, "v": 1.5], ["id": 8, "v": "9"],
        ]
        let ids = ResourceBehaviour.sorted(mixed, by: "v", descending: false).compactMap { $0["id"]?.intValue }
        #expect(ids == [4, 6, 2, 8, 7, 1, 5, 3])
    }

    /// A boolean field is filtered by 1/0 and true/false in any case, or by a boolean; nothing else
    /// matches it.
    @Test(arguments: [
        ("1", true), ("true", true), ("TRUE", true), ("True", true), ("0", false), ("false", false),
        ("FALSE", false),
    ])
    func aBooleanFieldIsFilteredByOneZeroTrueAndFalse(_ text: String, _ flag: Bool) {
        #expect(ResourceBehaviour.matches(.bool(flag), .string(text)))
        #expect(!ResourceBehaviour.matches(.bool(!flag), .string(text)))
        #expect(ResourceBehaviour.passes(.bool(flag), .contains, .string(text)))
        #expect(!ResourceBehaviour.passes(.bool(!flag), .eq, .string(text)))
    }

    @Test func aBooleanFieldMatchesNoOtherText() {
        for text in ["yes", "no", "", " 1", "2", "truex"] {
            #expect(!ResourceBehaviour.matches(.bool(true), .string(text)), "\(text)")
            #expect(!ResourceBehaviour.matches(.bool(false), .string(text)), "\(text)")
        }
        #expect(ResourceBehaviour.matches(.bool(true), .bool(true)))
        #expect(!ResourceBehaviour.matches(.bool(true), .bool(false)))
        #expect(ResourceBehaviour.matches(.bool(true), .int(1)))
        #expect(!ResourceBehaviour.matches(.bool(true), .null))
    }

    /// The keys a spec names, read over its bytes: spaces around a name go, an empty name between commas
    /// is skipped, `-` sorts down and `+` keeps the default, a `:dir` suffix decides, and a name counts once.
    @Test func specsAreReadIntoKeysAndDirections() {
        let keys = ResourceBehaviour.sortKeys(" -a , +b:DESC,,a, c:asc ,d:", descending: false)
        #expect(keys.map(\.0) == ["a", "b", "c", "d"])
        #expect(keys.map(\.1) == [true, true, false, false])
        let down = ResourceBehaviour.sortKeys("x,+y, ", descending: true)
        #expect(down.map(\.0) == ["x", "y", ""])
        #expect(down.map(\.1) == [true, true, true])
        #expect(ResourceBehaviour.sortKeys("", descending: false).isEmpty)
        #expect(ResourceBehaviour.sortKeys("ünï,-名前", descending: false).map(\.0) == ["ünï", "名前"])
        let many = (1...40).map { "k\($0)" }.joined(separator: ",")
        #expect(ResourceBehaviour.sortKeys(many, descending: false).count == ResourceBehaviour.maximumSortKeys)
    }

    /// A boolean field filtered by a number (a parameter whose schema says integer): 1 and 0 as their text
    /// would be read, with no text made; other numbers match nothing.
    @Test func aBooleanFieldIsFilteredByTheNumbersOneAndZero() {
        #expect(ResourceBehaviour.matches(.bool(true), .int(1)))
        #expect(ResourceBehaviour.matches(.bool(false), .int(0)))
        #expect(ResourceBehaviour.matches(.bool(true), .double(1)))
        #expect(ResourceBehaviour.matches(.bool(false), .double(-0.0)))
        #expect(!ResourceBehaviour.matches(.bool(true), .int(0)))
        for number: JSONValue in [.int(2), .int(-1), .double(0.5), .double(1.5)] {
            #expect(!ResourceBehaviour.matches(.bool(true), number), "\(number)")
            #expect(!ResourceBehaviour.matches(.bool(false), number), "\(number)")
        }
    }

    /// Sorting items whose members come in different orders: a key's position in one item is only a
    /// hint for the next.
    @Test func itemsWithMembersInOtherOrdersSortByTheirOwnValues() {
        let items: [JSONValue] = [
            [
                "id": 1, "a": 1, "b": 9, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1, "j": 1, "k": 1, "l": 1,
                "m": 1,
            ],
            ["b": 1, "id": 2],
            ["c": 0, "id": 3, "b": 5],
            ["id": 4],
        ]
        let ids = ResourceBehaviour.sorted(items, by: "b", descending: false).compactMap { $0["id"]?.intValue }
        #expect(ids == [4, 2, 3, 1])
    }

    @Test func aSpecOfThousandsOfNamesSortsByItsFirstSixteen() {
        let spec = (["price"] + (1...20_000).map { "k\($0)" }).joined(separator: ",")
        #expect(Self.ids(spec) == [3, 4, 1, 5, 2])
    }

    /// Lists up to ``ResourceBehaviour/insertionSortLimit`` items are sorted by insertion, longer ones by the
    /// general sort: both give the order of a stable sort by the spec (ties keep the items' order), with
    /// numbers, texts, missing values and several keys.
    @Test(arguments: [0, 1, 2, 7, 23, 24, 25, 60])
    func listsOnBothSidesOfTheInsertionLimitSortAlike(_ count: Int) {
        let items: [JSONValue] = (0..<count).map { index in
            var object = JSONObject()
            object.set("id", .int(index))
            object.set("group", .int((index * 7) % 5))
            if index % 4 != 0 { object.set("name", .string(["b", "a", "c"][index % 3])) }
            return .object(object)
        }
        func expected(_ keys: [(String, Bool)]) -> [Int] {
            func rank(_ value: JSONValue?) -> (Int, Int, String) {
                switch value {
                case nil, .null?: return (0, 0, "")
                case .number?: return (1, value?.intValue ?? 0, "")
                case .string(let text)?: return (2, 0, text)
                default: return (3, 0, "")
                }
            }
            let sorted = items.enumerated().sorted { left, right in
                for (key, descending) in keys {
                    let (a, b) = (rank(left.element[key]), rank(right.element[key]))
                    if a != b { return descending ? a > b : a < b }
                }
                return left.offset < right.offset
            }
            return sorted.compactMap { $0.element["id"]?.intValue }
        }
        func ids(_ spec: String) -> [Int] {
            ResourceBehaviour.sorted(items, by: spec, descending: false).compactMap { $0["id"]?.intValue }
        }
        #expect(ids("group") == expected([("group", false)]))
        #expect(ids("-group,name") == expected([("group", true), ("name", false)]))
        #expect(ids("name,-id") == expected([("name", false), ("id", true)]))
        #expect(ids("-name") == expected([("name", true)]))
    }
}
