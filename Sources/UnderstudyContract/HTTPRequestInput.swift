import UnderstudySchema

/// The parts of an HTTP request that validation reads, independent of any server library.
public struct HTTPRequestInput: Sendable {
    public var method: String
    /// Decoded path captures by parameter name.
    public var pathParameters: [String: String]
    /// Decoded query pairs in order (a name may repeat).
    public var query: [(name: String, value: String)]
    /// Header fields in order, names as received.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, pathParameters: [String: String] = [:], query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.pathParameters = pathParameters
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of header `name` (case-insensitive).
    public func headerValues(_ name: String) -> [String] { HeaderField.values(name, in: headers) }

    /// The first value of header `name`.
    public func header(_ name: String) -> String? { HeaderField.first(name, in: headers) }

    /// Cookies from the `Cookie` headers.
    public var cookies: [String: String] {
        var result: [String: String] = [:]
        for header in headerValues("cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                result[parts[0].trimmingSpaces] = parts[1].trimmingSpaces
            }
        }
        return result
    }

    /// Splits a raw query string (`a=1&b=x+y`) into decoded pairs; nil when an escape is malformed.
    public static func parseQuery(_ raw: String) -> [(name: String, value: String)]? {
        // By byte: `&` and `=` delimit whatever follows them (a Character walk would join `&` with a combining
        // mark after it, and costs a grapheme break test per byte).
        return raw.withContiguousUTF8 { bytes -> [(name: String, value: String)]? in
            var pairs: [(name: String, value: String)] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                if start < end {
                    var equals = start
                    while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    // `+` is a space, `%XX` the byte; a malformed escape or bytes that are not UTF-8 refuse the query.
                    guard
                        let name = String.percentDecoded(
                            UnsafeBufferPointer(rebasing: bytes[start..<equals]), plusAsSpace: true),
                        let value = String.percentDecoded(
                            UnsafeBufferPointer(rebasing: bytes[min(equals + 1, end)..<end]), plusAsSpace: true)
                    else { return nil }
                    pairs.append((name, value))
                }
                start = end + 1
            }
            return pairs
        }
    }
}
