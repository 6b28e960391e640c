extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks (without Foundation; byte by byte, as every
    /// request's headers are trimmed).
    @inlinable public var trimmingSpaces: String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let bytes = utf8
        var first: UTF8View.Index? = nil
        var last = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if !isSpace(bytes[index]) {
                if first == nil { first = index }
                last = index
            }
            bytes.formIndex(after: &index)
        }
        guard let first else { return "" }
        // Only ASCII bytes are cut, so what is kept is whole UTF-8.
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
