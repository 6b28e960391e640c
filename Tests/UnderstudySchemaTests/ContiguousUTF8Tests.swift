import Foundation
import Testing

@testable import UnderstudySchema

@Suite struct ContiguousUTF8Tests {
    /// Small (inline) strings, heap strings, non-ASCII text, a string cut from a longer one and one made by
    /// Foundation: each is read as its own UTF-8 bytes, and what the closure returns comes back.
    @Test(arguments: [
        "", "Host", "Authorization: Bearer projects-demo-token", "naïve café ✓ 日本語 🇨🇿",
        String("prefix-the-middle-part-suffix".dropFirst(7).dropLast(7)),
        NSString(string: "made by Foundation, long enough to live on the heap").description,
    ])
    func readsTheStringsOwnBytes(_ text: String) {
        let bytes = text.withContiguousUTF8 { Array($0) }
        #expect(bytes == Array(text.utf8))
        #expect(text.withContiguousUTF8 { $0.count } == text.utf8.count)
    }
}
