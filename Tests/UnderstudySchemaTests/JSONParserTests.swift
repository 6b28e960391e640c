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

    /// A body read for its data alone: the same values, no locations kept, errors still placed.
    @Test func valuesWithoutLocationsAreTheSameAndErrorsStillSayWhere() throws {
        let text = "{\n  \"a\": [1, true, null],\n  \"b\": {\"c\": \"d\"}\n}"
        let located = try JSONParser.parse(bytes: Array(text.utf8))
        let bare = try JSONParser.parse(bytes: Array(text.utf8), recordsLocations: false)
        #expect(located == bare)
        let locatedObject = try #require(located.objectValue)
        let bareObject = try #require(bare.objectValue)
        #expect(locatedObject.valueLocation(of: "b") == SourceLocation(line: 3, column: 8))
        #expect(locatedObject.keyLocation(of: "b") == SourceLocation(line: 3, column: 3))
        #expect(bareObject.valueLocations.isEmpty && bareObject.keyLocations.isEmpty)
        #expect(bare["a"]?.arrayValue?.locations.isEmpty == true)
        for (input, message) in [
            ("[1,\n -x]", "2:2: invalid number: expected a digit"),
            ("[1, 01]", "1:5: invalid number: leading zeros are not allowed"),
            ("[2.]", "1:2: invalid number: expected a digit after '.'"),
            ("{\"k\":\n  tru}", "2:3: invalid literal: expected 'true'"),
            ("[\"x\", \"abc", "1:7: unterminated string"),
        ] {
            for records in [true, false] {
                do {
                    _ = try JSONParser.parse(bytes: Array(input.utf8), recordsLocations: records)
                    Issue.record("\(input) parsed")
                } catch {
                    #expect(error.description == message, "\(input)")
                }
            }
        }
    }

    /// A repeated key keeps its first place and takes the last value, and is reported where it was
    /// repeated; in a small object and in one past the size where keys are looked up by hash.
    @Test func repeatedKeysKeepTheirPlaceAndTakeTheLastValue() throws {
        for count in [3, 40] {
            let members = (0..<count).map { "\"k\($0)\": \($0)" } + ["\"k1\": \"again\""]
            let text = "{" + members.joined(separator: ", ") + "}"
            for records in [true, false] {
                var parser = JSONParser(bytes: Array(text.utf8))
                parser.recordsLocations = records
                let object = try #require(try parser.parseDocument().objectValue)
                #expect(object.count == count)
                #expect(object.keys == (0..<count).map { "k\($0)" })
                #expect(object["k1"] == "again")
                #expect(object["k\(count - 1)"] == .int(count - 1))
                #expect(parser.duplicateKeys.map(\.key) == ["k1"])
                let column = text.distance(from: text.startIndex, to: text.range(of: "\"k1\": \"again")!.lowerBound) + 1
                #expect(parser.duplicateKeys.first?.location == SourceLocation(line: 1, column: column))
            }
        }
    }
}
