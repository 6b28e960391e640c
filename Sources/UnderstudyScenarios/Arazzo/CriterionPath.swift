import UnderstudySchema

/// The JSONPath (RFC 9535) of a `jsonpath` criterion: `$`, `.name`, `['name']`, `[n]`, `[*]`, `..name`,
/// slices `[start:end:step]`, unions `[0,2]` / `['a','b']`, and filters `[?(...)]` over the current node `@`
/// with comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`), `&&`, `||`, `!`, existence (`@.name`) and the functions
/// `length()`, `count()`, `match()`, `search()`, `value()`. The criterion holds when the path selects at least
/// one node.
public struct CriterionPath: Sendable {
    indirect enum Segment: Sendable {
        case key(String)
        case index(Int)
        case wildcard
        case descendant(String?)
        case filter(SimpleCondition)
        case slice(Int?, Int?, Int)
        case union([Segment])
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
                } else if !trimmed.hasPrefix("'"), !trimmed.hasPrefix("\""), trimmed.contains(":") {
                    let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map {
                        $0.trimmingSpaces
                    }
                    guard parts.count <= 3, parts.allSatisfy({ $0.isEmpty || Int($0) != nil }) else {
                        throw ParseError(description: "'\(text)': '[\(inner)]' is not a slice [start:end:step]")
                    }
                    let step = parts.count == 3 && !parts[2].isEmpty ? Int(parts[2])! : 1
                    guard step != 0 else { throw ParseError(description: "'\(text)': a slice's step is not 0") }
                    result.append(.slice(Int(parts[0]), parts.count > 1 ? Int(parts[1]) : nil, step))
                } else if trimmed.contains(",") {
                    var members: [Segment] = []
                    for member in trimmed.split(separator: ",").map({ $0.trimmingSpaces }) {
                        if let index = Int(member) {
                            members.append(.index(index))
                        } else if member.count >= 2, let mark = member.first, mark == "'" || mark == "\"",
                            member.last == mark
                        {
                            members.append(.key(String(member.dropFirst().dropLast())))
                        } else {
                            throw ParseError(
                                description: "'\(text)': '\(member)' in [\(inner)] is not an index or a 'name'")
                        }
                    }
                    result.append(.union(members))
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

    /// A filter with `@` written as the expression `$inputs.__current` (so SimpleCondition parses it; an `@`
    /// inside a quoted string stays).
    static func relative(_ expression: String) -> String {
        var result = ""
        var quote: Character?
        for character in expression {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "@" {
                result += "$inputs.\(currentMarker)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    static let currentMarker = "__current"

    /// The nodes the path selects in `root`.
    public func select(_ root: JSONValue) -> [JSONValue] {
        var current = [root]
        for segment in segments {
            var next: [JSONValue] = []
            for node in current {
                switch segment {
                case .key, .index: next += Self.member(segment, of: node)
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
                case .slice(let start, let end, let step):
                    guard case .array(let array) = node else { continue }
                    next += Self.slice(Array(array), start: start, end: end, step: step)
                case .union(let members):
                    for member in members { next += Self.member(member, of: node) }
                }
            }
            current = next
        }
        return current
    }

    /// RFC 9535 array slice semantics (negative bounds count from the end; a negative step walks back).
    static func slice(_ array: [JSONValue], start: Int?, end: Int?, step: Int) -> [JSONValue] {
        let count = array.count
        func normalized(_ value: Int) -> Int { value >= 0 ? value : count + value }
        var result: [JSONValue] = []
        if step > 0 {
            let lower = min(max(normalized(start ?? 0), 0), count)
            let upper = min(max(normalized(end ?? count), 0), count)
            var index = lower
            while index < upper {
                result.append(array[index])
                // A step near Int.max (`[1::9223372036854775807]`) goes past the end, not past Int.max.
                let (next, overflow) = index.addingReportingOverflow(step)
                if overflow { break }
                index = next
            }
        } else {
            let upper = min(max(normalized(start ?? count - 1), -1), count - 1)
            let lower = min(max(end.map(normalized) ?? -1, -1), count - 1)
            var index = upper
            while lower < index {
                result.append(array[index])
                index += step
            }
        }
        return result
    }

    /// What a name or an index (negative: from the end) selects in `node`: one value or none.
    static func member(_ segment: Segment, of node: JSONValue) -> [JSONValue] {
        switch (segment, node) {
        case (.key(let name), _): return node[name].map { [$0] } ?? []
        case (.index(let index), .array(let array)):
            let position = index < 0 ? array.count + index : index
            return position >= 0 && position < array.count ? [array[position]] : []
        default: return []
        }
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
        for name in names.dropFirst() { value = value?[name] }
        return value
    }
}
