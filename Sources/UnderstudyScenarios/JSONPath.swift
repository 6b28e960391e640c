import Foundation
import UnderstudySchema

/// A small JSONPath: `$`, `.name`, `['name']`, `[2]`, `[-1]`, `[*]` and `.*`. Enough to point into a
/// response body; evaluation returns every match with its JSON Pointer.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        case wildcard
    }

    /// The path as written.
    public let text: String
    let segments: [Segment]

    /// Why a path does not parse.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        self.text = text
        var segments: [Segment] = []
        var rest = Substring(text.trimmingSpaces)
        guard rest.first == "$" else {
            throw ParseError(description: "a JSON path starts with '$' (got '\(text)'), e.g. $.items[0].id")
        }
        rest = rest.dropFirst()
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else {
                    throw ParseError(description: "'\(text)': a '.' must be followed by a name")
                }
                segments.append(name == "*" ? .wildcard : .key(String(name)))
                rest = rest.dropFirst(name.count)
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]") else {
                    throw ParseError(description: "'\(text)': '[' without ']'")
                }
                let inner = rest[rest.index(after: rest.startIndex)..<close].trimmingSpaces
                if inner == "*" {
                    segments.append(.wildcard)
                } else if let index = Int(inner) {
                    segments.append(.index(index))
                } else if inner.count >= 2, let quote = inner.first, quote == "'" || quote == "\"", inner.last == quote
                {
                    segments.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    throw ParseError(
                        description: "'\(text)': '[\(inner)]' is neither an index, '*' nor a quoted name")
                }
                rest = rest[rest.index(after: close)...]
            } else {
                throw ParseError(description: "'\(text)': unexpected '\(first)'; use .name, ['name'], [0] or [*]")
            }
        }
        self.segments = segments
    }

    /// Whether the path can match more than one value.
    public var isWildcard: Bool { segments.contains(.wildcard) }

    public var description: String { text }

    /// Every value the path reaches in `root`, with its JSON Pointer (`/items/0/id`).
    public func evaluate(_ root: JSONValue) -> [(pointer: String, value: JSONValue)] {
        var current: [(String, JSONValue)] = [("", root)]
        for segment in segments {
            var next: [(String, JSONValue)] = []
            for (pointer, value) in current {
                switch (segment, value) {
                case (.key(let name), .object(let object)):
                    if let member = object[name] { next.append((pointer + "/" + Self.escape(name), member)) }
                case (.index(let index), .array(let array)):
                    let position = index < 0 ? array.count + index : index
                    if position >= 0, position < array.count {
                        next.append((pointer + "/\(position)", array[position]))
                    }
                case (.wildcard, .array(let array)):
                    for (position, element) in array.enumerated() { next.append((pointer + "/\(position)", element)) }
                case (.wildcard, .object(let object)):
                    for member in object { next.append((pointer + "/" + Self.escape(member.key), member.value)) }
                default: continue
                }
            }
            current = next
        }
        return current.map { (pointer: $0.0, value: $0.1) }
    }

    private static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
