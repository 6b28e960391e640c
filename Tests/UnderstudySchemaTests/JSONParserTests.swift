import Testing
import UnderstudySchema

/// Strings as the parser reads them: whole runs without escapes, escapes, and the errors it names.
@Suite struct JSONParserTests {
    static func error(_ bytes: [UInt8]) -> String? {
        do {
            _ = try JSONParser.parse(bytes: bytes)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func stringsWithAndWithoutEscapes() throws {
        #expect(try JSONParser.parse(#"["", "plain", "çà — 日本 🎉"]"#) == ["", "plain", "çà — 日本 🎉"])
        #expect(
            try JSONParser.parse(#"["a\"b", "\\", "tab\there", "\u00e9\ud83c\udf89", "\/x", "é\n"]"#)
                == ["a\"b", "\\", "tab\there", "é🎉", "/x", "é\n"])
        #expect(try JSONParser.parse(#"{"name": "created", "price": 2}"#) == ["name": "created", "price": 2])
        // Runs of ASCII and of other text on either side of escapes.
        #expect(
            try JSONParser.parse(#"["\tçx", "x\nç", "ç\n\tx", "ab\u0041ç"]"#) == ["\tçx", "x\nç", "ç\n\tx", "abAç"])
    }

    @Test func invalidStringsAreNamedWithTheirPlace() {
        // Invalid UTF-8 (a lone continuation byte) in a string with no escape, and in one with an escape.
        #expect(Self.error(Array(#"["ok", "a"#.utf8) + [0x80] + Array(#"b"]"#.utf8)) == "1:8: invalid UTF-8 in string")
        #expect(
            Self.error(Array(#"["a\n"#.utf8) + [0xC3] + Array(#""]"#.utf8)) == "1:2: invalid UTF-8 in string")
        // Invalid UTF-8 in the run before an escape, and after an escape that followed ASCII.
        #expect(Self.error(Array(#"["a"#.utf8) + [0xC3] + Array(#"\n"]"#.utf8)) == "1:2: invalid UTF-8 in string")
        #expect(Self.error(Array(#"["\tab"#.utf8) + [0xFF] + Array(#"c"]"#.utf8)) == "1:2: invalid UTF-8 in string")
        #expect(Self.error(Array("[\"a\u{01}\"]".utf8)) == "1:4: control character in string: escape it")
        #expect(Self.error(Array(#"["\ud83c"]"#.utf8)) == #"1:9: unpaired surrogate \u escape in string"#)
        #expect(Self.error(Array(#"["abc"#.utf8)) == "1:2: unterminated string")
        #expect(Self.error(Array(#"["\q"]"#.utf8)) == #"1:5: invalid escape '\q' in string"#)
    }
}
