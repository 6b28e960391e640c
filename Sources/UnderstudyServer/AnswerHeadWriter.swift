import NIOCore
import NIOHTTP1

/// Writes an HTTP/1 answer's head (status line, header fields, framing) straight into a `ByteBuffer`, so an
/// answer goes out as one buffer in one write: the server encodes its answers itself instead of passing
/// head, body and end through NIO's response encoder (three writes through the pipeline per answer).
///
/// Every header field is checked here (see ``isWritableField(name:value:)``): one that cannot be written
/// as it is is left out and reported to `leftOut`, so a value filled from a request never splits the head.
enum AnswerHeadWriter {
    /// How the body that follows the head is delimited.
    enum Framing {
        /// `Content-Length`: this many bytes.
        case length(Int)
        /// `Transfer-Encoding: chunked` (HTTP/1.1 streams).
        case chunked
        /// Until the connection closes (HTTP/1.0 streams).
        case untilClose
    }

    /// Writes the head: the status line for `version` (a status outside 100…999 clamped into it), the
    /// answer's own fields (its `Server` and framing fields give way to the server's), `Server`, the framing
    /// field, and `Connection` when it differs from the version's default.
    static func write(
        status: Int, version: HTTPVersion, headers: [(name: String, value: String)], framing: Framing,
        keepAlive: Bool, into buffer: inout ByteBuffer, leftOut: (String) -> Void
    ) {
        buffer.writeStaticString(version.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        let status = min(max(status, 100), 999)
        writeDecimal(status, into: &buffer)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(HTTPResponseStatus(statusCode: status).reasonPhrase)
        buffer.writeStaticString("\r\n")
        for (name, value) in headers {
            guard isWritableField(name: name, value: value) else {
                leftOut(name)
                continue
            }
            if isFramingOrServerField(name) { continue }
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("Server: understudy\r\n")
        switch framing {
        case .length(let count):
            buffer.writeStaticString("Content-Length: ")
            writeDecimal(count, into: &buffer)
            buffer.writeStaticString("\r\n")
        case .chunked:
            buffer.writeStaticString("Transfer-Encoding: chunked\r\n")
        case .untilClose:
            break
        }
        if !keepAlive {
            buffer.writeStaticString("Connection: close\r\n")
        } else if version.minor == 0 {
            buffer.writeStaticString("Connection: keep-alive\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// Whether a header field can be written: its name a token (RFC 9110), its value without CR, LF or NUL.
    static func isWritableField(name: String, value: String) -> Bool {
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { return false }
        // A value is checked in place when its bytes are contiguous (a native string), else byte by byte.
        let breaksLine = { (byte: UInt8) in byte == 0x0D || byte == 0x0A || byte == 0 }
        let contiguous = value.utf8.withContiguousStorageIfAvailable { !$0.contains(where: breaksLine) }
        return contiguous ?? !value.utf8.contains(where: breaksLine)
    }

    /// A `tchar` of RFC 9110: letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `Server`, `Content-Length`, `Transfer-Encoding` and `Connection`: fields the server writes itself
    /// from the answer's framing (an answer's own copy of them would contradict the bytes that follow).
    static func isFramingOrServerField(_ name: String) -> Bool {
        let count = name.utf8.count
        guard count == 6 || count == 10 || count == 14 || count == 17 else { return false }
        switch name.lowercased() {
        case "server", "connection", "content-length", "transfer-encoding": return true
        default: return false
        }
    }

    /// A non-negative integer's decimal digits (a negative one is written as 0).
    static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        var rest = max(value, 0)
        var divisor = 1
        while divisor <= rest / 10 { divisor *= 10 }
        repeat {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// One chunk of a chunked body: its size in hex, the bytes, CRLF.
    static func writeChunk(_ text: String, into buffer: inout ByteBuffer) {
        let count = text.utf8.count
        guard count > 0 else { return }
        buffer.writeString(String(count, radix: 16))
        buffer.writeStaticString("\r\n")
        buffer.writeString(text)
        buffer.writeStaticString("\r\n")
    }
}
