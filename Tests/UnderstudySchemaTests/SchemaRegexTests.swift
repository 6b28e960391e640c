import Foundation
import Testing

@testable import UnderstudySchema

/// Patterns match as before (anywhere in the value, ECMA-262 classes), and a match is bounded: a pattern that
/// backtracks catastrophically on a value gives up instead of holding the thread for minutes.
@Suite struct SchemaRegexTests {
    @Test func patternsMatchAnywhereWithECMAClasses() throws {
        let digits = try #require(RegexCache.shared.regex("\\d{3}"))
        #expect(digits.match("ab123cd") == .match)
        #expect(digits.match("ab12cd") == .noMatch)
        // ECMA-262's \d is ASCII only: Arabic-Indic digits are not digits here.
        #expect(digits.match("\u{0661}\u{0662}\u{0663}") == .noMatch)
        let anchored = try #require(RegexCache.shared.regex("^[a-z]+$"))
        #expect(anchored.match("") == .noMatch)
        #expect(anchored.match("abc") == .match)
        #expect(try #require(RegexCache.shared.regex("^$")).match("") == .match)
        #expect(try #require(RegexCache.shared.regex("é")).match("caf\u{E9}") == .match)
        #expect(RegexCache.shared.regex("(unclosed") == nil)
    }

    /// `^(a|aa)+$` against 40 `a`s and a `!` has about 165 million ways to fail; it took seconds at 34
    /// characters and doubles with every one more. It now stops at the time limit, and the validator says so.
    @Test func aCatastrophicMatchGivesUp() throws {
        let regex = try #require(RegexCache.shared.regex("^(a|aa)+$"))
        let value = String(repeating: "a", count: 40) + "!"
        let started = Date()
        #expect(regex.match(value) == .timedOut)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(regex.match(String(repeating: "a", count: 40)) == .match)
        let errors = JSONSchemaValidator.validate(.string(value), schema: ["pattern": "^(a|aa)+$"], dialect: .openAPI31)
        #expect(
            errors.map(\.message) == [
                "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\" could not be checked against pattern \"^(a|aa)+$\": "
                    + "the match gave up at its time limit (the pattern backtracks too much on this value)"
            ])
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
