import Foundation
import UnderstudySchema

/// The sequential media types OpenAPI 3.2 describes item by item (a media type's `itemSchema`): JSON Lines
/// (`application/jsonl`, `application/x-ndjson`), JSON Text Sequences (`application/json-seq`, RFC 7464) and
/// server-sent events (`text/event-stream`, whose items are events with `data`, `event`, `id` and `retry`).
public enum SequentialMedia: Sendable, Hashable {
    case jsonLines
    case jsonSequence
    case eventStream

    /// The format of `mediaType`, or nil when it is not sequential.
    public init?(_ mediaType: MediaType?) {
        switch mediaType?.essence {
        case "application/jsonl", "application/x-ndjson", "application/x-jsonlines": self = .jsonLines
        case "application/json-seq": self = .jsonSequence
        case "text/event-stream": self = .eventStream
        default: return nil
        }
    }

    /// The body carrying `items` in this format.
    public func encode(_ items: [JSONValue]) -> [UInt8] {
        var body: [UInt8] = []
        for item in items {
            switch self {
            case .jsonLines:
                body += JSONSerializer.data(item)
                body.append(0x0A)
            case .jsonSequence:
                body.append(0x1E)
                body += JSONSerializer.data(item)
                body.append(0x0A)
            case .eventStream:
                body += Array(Self.event(item).utf8)
            }
        }
        return body
    }

    /// One server-sent event: its `event`, `id` and `retry` fields, then `data` (text as it is, anything else
    /// as JSON) one `data:` line per line, then a blank line.
    static func event(_ item: JSONValue) -> String {
        guard case .object(let fields) = item else { return "data: \(JSONSerializer.serialize(item))\n\n" }
        var text = ""
        for name in ["event", "id", "retry"] {
            guard let value = fields[name] else { continue }
            text += "\(name): \(value.stringValue ?? JSONSerializer.serialize(value))\n"
        }
        if let data = fields["data"] {
            let payload = data.stringValue ?? JSONSerializer.serialize(data)
            for line in payload.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        }
        return text + "\n"
    }

    /// One item of a body that could not be read, with its position (1-based).
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public var item: Int
        public var reason: String
        public var description: String { "item \(item): \(reason)" }
    }

    /// The items of `body`: each JSON text (JSON Lines, JSON Text Sequences), or each event as an object of
    /// its fields (`data` as text, `retry` as a number). Blank lines between JSON items are skipped.
    public func decode(_ body: [UInt8]) -> Result<[JSONValue], Unreadable> {
        let text = String(decoding: body, as: UTF8.self)
        switch self {
        case .jsonLines, .jsonSequence:
            let separator: Character = self == .jsonLines ? "\n" : "\u{1E}"
            var items: [JSONValue] = []
            for part in text.split(separator: separator, omittingEmptySubsequences: true) {
                let trimmed = part.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                do {
                    items.append(try JSONParser.parse(trimmed))
                } catch {
                    return .failure(Unreadable(item: items.count + 1, reason: "not JSON: \(error)"))
                }
            }
            return .success(items)
        case .eventStream:
            var items: [JSONValue] = []
            let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
            for block in normalized.components(separatedBy: "\n\n") {
                var fields = JSONObject()
                var data: [String] = []
                for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                    let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = String(parts[0])
                    var value = parts.count > 1 ? String(parts[1]) : ""
                    if value.hasPrefix(" ") { value.removeFirst() }
                    switch name {
                    case "data": data.append(value)
                    case "retry": fields.set("retry", Int(value).map { .number(.int($0)) } ?? .string(value))
                    case "event", "id": fields.set(name, .string(value))
                    default: continue
                    }
                }
                if !data.isEmpty { fields.set("data", .string(data.joined(separator: "\n"))) }
                if !fields.isEmpty { items.append(.object(fields)) }
            }
            return .success(items)
        }
    }
}
