extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks (without Foundation; byte by byte, as every
    /// request's headers are trimmed).
    @inlinable public var trimmingSpaces: String {
        guard let (first, last) = nonSpaceBounds else { return "" }
        // Only ASCII bytes are cut, so what is kept is whole UTF-8.
        return String(decoding: utf8[first...last], as: UTF8.self)
    }

    /// The first and last bytes that are not a space, tab or line break; nil when there are none.
    @inlinable var nonSpaceBounds: (first: UTF8View.Index, last: UTF8View.Index)? {
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
        return first.map { ($0, last) }
    }
}

extension Substring {
    /// ``StringProtocol/trimmingSpaces`` without a copy: the part of this substring between its leading and
    /// trailing spaces, tabs and line breaks (cut at those bytes, not rounded to characters).
    public var trimmedSpaces: Substring {
        guard let (first, last) = nonSpaceBounds else { return self[endIndex...] }
        return Substring(utf8[first...last])
    }
}
