import Testing
import UnderstudyContract
import UnderstudySchema

@Suite struct YAMLReaderTests {
    func read(_ text: String) -> YAMLReader.Result { YAMLReader().read(Array(text.utf8), file: "t.yaml") }

    @Test func coreSchemaScalars() throws {
        let value = try #require(
            read(
                """
                a: yes
                b: true
                c: 012
                d: 0x1F
                e: 1.5e3
                f: ~
                g: "true"
                h: 2024-01-01
                i: .inf
                j: -7
                k: 3.0
                l: 0o17
                m: 1_000
                """
            ).value)
        #expect(value["a"] == "yes")
        #expect(value["b"] == true)
        #expect(value["c"] == 12)
        #expect(value["d"] == 31)
        #expect(value["e"] == 1500)
        #expect(value["f"] == .null)
        #expect(value["g"] == "true")
        #expect(value["h"] == "2024-01-01")
        #expect(value["i"]?.doubleValue == .infinity)
        #expect(value["j"] == -7)
        #expect(value["k"]?.doubleValue == 3.0)
        #expect(value["l"] == 15)
        #expect(value["m"] == "1_000")
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let value = try #require(
            read(
                """
                base: &base
                  type: object
                  required: [id]
                list: &list [1, 2]
                derived:
                  <<: *base
                  required: [name]
                copy: *list
                multi:
                  <<: [*base, {extra: 1}]
                """
            ).value)
        #expect(value["derived"]?["type"] == "object")
        #expect(value["derived"]?["required"] == ["name"])
        #expect(value["copy"] == [1, 2])
        #expect(value["multi"]?["extra"] == 1)
        #expect(value["multi"]?["type"] == "object")
    }

    @Test func locationsAreOneBased() throws {
        let value = try #require(read("a:\n  b: [1, {c: 2}]\n").value)
        let object = try #require(value.objectValue)
        #expect(object.keyLocation(of: "a") == SourceLocation(line: 1, column: 1))
        #expect(value.location(at: JSONPointer("/a/b/1/c")!) == SourceLocation(line: 2, column: 14))
    }

    @Test func duplicateKeysWarnAndKeepTheLaterValue() throws {
        let result = read("a: 1\nb: 2\na: 3\n")
        #expect(result.value?["a"] == 3)
        #expect(result.diagnostics.count == 1)
        #expect(
            result.diagnostics.first?.description
                == "t.yaml:3:1: warning: duplicate key 'a' (first at line 1); the later value is used\n    hint: remove one of the two 'a' entries"
        )
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        let result = read("a: [1, 2\nb: c\n")
        #expect(result.value == nil)
        let error = result.diagnostics.first
        #expect(error?.severity == .error)
        #expect(error?.message.hasPrefix("YAML syntax error:") == true)
        #expect(error?.location.line == 2)
    }

    @Test func tabIndentationBeforeContentIsReadAsSpace() throws {
        let result = read("a:\n\tb: 1\n")
        // libyaml refuses the tab; we read it as one space of indentation and warn at its position.
        #expect(result.value?["a"]?["b"] == 1)
        #expect(result.diagnostics.first?.location == SourceLocation(line: 2, column: 1))
        #expect(result.diagnostics.first?.severity == .warning)
    }

    @Test func aliasBombIsRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let result = YAMLReader().read(Array(text.utf8), file: "bomb.yaml")
        #expect(result.value == nil)
        #expect(result.diagnostics.first?.message.contains("aliases expand the document beyond") == true)
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let text = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        let result = YAMLReader().read(Array(text.utf8), file: "deep.yaml")
        #expect(result.value == nil)
        #expect(result.diagnostics.first?.message == "nesting deeper than 1000 levels")
    }
}
