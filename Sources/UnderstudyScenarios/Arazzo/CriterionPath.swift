import UnderstudySchema

/// The JSONPath (RFC 9535) of a `jsonpath` criterion: `$`, `.name`, `['name']`, `[n]`, `[*]`, `..name`, and
/// filters `[?(...)]` over the current node `@` with comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`), `&&`, `||`,
/// `!`, existence (`@.name`) and `length(@.x)` / `count(@.x)`. The criterion holds when the path selects at
/// least one node.
public struct CriterionPath: Sendable {
    indirect enum Segment: Sendable {
        case key(String)
        case index(Int)
        case wildcard
        case descendant(String?)
        case filter(SimpleCondition)
    }

    let segments: [Segment]

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        var rest = Substring(text.trimmingSpaces)
        guard rest.first == "$" else { throw ParseError(description: "'\(text)': a JSONPath starts with '$'") }
        rest = rest.dropFirst()
        segments = try Self.segments(&rest, text: text)
    }

    static func segments(_ rest: inout Substring, text: String) throws(ParseError) -> [Segment] {
        var result: [Segment] = []
        while let first = rest.first {
            if rest.hasPrefix("..") {
                rest = rest.dropFirst(2)
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                rest = rest.dropFirst(name.count)
                if rest.first == "*" { rest = rest.dropFirst() }
                result.append(.descendant(name.isEmpty ? nil : String(name)))
            } else if first == "." {
                rest = rest.dropFirst()
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "*" }
                guard !name.isEmpty else { throw ParseError(description: "'\(text)': '.' must be followed by a name") }
                result.append(name == "*" ? .wildcard : .key(String(name)))
                rest = rest.dropFirst(name.count)
            } else if first == "[" {
                rest = rest.dropFirst()
                var depth = 1
                var inner = ""
                var quote: Character?
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if let open = quote {
                        if character == open { quote = nil }
                    } else if character == "'" || character == "\"" {
                        quote = character
                    } else if character == "[" {
                        depth += 1
                    } else if character == "]" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    inner.append(character)
                }
                guard depth == 0 else { throw ParseError(description: "'\(text)': '[' without ']'") }
                let trimmed = inner.trimmingSpaces
                if trimmed == "*" {
                    result.append(.wildcard)
                } else if let index = Int(trimmed) {
                    result.append(.index(index))
                } else if trimmed.hasPrefix("?") {
                    var expression = String(trimmed.dropFirst()).trimmingSpaces
                    if expression.hasPrefix("("), expression.hasSuffix(")") {
                        expression = String(expression.dropFirst().dropLast())
                    }
                    do {
                        result.append(.filter(try SimpleCondition(Self.relative(expression))))
                    } catch {
                        throw ParseError(description: "'\(text)': the filter '\(expression)': \(error.description)")
                    }
                } else if trimmed.count >= 2, let mark = trimmed.first, mark == "'" || mark == "\"",
                    trimmed.last == mark
                {
                    result.append(.key(String(trimmed.dropFirst().dropLast())))
                } else {
                    throw ParseError(description: "'\(text)': '[\(inner)]' is not a name, an index, '*' or a filter")
                }
            } else {
                throw ParseError(description: "'\(text)': unexpected '\(first)'")
            }
        }
        return result
    }

    /// A filter with `@` written as the expression `$inputs.@` (so SimpleCondition parses it), and `length(x)`
    /// / `count(x)` as `x.length`.
    static func relative(_ expression: String) -> String {
        var text = expression
        for function in ["length", "count"] {
            while let range = text.range(of: "\(function)(") {
                guard let close = text[range.upperBound...].firstIndex(of: ")") else { break }
                let argument = text[range.upperBound..<close]
                text.replaceSubrange(range.lowerBound...close, with: "\(argument).\(CriterionPath.lengthMarker)")
            }
        }
        return text.replacingOccurrences(of: "@", with: "$inputs.\(CriterionPath.currentMarker)")
    }

    static let currentMarker = "__current"
    static let lengthMarker = "__length"

    /// The nodes the path selects in `root`.
    public func select(_ root: JSONValue) -> [JSONValue] {
        var current = [root]
        for segment in segments {
            var next: [JSONValue] = []
            for node in current {
                switch segment {
                case .key(let name): if let value = node[name] { next.append(value) }
                case .index(let index):
                    if case .array(let array) = node {
                        let position = index < 0 ? array.count + index : index
                        if position >= 0, position < array.count { next.append(array[position]) }
                    }
                case .wildcard: next += Self.children(node)
                case .descendant(let name):
                    for descendant in Self.descendants(node) {
                        if let name {
                            if let value = descendant[name] { next.append(value) }
                        } else {
                            next += Self.children(descendant)
                        }
                    }
                case .filter(let condition):
                    for child in Self.children(node) where condition.holds({ Self.relativeValue($0, current: child) }) {
                        next.append(child)
                    }
                }
            }
            current = next
        }
        return current
    }

    static func children(_ node: JSONValue) -> [JSONValue] {
        switch node {
        case .array(let array): return Array(array)
        case .object(let object): return Array(object.values)
        default: return []
        }
    }

    static func descendants(_ node: JSONValue) -> [JSONValue] {
        [node] + children(node).flatMap(descendants)
    }

    /// The value of `@...` inside a filter, for `current`.
    static func relativeValue(_ expression: RuntimeExpression, current: JSONValue) -> JSONValue? {
        guard case .named("inputs", let names) = expression.source, names.first == currentMarker else { return nil }
        var value: JSONValue? = current
        for name in names.dropFirst() {
            if name == lengthMarker {
                switch value {
                case .array(let array)?: value = .number(.int(array.count))
                case .object(let object)?: value = .number(.int(object.count))
                case .string(let text)?: value = .number(.int(text.count))
                default: value = nil
                }
            } else {
                value = value?[name]
            }
        }
        return value
    }
}
