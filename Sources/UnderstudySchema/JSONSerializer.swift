/// Writes `JSONValue`s as JSON text, keeping member order.
///
/// Works on UTF-8 bytes: a string is checked eight bytes at a time and one with nothing to escape is copied
/// whole, so serialising a response costs little more than its length.
public enum JSONSerializer {
    /// Serialises `value`; `pretty` indents with two spaces.
    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: data(value, pretty: pretty), as: UTF8.self)
    }

    /// Serialises `value` as UTF-8 bytes.
    public static func data(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        var output = ByteSink(capacity: 512)
        write(value, into: &output, pretty: pretty, indent: 0)
        return output.bytes
    }

    /// JSON text that `body` puts together with a ``JSONWriter``, as UTF-8 bytes.
    public static func build(capacity: Int = 512, _ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        body(&writer)
        return writer.sink.bytes
    }

    /// Writes `value` compactly (for ``JSONWriter``).
    static func write(_ value: JSONValue, into output: inout ByteSink) {
        write(value, into: &output, pretty: false, indent: 0)
    }

    /// Serialises `value` compactly as UTF-8 bytes, copying objects serialised before from `cache` (and
    /// adding the ones it did not hold): the same bytes as ``data(_:pretty:)``. Which objects are looked up
    /// is ``SerializedObjectCache/isWorthKeeping(_:depth:inArray:)``'s call.
    public static func data(_ value: JSONValue, reusing cache: SerializedObjectCache) -> [UInt8] {
        var output = ByteSink(capacity: 512)
        write(value, into: &output, reusing: cache, depth: 0, inArray: false)
        return output.bytes
    }

    /// Writes `value` compactly, looking objects worth keeping up in `cache`; below the deepest lookup, and
    /// for everything else, as ``write(_:into:pretty:indent:)`` does.
    private static func write(
        _ value: JSONValue, into output: inout ByteSink, reusing cache: SerializedObjectCache, depth: Int,
        inArray: Bool
    ) {
        guard depth <= SerializedObjectCache.deepestLookup else {
            write(value, into: &output, pretty: false, indent: 0)
            return
        }
        switch value {
        case .array(let array) where !array.isEmpty:
            output.append(UInt8(ascii: "["))
            array.elements.withUnsafeBufferPointer { elements in
                for position in elements.indices {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    write(elements[position], into: &output, reusing: cache, depth: depth + 1, inArray: true)
                }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object) where SerializedObjectCache.isWorthKeeping(object, depth: depth, inArray: inArray):
            if let known = cache.bytes(of: object) {
                known.withUnsafeBufferPointer { output.append($0) }
                return
            }
            let start = output.written
            write(value, into: &output, pretty: false, indent: 0)
            cache.remember(object, serializedAs: output.bytes(from: start))
        case .object(let object) where !object.isEmpty:
            output.append(UInt8(ascii: "{"))
            object.keys.withUnsafeBufferPointer { keys in
                object.values.withUnsafeBufferPointer { values in
                    for position in keys.indices {
                        if position > 0 { output.append(UInt8(ascii: ",")) }
                        writeString(keys[position], into: &output)
                        output.append(UInt8(ascii: ":"))
                        write(values[position], into: &output, reusing: cache, depth: depth + 1, inArray: false)
                    }
                }
            }
            output.append(UInt8(ascii: "}"))
        default:
            write(value, into: &output, pretty: false, indent: 0)
        }
    }

    private static func write(_ value: JSONValue, into output: inout ByteSink, pretty: Bool, indent: Int) {
        switch value {
        case .null: output.append("null")
        case .bool(let bool): output.append(bool ? "true" : "false")
        case .number(.int(let integer)): writeInteger(integer, into: &output)
        case .number(let number):
            var text = number.description
            text.withUTF8 { output.append($0) }
        case .string(let string): writeString(string, into: &output)
        case .array(let array):
            if array.isEmpty {
                output.append("[]")
                return
            }
            output.append(UInt8(ascii: "["))
            // Elements read in place, not copied out one by one.
            array.elements.withUnsafeBufferPointer { elements in
                for position in elements.indices {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    if pretty { newline(&output, indent + 1) }
                    write(elements[position], into: &output, pretty: pretty, indent: indent + 1)
                }
            }
            if pretty { newline(&output, indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                output.append("{}")
                return
            }
            output.append(UInt8(ascii: "{"))
            // Keys and values read by position, in place: the object's iterator makes a (key, value) pair per
            // member.
            object.keys.withUnsafeBufferPointer { keys in
                object.values.withUnsafeBufferPointer { values in
                    for position in keys.indices {
                        if position > 0 { output.append(UInt8(ascii: ",")) }
                        if pretty { newline(&output, indent + 1) }
                        writeString(keys[position], into: &output)
                        output.append(UInt8(ascii: ":"))
                        if pretty { output.append(UInt8(ascii: " ")) }
                        write(values[position], into: &output, pretty: pretty, indent: indent + 1)
                    }
                }
            }
            if pretty { newline(&output, indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends the decimal digits of `integer` (no `String` in between).
    private static func writeInteger(_ integer: Int, into output: inout ByteSink) {
        // Int.min has no positive counterpart: its digits are worked out on the magnitude.
        var magnitude = integer.magnitude
        if integer < 0 { output.append(UInt8(ascii: "-")) }
        if magnitude == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        // Up to 20 digits, written from the end of a 24-byte scratch space.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            while magnitude > 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            let first = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + position
            output.append(UnsafeBufferPointer(start: first, count: scratch.count - position))
        }
    }

    private static func newline(_ output: inout ByteSink, _ indent: Int) {
        output.append(UInt8(ascii: "\n"))
        output.append(UInt8(ascii: " "), count: 2 * indent)
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends `string` as a quoted JSON string literal (UTF-8).
    private static func writeString(_ string: String, into output: inout ByteSink) {
        output.append(UInt8(ascii: "\""))
        // A native string lends its bytes as they are; any other is made native first.
        if string.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, into: &output) }) == nil {
            var native = string
            native.withUTF8 { writeEscaped($0, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes of `word` needs an escape: below 0x20, a quote or a backslash. Exact
    /// for the word as a whole (the classic "has a zero byte" and "has a byte less than n" tests).
    @inline(__always) static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let controls = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let quotes = (quote &- ones) & ~quote & highs
        let backslashes = (backslash &- ones) & ~backslash & highs
        return (controls | quotes | backslashes) != 0
    }

    /// Appends UTF-8 `bytes` with what JSON requires escaped.
    static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout ByteSink) {
        // Eight bytes at a time while none of them needs an escape; runs that need none are copied whole.
        var clean = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while clean + 8 <= bytes.count,
                !needsEscape(raw.loadUnaligned(fromByteOffset: clean, as: UInt64.self))
            {
                clean += 8
            }
        }
        var start = 0
        for index in clean..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            start = index + 1
            switch byte {
            case UInt8(ascii: "\""): output.append(#"\""#)
            case UInt8(ascii: "\\"): output.append(#"\\"#)
            case UInt8(ascii: "\n"): output.append(#"\n"#)
            case UInt8(ascii: "\r"): output.append(#"\r"#)
            case UInt8(ascii: "\t"): output.append(#"\t"#)
            case 0x08: output.append(#"\b"#)
            case 0x0C: output.append(#"\f"#)
            default:
                output.append(#"\u00"#)
                hexDigits.withUTF8Buffer { hex in
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
            }
        }
        output.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }
}
