import UnderstudySchema

/// An Arazzo `simple` condition (`$statusCode == 200 && $response.body#/status == 'done'`), parsed once:
/// runtime expressions and literals (numbers, `'strings'`, `true`, `false`, `null`), `==`, `!=`, `<`, `<=`, `>`,
/// `>=`, `!`, `&&`, `||`, parentheses, and `[index]` / `.name` after a value. String comparison ignores case,
/// as the specification says; a string that reads as a number compares as one with a number (a header).
public indirect enum SimpleCondition: Sendable, Hashable {
    case literal(JSONValue)
    case expression(RuntimeExpression)
    case member(SimpleCondition, JSONValue)
    case not(SimpleCondition)
    case and(SimpleCondition, SimpleCondition)
    case or(SimpleCondition, SimpleCondition)
    case compare(SimpleCondition, String, SimpleCondition)
    /// A function of RFC 9535 filters: `length(x)`, `count(x)`, `match(x, 'regex')`, `search(x, 'regex')`,
    /// `value(x)`.
    case call(String, [SimpleCondition])

    /// Why a condition does not parse.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        var parser = Parser(text: text)
        let condition = try parser.disjunction()
        parser.skipSpaces()
        guard parser.atEnd else {
            throw ParseError(description: "'\(text)': unexpected '\(parser.remainder)'")
        }
        self = condition
    }

    /// The condition's value with `resolve` reading runtime expressions (nil: absent, compared as null).
    public func evaluate(_ resolve: (RuntimeExpression) -> JSONValue?) -> JSONValue {
        switch self {
        case .literal(let value): return value
        case .expression(let expression): return resolve(expression) ?? .null
        case .member(let base, let key):
            let value = base.evaluate(resolve)
            switch (value, key) {
            case (.array(let array), .number(let number)):
                guard let index = number.exactInt, index >= 0, index < array.count else { return .null }
                return array[index]
            case (.object(let object), .string(let name)): return object[name] ?? .null
            default: return .null
            }
        case .not(let inner): return .bool(!Self.truthy(inner.evaluate(resolve)))
        case .and(let left, let right):
            return .bool(Self.truthy(left.evaluate(resolve)) && Self.truthy(right.evaluate(resolve)))
        case .or(let left, let right):
            return .bool(Self.truthy(left.evaluate(resolve)) || Self.truthy(right.evaluate(resolve)))
        case .compare(let left, let op, let right):
            return .bool(Self.compare(left.evaluate(resolve), op, right.evaluate(resolve)))
        case .call(let name, let arguments):
            let values = arguments.map { $0.evaluate(resolve) }
            return Self.call(name, values)
        }
    }

    static let functions: Set<String> = ["length", "count", "match", "search", "value"]

    static func call(_ name: String, _ values: [JSONValue]) -> JSONValue {
        let first = values.first ?? .null
        switch name {
        case "length":
            switch first {
            case .string(let text): return .number(.int(text.count))
            case .array(let array): return .number(.int(array.count))
            case .object(let object): return .number(.int(object.count))
            default: return .null
            }
        case "count":
            // Of a list, its length (what a filter over `@.items` means); of one value, 1; of nothing, 0.
            switch first {
            case .array(let array): return .number(.int(array.count))
            case .null: return .number(.int(0))
            default: return .number(.int(1))
            }
        case "match", "search":
            guard case .string(let text) = first, values.count > 1, case .string(let pattern) = values[1],
                let regex = try? Regex(pattern)
            else { return .bool(false) }
            if name == "match" { return .bool((try? regex.wholeMatch(in: text)) != nil) }
            return .bool(text.contains(regex))
        default:
            return first
        }
    }

    /// Whether the condition holds.
    public func holds(_ resolve: (RuntimeExpression) -> JSONValue?) -> Bool { Self.truthy(evaluate(resolve)) }

    static func truthy(_ value: JSONValue) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        case .string(let text): return !text.isEmpty && text.lowercased() != "false"
        case .number(let number): return number.doubleValue != 0
        default: return true
        }
    }

    static func compare(_ left: JSONValue, _ op: String, _ right: JSONValue) -> Bool {
        if let order = order(left, right) {
            switch op {
            case "==": return order == 0
            case "!=": return order != 0
            case "<": return order < 0
            case "<=": return order <= 0
            case ">": return order > 0
            default: return order >= 0
            }
        }
        switch op {
        case "==": return left == right
        case "!=": return left != right
        default: return false
        }
    }

    /// -1, 0 or 1 for values that order (numbers, strings ignoring case, booleans and null as equal or not);
    /// nil when they do not.
    static func order(_ left: JSONValue, _ right: JSONValue) -> Int? {
        switch (number(left), number(right)) {
        case (let a?, let b?): return a < b ? -1 : (a > b ? 1 : 0)
        default: break
        }
        switch (left, right) {
        case (.string(let a), .string(let b)):
            let (x, y) = (a.lowercased(), b.lowercased())
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : nil
        case (.null, .null): return 0
        default: return nil
        }
    }

    /// A number, or a string that reads as one (header and query values are text).
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): return number.doubleValue
        case .string(let text): return Double(text: text)
        default: return nil
        }
    }

    struct Parser {
        let text: String
        var index: String.Index
        /// How deep parentheses, `!`, indexes and function calls nest; a condition nested deeper than
        /// ``maxDepth`` is refused rather than parsed into a stack overflow.
        var depth = 0
        static let maxDepth = 64

        mutating func descend() throws(ParseError) {
            depth += 1
            guard depth <= Self.maxDepth else {
                throw ParseError(description: "the condition nests deeper than \(Self.maxDepth) levels")
            }
        }

        init(text: String) {
            self.text = text
            index = text.startIndex
        }

        var atEnd: Bool { index == text.endIndex }
        var remainder: Substring { text[index...] }

        mutating func skipSpaces() {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
        }

        mutating func take(_ token: String) -> Bool {
            skipSpaces()
            guard text[index...].hasPrefix(token) else { return false }
            index = text.index(index, offsetBy: token.count)
            return true
        }

        mutating func disjunction() throws(ParseError) -> SimpleCondition {
            var left = try conjunction()
            while take("||") { left = .or(left, try conjunction()) }
            return left
        }

        mutating func conjunction() throws(ParseError) -> SimpleCondition {
            var left = try comparison()
            while take("&&") { left = .and(left, try comparison()) }
            return left
        }

        mutating func comparison() throws(ParseError) -> SimpleCondition {
            let left = try unary()
            for op in ["==", "!=", "<=", ">=", "<", ">"] where take(op) {
                return .compare(left, op, try unary())
            }
            return left
        }

        mutating func unary() throws(ParseError) -> SimpleCondition {
            try descend()
            defer { depth -= 1 }
            if take("!") { return .not(try unary()) }
            return try postfix(try primary())
        }

        mutating func postfix(_ base: SimpleCondition) throws(ParseError) -> SimpleCondition {
            var value = base
            while true {
                if take("[") {
                    skipSpaces()
                    let key = try primary()
                    guard take("]") else { throw ParseError(description: "'\(text)': '[' without ']'") }
                    guard case .literal(let literal) = key else {
                        throw ParseError(description: "'\(text)': an index is a number or a 'name'")
                    }
                    value = .member(value, literal)
                } else if index < text.endIndex, text[index] == ".",
                    text.index(after: index) < text.endIndex, text[text.index(after: index)].isLetter
                {
                    index = text.index(after: index)
                    let start = index
                    while index < text.endIndex, text[index].isLetter || text[index].isNumber || text[index] == "_" {
                        index = text.index(after: index)
                    }
                    value = .member(value, .string(String(text[start..<index])))
                } else {
                    return value
                }
            }
        }

        mutating func primary() throws(ParseError) -> SimpleCondition {
            skipSpaces()
            guard index < text.endIndex else {
                throw ParseError(description: "'\(text)': a value is missing at the end")
            }
            let character = text[index]
            if character == "(" {
                index = text.index(after: index)
                let inner = try disjunction()
                guard take(")") else { throw ParseError(description: "'\(text)': '(' without ')'") }
                return inner
            }
            if character == "'" || character == "\"" {
                index = text.index(after: index)
                var literal = ""
                while true {
                    guard index < text.endIndex else {
                        throw ParseError(description: "'\(text)': a string is not closed")
                    }
                    let next = text.index(after: index)
                    if text[index] == character {
                        // A quote written twice is one quote in the string ('it''s').
                        if next < text.endIndex, text[next] == character {
                            literal.append(character)
                            index = text.index(after: next)
                            continue
                        }
                        index = next
                        break
                    }
                    literal.append(text[index])
                    index = next
                }
                return .literal(.string(literal))
            }
            if character == "$" {
                let start = index
                while index < text.endIndex, !text[index].isWhitespace, !"=!<>&|()[],".contains(text[index]) {
                    index = text.index(after: index)
                }
                do {
                    return .expression(try RuntimeExpression(String(text[start..<index])))
                } catch {
                    throw ParseError(description: error.description)
                }
            }
            let start = index
            while index < text.endIndex, !text[index].isWhitespace, !"=!<>&|()[],".contains(text[index]) {
                index = text.index(after: index)
            }
            let word = String(text[start..<index])
            if SimpleCondition.functions.contains(word), take("(") {
                var arguments: [SimpleCondition] = []
                if !take(")") {
                    repeat { arguments.append(try disjunction()) } while take(",")
                    guard take(")") else { throw ParseError(description: "'\(text)': '\(word)(' without ')'") }
                }
                return .call(word, arguments)
            }
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default:
                if let number = try? JSONParser.parse(word), case .number = number { return .literal(number) }
                throw ParseError(
                    description: "'\(text)': '\(word)' is not a value (a runtime expression, a number, a 'string',"
                        + " true, false or null)")
            }
        }
    }
}
