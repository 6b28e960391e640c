import Foundation

/// Splits a `multipart/form-data` body into its parts (RFC 7578).
public enum MultipartParser {
    /// Why a body could not be split.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String

        public init(message: String) { self.message = message }
    }

    /// Parses `body` delimited by `boundary`.
    public static func parse(_ body: [UInt8], boundary: String) throws(Failure) -> [MultipartPart] {
        guard !boundary.isEmpty else { throw Failure(message: "the multipart Content-Type has no boundary") }
        let delimiter = Array(("--" + boundary).utf8)
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        if positions.count == 1, body[(positions[0] + delimiter.count)...].starts(with: [0x2D, 0x2D]) {
            return []  // Only the closing delimiter: a form with no fields.
        }
        guard positions.count >= 2 else {
            throw Failure(message: "multipart body has no parts delimited by its boundary")
        }
        var parts: [MultipartPart] = []
        for (number, start) in positions.dropLast().enumerated() {
            var contentStart = start + delimiter.count
            // Skip the line break after the delimiter.
            if contentStart + 1 < body.count, body[contentStart] == 0x0D, body[contentStart + 1] == 0x0A {
                contentStart += 2
            } else if contentStart < body.count, body[contentStart] == 0x0A {
                contentStart += 1
            }
            var end = positions[number + 1]
            // The line break before the next delimiter belongs to the delimiter.
            if end >= 2, body[end - 2] == 0x0D, body[end - 1] == 0x0A {
                end -= 2
            } else if end >= 1, body[end - 1] == 0x0A {
                end -= 1
            }
            guard contentStart <= end else { continue }
            let raw = Array(body[contentStart..<end])
            guard
                let split = find([0x0D, 0x0A, 0x0D, 0x0A], in: raw, from: 0).map({ ($0, 4) })
                    ?? find([0x0A, 0x0A], in: raw, from: 0).map({ ($0, 2) })
            else { throw Failure(message: "multipart part \(number + 1) has no blank line after its headers") }
            let headerText = String(decoding: raw[..<split.0], as: UTF8.self)
            var name: String? = nil
            var filename: String? = nil
            var contentType: String? = nil
            for line in headerText.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
                let pieces = line.split(separator: ":", maxSplits: 1)
                guard pieces.count == 2 else { continue }
                let field = pieces[0].lowercased()
                let value = String(pieces[1])
                if field == "content-disposition" {
                    name = parameter("name", in: value)
                    filename = parameter("filename", in: value)
                } else if field == "content-type" {
                    contentType = value.trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else {
                throw Failure(message: "multipart part \(number + 1) has no name in its Content-Disposition")
            }
            parts.append(
                MultipartPart(
                    name: name, filename: filename, contentType: contentType,
                    content: Array(raw[(split.0 + split.1)...])))
        }
        return parts
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
