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
        var pairs: [(String, String)] = []
        let bytes = raw.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            if start < end {
                let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "="))
                let rawName = raw[start..<(equals ?? end)]
                let rawValue = equals.map { raw[bytes.index(after: $0)..<end] } ?? raw[end..<end]
                guard let name = String(rawName).percentDecoded(plusAsSpace: true),
                    let value = String(rawValue).percentDecoded(plusAsSpace: true)
                else { return nil }
                pairs.append((name, value))
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return pairs
    }
}
