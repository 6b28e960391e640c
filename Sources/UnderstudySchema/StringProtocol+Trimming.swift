extension StringProtocol where UTF8View: BidirectionalCollection {
    /// Without leading and trailing spaces, tabs and line breaks (without Foundation; byte by byte, as every
    /// request's headers are trimmed).
    @inlinable public var trimmingSpaces: String {
        guard let (first, last) = nonSpaceBounds else { return "" }
        // Only ASCII bytes are cut, so what is kept is whole UTF-8.
        return String(decoding: utf8[first...last], as: UTF8.self)
    }

    /// The first and last bytes that are not a space, tab or line break; nil when there are none. Looks in
    /// from both ends, so a text without spaces around it costs two byte reads, whatever its length.
    @inlinable var nonSpaceBounds: (first: UTF8View.Index, last: UTF8View.Index)? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let bytes = utf8
        var first = bytes.startIndex
        while first != bytes.endIndex, isSpace(bytes[first]) { bytes.formIndex(after: &first) }
        guard first != bytes.endIndex else { return nil }
        // Stops at `first` at the latest: that byte is not a space.
        var last = bytes.index(before: bytes.endIndex)
        while isSpace(bytes[last]) { bytes.formIndex(before: &last) }
        return (first, last)
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
