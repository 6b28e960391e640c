/// A strict RFC 8259 JSON reader that records the line and column of every value.
///
/// It rejects invalid UTF-8, unpaired surrogates in escapes, trailing data, and nesting deeper than
/// `maxDepth` (so hostile input cannot exhaust the stack). Duplicate keys keep the last value, and are
/// reported through `duplicateKeys`.
public struct JSONParser {
    /// Deepest nesting accepted.
    public var maxDepth: Int
    /// Duplicate keys seen while parsing, with the location of the repeated key.
    public private(set) var duplicateKeys: [(key: String, location: SourceLocation)] = []
    /// Whether values carry their line and column (a document, for its diagnostics). A request body read
    /// for its data alone leaves them out: working them out and keeping them cost more than the rest of
    /// reading a small body. Errors say where they are either way.
    public var recordsLocations = true

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    /// Creates a reader over UTF-8 bytes.
    public init(bytes: [UInt8], maxDepth: Int = 512) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Reads one JSON value from `text`.
    public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Reads one JSON value from UTF-8 `bytes`; its values carry their locations when `recordsLocations`.
    public static func parse(
        bytes: [UInt8], maxDepth: Int = 512, recordsLocations: Bool = true
    ) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        parser.recordsLocations = recordsLocations
        return try parser.parseDocument()
    }

    /// Reads the whole input as one JSON value, rejecting anything after it.
    public mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3; lineStart = 3 }
        skipWhitespace()
        guard offset < bytes.count else { throw JSONParseError("empty input: expected a JSON value", at: here) }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard offset >= bytes.count else {
            throw JSONParseError("unexpected data after the JSON value", at: here)
        }
        return value
    }

    private var columnCacheOffset = -1
    private var columnCacheValue = 1

    /// The current position. Columns count characters, not bytes; the count continues from the last
    /// position asked for on the same line, so single-line documents stay linear.
    private var here: SourceLocation {
        mutating get {
            var column = 1
            var index = lineStart
            if columnCacheOffset >= lineStart, columnCacheOffset <= offset {
                column = columnCacheValue
                index = columnCacheOffset
            }
            while index < offset && index < bytes.count {
                if bytes[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
            columnCacheOffset = offset
            columnCacheValue = column
            return SourceLocation(line: line, column: column)
        }
    }

    /// The location of `position` on the current line (where a token that holds no line break starts),
    /// worked out only when an error needs it.
    private mutating func location(at position: Int) -> SourceLocation {
        let current = offset
        offset = position
        defer { offset = current }
        return here
    }

    /// The location of `position` on a line that began at `lineStart` as line `line` (a key whose
    /// value went on over more lines).
    private mutating func location(at position: Int, line: Int, lineStart: Int) -> SourceLocation {
        let current = (offset, self.line, self.lineStart)
        (offset, self.line, self.lineStart) = (position, line, lineStart)
        columnCacheOffset = -1
        defer {
            (offset, self.line, self.lineStart) = current
            columnCacheOffset = -1
        }
        return here
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D: offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard offset < bytes.count else { throw JSONParseError("unexpected end of input", at: here) }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw JSONParseError("unexpected character '\(printable(bytes[offset]))': expected a JSON value", at: here)
        }
    }

    private func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let matches =
            offset + count <= bytes.count
            && literal.withUTF8Buffer { expected in
                expected.indices.allSatisfy { bytes[offset + $0] == expected[$0] }
            }
        guard matches else {
            throw JSONParseError("invalid literal: expected '\(literal)'", at: location(at: offset))
        }
        offset += count
    }

    /// The members a request body's object has room for from the start (see ``parseObject(depth:)``).
    static let membersReserved = 4

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        let start = here
        guard depth <= maxDepth else {
            throw JSONParseError("nesting deeper than \(maxDepth) levels", at: start)
        }
        offset += 1
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            var object = JSONObject()
            object.location = start
            return .object(object)
        }
        // The members are gathered here and the object made once, in their order: setting them one by one
        // grew its arrays member by member.
        var keys: [String] = []
        var values: [JSONValue] = []
        var keyLocations: [SourceLocation] = []
        var valueLocations: [SourceLocation] = []
        if !recordsLocations {
            // A request body's object (a few members, mostly): room for four at once instead of growing through
            // one and two (an object of three or four ends with room for four either way). A document read with
            // its locations (a contract, perhaps of hundreds of thousands of objects) grows as it goes.
            keys.reserveCapacity(Self.membersReserved)
            values.reserveCapacity(Self.membersReserved)
        }
        // Where each key is, once there are too many to look through.
        var positions: [String: Int]? = nil
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                throw JSONParseError("expected a string key in object", at: here)
            }
            let keyStart = (offset, line, lineStart)
            let keyLocation = recordsLocations ? here : .unknown
            let key = try parseString()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                throw JSONParseError("expected ':' after object key \"\(key)\"", at: here)
            }
            offset += 1
            skipWhitespace()
            let valueLocation = recordsLocations ? here : .unknown
            let value = try parseValue(depth: depth)
            if let existing = positions.map({ $0[key] }) ?? keys.firstIndex(of: key) {
                // A repeated key keeps its first place and takes the last value.
                duplicateKeys.append(
                    (
                        key,
                        recordsLocations
                            ? keyLocation : location(at: keyStart.0, line: keyStart.1, lineStart: keyStart.2)
                    ))
                values[existing] = value
                if recordsLocations { valueLocations[existing] = valueLocation }
            } else {
                keys.append(key)
                values.append(value)
                if recordsLocations {
                    keyLocations.append(keyLocation)
                    valueLocations.append(valueLocation)
                }
                if positions != nil {
                    positions?[key] = keys.count - 1
                } else if keys.count > 16 {
                    positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
                }
            }
            skipWhitespace()
            guard offset < bytes.count else { throw JSONParseError("unterminated object", at: start) }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(
                    JSONObject(
                        keys: keys, values: values, keyLocations: keyLocations, valueLocations: valueLocations,
                        location: start))
            }
            throw JSONParseError("expected ',' or '}' in object", at: here)
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        let start = here
        guard depth <= maxDepth else {
            throw JSONParseError("nesting deeper than \(maxDepth) levels", at: start)
        }
        offset += 1
        var array = JSONArray(location: start)
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            let elementLocation = recordsLocations ? here : .unknown
            array.append(try parseValue(depth: depth), location: elementLocation)
            skipWhitespace()
            guard offset < bytes.count else { throw JSONParseError("unterminated array", at: start) }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                continue
            }
            if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(array)
            }
            throw JSONParseError("expected ',' or ']' in array", at: here)
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = offset
        var isInteger = true
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else {
            throw JSONParseError("invalid number: expected a digit", at: location(at: start))
        }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) {
                throw JSONParseError("invalid number: leading zeros are not allowed", at: location(at: start))
            }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw JSONParseError("invalid number: expected a digit after '.'", at: location(at: start))
            }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw JSONParseError("invalid number: expected a digit in the exponent", at: location(at: start))
            }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        return JSONNumber.parse(text, preferInteger: isInteger) ?? .double(Double.nan)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func parseString() throws(JSONParseError) -> String {
        // Where it starts, for an error: a string holds no line break, so it starts on the current line.
        let startOffset = offset
        offset += 1
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        // Whether the run since `runStart` is all ASCII: then its bytes are valid UTF-8 as they are.
        var ascii = true
        /// Appends the run before `end`; false when it is not valid UTF-8.
        func flushRun(_ end: Int, into scalars: inout String.UnicodeScalarView) -> Bool {
            guard end > runStart else { return true }
            guard let text = text(runStart..<end, ascii: ascii) else { return false }
            scalars.append(contentsOf: text.unicodeScalars)
            return true
        }
        // Most strings hold no escape: their bytes are the string, validated once, with no scalar view.
        var escaped = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                if !escaped {
                    guard let text = text(runStart..<offset, ascii: ascii) else {
                        throw JSONParseError("invalid UTF-8 in string", at: location(at: startOffset))
                    }
                    offset += 1
                    return text
                }
                guard flushRun(offset, into: &scalars) else {
                    throw JSONParseError("invalid UTF-8 in string", at: location(at: startOffset))
                }
                offset += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw JSONParseError("control character in string: escape it", at: here)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard flushRun(offset, into: &scalars) else {
                    throw JSONParseError("invalid UTF-8 in string", at: location(at: startOffset))
                }
                offset += 1
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let high = try parseHex4()
                    if (0xD800...0xDBFF).contains(high) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                            bytes[offset + 1] == UInt8(ascii: "u")
                        else { throw JSONParseError("unpaired surrogate \\u escape in string", at: here) }
                        offset += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw JSONParseError("invalid surrogate pair in string", at: here)
                        }
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        scalars.append(UnicodeScalar(code)!)
                    } else if (0xDC00...0xDFFF).contains(high) {
                        throw JSONParseError("unpaired surrogate \\u escape in string", at: here)
                    } else {
                        scalars.append(UnicodeScalar(high)!)
                    }
                default:
                    throw JSONParseError("invalid escape '\\\(printable(escape))' in string", at: here)
                }
                runStart = offset
                ascii = true
                continue
            }
            if byte >= 0x80 { ascii = false }
            offset += 1
        }
        throw JSONParseError("unterminated string", at: location(at: startOffset))
    }

    /// The text of `bytes[range]`, nil when it is not valid UTF-8. ASCII needs no validation, and is
    /// decoded straight from the buffer (the validating initializer over an array slice is generic and
    /// costs hundreds of instructions per string before it looks at a byte).
    private func text(_ range: Range<Int>, ascii: Bool) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            let run = UnsafeBufferPointer(rebasing: buffer[range])
            return ascii ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw JSONParseError("truncated \\u escape", at: here) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw JSONParseError("invalid hex digit in \\u escape", at: here)
            }
            value = value * 16 + digit
            offset += 1
        }
        return value
    }
}

extension JSONNumber {
    /// Parses the text of a JSON or YAML number. Integers that overflow `Int` become doubles.
    public static func parse(_ text: String, preferInteger: Bool) -> JSONNumber? {
        if preferInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { return nil }
        return .double(value)
    }
}
