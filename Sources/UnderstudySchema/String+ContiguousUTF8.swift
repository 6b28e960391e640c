extension String {
    /// Calls `body` with this string's UTF-8 bytes in contiguous memory, reading the string in place.
    ///
    /// `withUTF8` needs a `var`, and copying a string into one retains its storage and releases it after:
    /// an atomic pair on every call, which on a per-request path (a header name compared, a key written)
    /// added up to a visible share of a request.
    @inlinable @inline(__always)
    public func withContiguousUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
