import Testing
import UnderstudySchema

/// JSON text out: member order kept, strings escaped, integers written digit by digit (every `Int`, the two
/// ends included), doubles as before.
struct JSONSerializerTests {
    @Test(arguments: [0, 7, -7, 10, 1_000_000, -1_000_000, Int.max, Int.min])
    func integersAreWrittenAsTheirDecimalDigits(_ integer: Int) {
        #expect(JSONSerializer.serialize(.int(integer)) == String(integer))
    }

    @Test func objectsKeepTheirOrderAndNestedValuesAreWrittenWhole() {
        var inner = JSONObject()
        inner.set("z", .int(-3))
        inner.set("a", .array([.null, .bool(true), .double(2.5), .double(1e20)]))
        var outer = JSONObject()
        outer.set("text", .string("line\n\"quoted\" \\ \u{1}"))
        outer.set("inner", .object(inner))
        outer.set("empty", .object(JSONObject()))
        #expect(
            JSONSerializer.serialize(.object(outer))
                == #"{"text":"line\n\"quoted\" \\ \u0001","inner":{"z":-3,"a":[null,true,2.5,100000000000000000000]},"empty":{}}"#
        )
        #expect(
            JSONSerializer.serialize(.object(inner), pretty: true)
                == "{\n  \"z\": -3,\n  \"a\": [\n    null,\n    true,\n    2.5,\n    100000000000000000000\n  ]\n}")
    }

    @Test func iteratingAnObjectGivesItsMembersInOrder() {
        var object = JSONObject()
        for name in ["b", "a", "c"] { object.set(name, .string(name.uppercased())) }
        #expect(object.map(\.key) == ["b", "a", "c"])
        #expect(object.map(\.value) == [.string("B"), .string("A"), .string("C")])
        #expect(Array(JSONObject()).isEmpty)
    }

    /// Strings are checked eight bytes at a time: a byte that needs an escape is found at every position of
    /// a word and in the tail after the last whole word, next to multi-byte text and bytes 0x7F and above
    /// (which need none). The answer is compared with a byte-by-byte reading of RFC 8259.
    @Test func everyByteThatNeedsAnEscapeIsFoundWhereverItSits() {
        let specials: [(Character, String)] = [
            ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\r", #"\r"#), ("\t", #"\t"#), ("\u{8}", #"\b"#),
            ("\u{C}", #"\f"#), ("\u{0}", #"\u0000"#), ("\u{1F}", #"\u001f"#),
        ]
        for length in [1, 7, 8, 9, 15, 16, 17, 31] {
            for position in 0..<length {
                for (special, escaped) in specials {
                    let before = String(repeating: "a", count: position)
                    let after = String(repeating: "é", count: length - position - 1)
                    let text = before + String(special) + after
                    #expect(
                        JSONSerializer.serialize(.string(text)) == "\"" + before + escaped + after + "\"",
                        "length \(length), position \(position)")
                }
            }
        }
        // Nothing to escape: bytes just above each special byte, and non-ASCII text, are copied whole.
        let plain = " !#[]^~\u{7F}€ünïcødé 漢字 🙂 0123456789abcdefghijklmnop"
        #expect(JSONSerializer.serialize(.string(plain)) == "\"" + plain + "\"")
        #expect(JSONSerializer.serialize(.string("")) == #""""#)
    }

    /// A long answer grows the output past its first reservation without losing or reordering bytes.
    @Test func aLargeValueIsWrittenWhole() {
        let elements = (0..<2_000).map { JSONValue.string("item \($0) \"quoted\"") }
        let text = JSONSerializer.serialize(.array(JSONArray(elements)))
        let expected = "[" + (0..<2_000).map { #""item \#($0) \"quoted\"""# }.joined(separator: ",") + "]"
        #expect(text == expected)
    }

    /// A ``JSONWriter`` writes values as `data` does, between the punctuation it is given, and says where
    /// each value's bytes are.
    @Test func aWriterPutsValuesBetweenPunctuationAndSaysWhereTheyAre() {
        let value: JSONValue = ["q\"": [true, .null], "n": 1.5, "t": "a\nb"]
        var range = 0..<0
        let bytes = JSONSerializer.build(capacity: 1) { writer in
            writer.raw("[")
            writer.write(string: "s\"\\é")
            writer.raw(",")
            writer.write(integer: -42)
            writer.raw(",")
            let start = writer.written
            writer.write(value)
            range = start..<writer.written
            writer.raw("]\n")
        }
        #expect(
            String(decoding: bytes, as: UTF8.self) == #"["s\"\\é",-42,{"q\"":[true,null],"n":1.5,"t":"a\nb"}]"# + "\n")
        #expect(Array(bytes[range]) == JSONSerializer.data(value))
    }
}
