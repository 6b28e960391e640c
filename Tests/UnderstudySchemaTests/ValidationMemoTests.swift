import Testing
import UnderstudySchema

/// The memo of values found valid knows a value by its serialised form: the same bytes against the same
/// schema are known, anything else (another schema, another value, the same members in another order) is
/// not, and a full memo starts over.
@Suite struct ValidationMemoTests {
    @Test func knownBySerialisedFormAndSchema() {
        let memo = ValidationMemo()
        let book: JSONValue = ["id": "b1", "pages": 412]
        #expect(!memo.isKnownValid(book, against: "s#/Book"))
        memo.remember(book, validAgainst: "s#/Book")
        #expect(memo.isKnownValid(book, against: "s#/Book"))
        #expect(memo.isKnownValid(serialized: Array(#"{"id":"b1","pages":412}"#.utf8), against: "s#/Book"))
        #expect(!memo.isKnownValid(book, against: "s#/Other"))
        #expect(!memo.isKnownValid(["id": "b1", "pages": 413], against: "s#/Book"))
        #expect(!memo.isKnownValid(["pages": 412, "id": "b1"], against: "s#/Book"))
    }

    @Test func aFullMemoStartsOverAndHeavyValuesAreNotKept() {
        let memo = ValidationMemo(budget: 1600)
        let heavy = JSONValue.string(String(repeating: "x", count: 200))
        memo.remember(heavy, validAgainst: "s")
        #expect(!memo.isKnownValid(heavy, against: "s"))
        for number in 0..<40 { memo.remember(.int(number), validAgainst: "s") }
        #expect(memo.isKnownValid(.int(39), against: "s"))
        #expect(!memo.isKnownValid(.int(0), against: "s"))
    }

    /// Bodies are hashed eight bytes at a time: a change at any byte, in a whole word or in the tail, is
    /// another body, and the same bytes built anew are the same one.
    @Test func aChangeAtAnyByteIsAnotherBody() {
        let memo = ValidationMemo()
        let body = Array(#"{"name":"report 2024","n":1}"#.utf8)
        memo.remember(serialized: body, validAgainst: "s")
        #expect(memo.isKnownValid(serialized: Array(String(decoding: body, as: UTF8.self).utf8), against: "s"))
        for position in body.indices {
            var changed = body
            changed[position] ^= 0x01
            #expect(!memo.isKnownValid(serialized: changed, against: "s"), "byte \(position)")
        }
        #expect(!memo.isKnownValid(serialized: Array(body.dropLast()), against: "s"))
        #expect(!memo.isKnownValid(serialized: body + [0x20], against: "s"))
    }
}
