import UnderstudySchema

/// Percent-encoding (RFC 3986) byte by byte: Foundation's character sets cost more than the rest of a list
/// answer or a create. Bytes a component keeps stay as they are; every other UTF-8 byte becomes `%XX`.
enum PercentEncoding {
    /// What a query name or value keeps: RFC 3986's unreserved characters, the sub-delimiters that mean
    /// nothing there, `:`, `@`, `/` and `?` (`&`, `=` and `+` are encoded).
    @inline(__always) static func keptInQuery(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"): return true
        default: return keptEverywhere(byte)
        }
    }

    /// What one path segment keeps (as Foundation's `urlPathAllowed` without `/`): unreserved characters,
    /// the sub-delimiters but `;` (it would start path parameters), `:` and `@`.
    @inline(__always) static func keptInSegment(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: "+"): return true
        case UInt8(ascii: ";"): return false
        default: return keptEverywhere(byte)
        }
    }

    /// Unreserved characters, the sub-delimiters but `&`, `=` and `+`, `:` and `@`.
    @inline(__always) static func keptEverywhere(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
            UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    /// `text` with every byte `kept` refuses written as `%XX` (upper-case hex).
    static func encoded(_ text: String, keeping kept: (UInt8) -> Bool) -> String {
        guard !text.utf8.allSatisfy(kept) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if kept(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Appends `text` to `bytes` with every byte `kept` refuses written as `%XX` (upper-case hex). Text that
    /// needs no encoding (most names and values) is copied whole.
    /// (Inlined where it is called, so the test of each byte is too.)
    @inline(__always)
    static func append(_ text: String, keeping kept: (UInt8) -> Bool, to bytes: inout [UInt8]) {
        text.withContiguousUTF8 { utf8 in
            if utf8.allSatisfy(kept) {
                bytes.append(contentsOf: utf8)
                return
            }
            let hex: StaticString = "0123456789ABCDEF"
            bytes.reserveCapacity(bytes.count + utf8.count * 3)
            hex.withUTF8Buffer { digits in
                for byte in utf8 {
                    if kept(byte) {
                        bytes.append(byte)
                    } else {
                        bytes.append(UInt8(ascii: "%"))
                        bytes.append(digits[Int(byte >> 4)])
                        bytes.append(digits[Int(byte & 0x0F)])
                    }
                }
            }
        }
    }
}
