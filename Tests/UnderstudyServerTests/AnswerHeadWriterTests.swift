import NIOCore
import NIOHTTP1
import Testing

@testable import UnderstudyServer

/// The answer heads the server writes itself: exact bytes for each framing and version.
struct AnswerHeadWriterTests {
    static func head(
        status: Int = 200, version: HTTPVersion = .http1_1, headers: [(name: String, value: String)] = [],
        framing: AnswerHeadWriter.Framing = .length(2), keepAlive: Bool = true
    ) -> (text: String, leftOut: [String]) {
        var buffer = ByteBuffer()
        var leftOut: [String] = []
        AnswerHeadWriter.write(
            status: status, version: version, headers: headers, framing: framing, keepAlive: keepAlive,
            into: &buffer
        ) { leftOut.append($0) }
        return (String(buffer: buffer), leftOut)
    }

    @Test func aKeptAliveHTTP11Answer() {
        let written = Self.head(headers: [("Content-Type", "application/json"), ("ETag", "\"1\"")])
        #expect(
            written.text
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"1\"\r\nServer: understudy\r\n"
                + "Content-Length: 2\r\n\r\n")
        #expect(written.leftOut.isEmpty)
    }

    @Test func closingAndHTTP10KeepAliveSayConnection() {
        #expect(
            Self.head(status: 404, framing: .length(0), keepAlive: false).text
                == "HTTP/1.1 404 Not Found\r\nServer: understudy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(
            Self.head(status: 204, version: .http1_0, framing: .length(0)).text
                == "HTTP/1.0 204 No Content\r\nServer: understudy\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"
        )
    }

    @Test func streamsAreChunkedOrRunUntilClose() {
        #expect(
            Self.head(framing: .chunked).text
                == "HTTP/1.1 200 OK\r\nServer: understudy\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(
            Self.head(version: .http1_0, framing: .untilClose, keepAlive: false).text
                == "HTTP/1.0 200 OK\r\nServer: understudy\r\nConnection: close\r\n\r\n")
        var chunk = ByteBuffer()
        AnswerHeadWriter.writeChunk(String(repeating: "x", count: 26), into: &chunk)
        AnswerHeadWriter.writeChunk("", into: &chunk)
        #expect(String(buffer: chunk) == "1a\r\n" + String(repeating: "x", count: 26) + "\r\n")
    }

    @Test func theAnswersOwnFramingAndServerFieldsGiveWayToTheServers() {
        let written = Self.head(headers: [
            ("server", "nginx"), ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("Connection", "close"),
            ("X-Kept", "yes"),
        ])
        #expect(written.text == "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nServer: understudy\r\nContent-Length: 2\r\n\r\n")
    }

    @Test func unwritableFieldsAreLeftOutAndReported() {
        let written = Self.head(headers: [
            ("X-Echo", "a\r\nSet-Cookie: stolen"), ("Bad Name", "v"), ("", "v"), ("X-Nul", "a\u{0}b"), ("X-Ok", "fine"),
        ])
        #expect(written.text == "HTTP/1.1 200 OK\r\nX-Ok: fine\r\nServer: understudy\r\nContent-Length: 2\r\n\r\n")
        #expect(written.leftOut == ["X-Echo", "Bad Name", "", "X-Nul"])
    }

    @Test func statusCodesOutsideHTTPsRangeAreClamped() {
        #expect(Self.head(status: 42).text.hasPrefix("HTTP/1.1 100 Continue\r\n"))
        #expect(Self.head(status: 299).text.hasPrefix("HTTP/1.1 299 "))
        #expect(Self.head(status: Int.max).text.hasPrefix("HTTP/1.1 999 "))
    }

    @Test(arguments: [0, 7, 10, 99, 100, 1_048_576, 1_234_567_890_123, Int.max])
    func decimals(value: Int) {
        var buffer = ByteBuffer()
        AnswerHeadWriter.writeDecimal(value, into: &buffer)
        #expect(String(buffer: buffer) == String(value))
    }

    @Test func negativeLengthsAreWrittenAsZero() {
        var buffer = ByteBuffer()
        AnswerHeadWriter.writeDecimal(-5, into: &buffer)
        #expect(String(buffer: buffer) == "0")
    }
}
