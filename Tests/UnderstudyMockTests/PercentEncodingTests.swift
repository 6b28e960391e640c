import Foundation
import Testing

@testable import UnderstudyMock

/// The byte-wise percent-encoder against Foundation's, which it replaced for item paths.
struct PercentEncodingTests {
    static let samples = [
        "", "plain", "a b", "a/b", "a?b#c", "100%", "x&y=z+w", "ümlaut", "日本", "😀", "a\u{0}b", "tab\there",
        "!$&'()*+,;=:@-._~", "\"<>\\^`{|}", "[v6]", "%2F",
    ]

    @Test(arguments: samples)
    func aSegmentIsEncodedAsFoundationsPathAllowedWithoutSlash(text: String) {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        #expect(
            PercentEncoding.encoded(text, keeping: PercentEncoding.keptInSegment)
                == text.addingPercentEncoding(withAllowedCharacters: allowed))
    }

    @Test func anItemPathEscapesItsIdAsOneSegment() {
        #expect(ResourceBehaviour.join("/items", "a/b c") == "/items/a%2Fb%20c")
        #expect(ResourceBehaviour.join("/items/", "7") == "/items/7")
    }

    @Test func aQueryComponentKeepsSlashAndQuestionMarkButNotItsDelimiters() {
        #expect(
            PercentEncoding.encoded("a/b?c&d=e+f g", keeping: PercentEncoding.keptInQuery) == "a/b?c%26d%3De%2Bf%20g")
    }
}
