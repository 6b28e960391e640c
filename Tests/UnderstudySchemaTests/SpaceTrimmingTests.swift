import Testing
import UnderstudySchema

/// ``StringProtocol/trimmingSpaces`` and ``Substring/trimmedSpaces``: spaces, tabs and line breaks go from
/// both ends, nothing else does, and what is inside stays whole.
struct SpaceTrimmingTests {
    @Test(arguments: [
        ("", ""), ("   ", ""), ("\t\r\n", ""), ("a", "a"), (" a ", "a"), ("\t\r\n x y \n", "x y"), ("é ", "é"),
        (" ü", "ü"), ("a b", "a b"), ("  Bearer  token\t", "Bearer  token"), ("\u{A0}a\u{A0}", "\u{A0}a\u{A0}"),
        ("x\u{0B}", "x\u{0B}"),
    ])
    func spacesGoFromBothEndsOnly(_ text: String, _ trimmed: String) {
        #expect(text.trimmingSpaces == trimmed)
        #expect(String(text[...].trimmedSpaces) == trimmed)
        // Inside a longer text: the substring's own ends count, not the text's.
        let padded = "[" + text + "]"
        let inner = padded.dropFirst().dropLast()
        #expect(String(inner.trimmedSpaces) == trimmed)
        #expect(inner.trimmingSpaces == trimmed)
    }
}
