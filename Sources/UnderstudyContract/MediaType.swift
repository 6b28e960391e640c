import UnderstudySchema

/// A parsed media type (`type/subtype; parameters`) with range matching.
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    public let type: String
    public let subtype: String
    public var parameters: [String: String]
    /// `type/subtype` without parameters (made once: answers name it in every `Content-Type`).
    public let essence: String

    /// `application/json`, the type most bodies are sent with, parsed once.
    private static let applicationJSON = MediaType(parsing: "application/json")!

    /// Parses `text`; nil when it has no `/`.
    public init?(_ text: String) {
        if text == "application/json" {
            self = Self.applicationJSON
            return
        }
        self.init(parsing: text)
    }

    private init?(parsing text: String) {
        let pieces = text.split(separator: ";")
        guard let head = pieces.first else { return nil }
        let halves = head.trimmingSpaces.lowercased().split(separator: "/", maxSplits: 1)
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else { return nil }
        type = String(halves[0])
        subtype = String(halves[1])
        essence = type + "/" + subtype
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = pair[1].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            parameters[pair[0].trimmingSpaces.lowercased()] = value
        }
        self.parameters = parameters
    }

    public var description: String { essence }

    /// Whether this is JSON: `application/json`, or any `+json` suffix.
    public var isJSON: Bool { subtype == "json" || subtype.hasSuffix("+json") }

    /// Whether this (concrete) media type falls in `range` (which may use `*`).
    public func isIncluded(in range: MediaType) -> Bool {
        (range.type == "*" || range.type == type) && (range.subtype == "*" || range.subtype == subtype)
    }

    /// Whether two media types or ranges overlap.
    public func overlaps(_ other: MediaType) -> Bool { isIncluded(in: other) || other.isIncluded(in: self) }
}
