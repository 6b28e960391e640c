import Foundation

/// A parsed expression of the template language: what goes between `{{` and `}}`, and what profile guards
/// (`when:`) test.
///
/// Values are JSON values. Literals: numbers, `'text'` or `"text"`, `true`, `false`, `null`, durations
/// (`500ms`, `30s`, `5m`, `1h`, `30d`: seconds) and lists (`[1, 2]`). Variables and paths: `request.body.name`,
/// `rows[0]`, `item['x-y']`. Operators, loosest first: `??` (left unless null or missing), `or`, `and`, `not`,
/// comparisons (`== != < <= > >=`, `in`, `contains`), `+ -`, `* / %`, unary `-`. Text that reads as a
/// date-time compares as one; `date ± seconds` is a date-time; `date - date` is seconds. Functions: see
/// ``TemplateExpression/functionNames``. Nothing else runs: no code, no files, no network.
public struct TemplateExpression: Sendable, Hashable, CustomStringConvertible {
    indirect enum Node: Sendable, Hashable {
        case literal(JSONValue)
        case variable(String)
        case member(Node, String)
        case index(Node, Node)
        case list([Node])
        case call(String, [Node])
        case unary(String, Node)
        case binary(String, Node, Node)
    }

    let root: Node
    public let description: String

    /// Functions an expression may call.
    public static let functionNames: [String] = [
        "uuid", "random", "randomInt", "len", "lower", "upper", "exists", "date", "days", "hash", "number", "string",
        "counter", "coalesce", "find", "if", "matches", "merge", "pick", "split",
    ]

    public init(_ text: String) throws(Template.ParseError) {
        description = text
        var parser = TemplateExpressionParser(text)
        root = try parser.parseAll()
    }

    /// The variable names the expression reads (the first step of each path).
    public var variableNames: Set<String> {
        var names: Set<String> = []
        func walk(_ node: Node) {
            switch node {
            case .literal: break
            case .variable(let name): names.insert(name)
            case .member(let base, _): walk(base)
            case .index(let base, let index):
                walk(base)
                walk(index)
            case .list(let nodes), .call(_, let nodes): nodes.forEach(walk)
            case .unary(_, let operand): walk(operand)
            case .binary(_, let left, let right):
                walk(left)
                walk(right)
            }
        }
        walk(root)
        return names
    }

    /// Whether the value can differ between two evaluations over the same variables: it reads the clock
    /// (`now`, `timestamp`), draws (`uuid`, `randomInt`, `random(…)`) or counts (`counter(…)`).
    public var readsClockOrChance: Bool {
        func walk(_ node: Node) -> Bool {
            switch node {
            case .literal: return false
            case .variable(let name): return Self.clockOrChanceVariables.contains(name)
            case .member(let base, _): return walk(base)
            case .index(let base, let index): return walk(base) || walk(index)
            case .list(let nodes): return nodes.contains(where: walk)
            case .call(let name, let nodes):
                return Self.clockOrChanceFunctions.contains(name) || nodes.contains(where: walk)
            case .unary(_, let operand): return walk(operand)
            case .binary(_, let left, let right): return walk(left) || walk(right)
            }
        }
        return walk(root)
    }

    /// Variables whose value comes from the clock or a draw rather than from what was sent or stored.
    static let clockOrChanceVariables: Set<String> = ["now", "timestamp", "uuid", "randomInt"]
    /// Functions whose value comes from a draw or a count kept between calls.
    static let clockOrChanceFunctions: Set<String> = ["uuid", "random", "randomInt", "counter"]

    /// The value of the expression over `variables`.
    public func evaluate(_ variables: Variables) throws(TemplateError) -> JSONValue {
        try TemplateExpressionEvaluator(variables: variables).evaluate(root)
    }

    /// How two values order as the language compares them (numbers by value, date-times as instants, text
    /// lexically); nil when either is null or they do not compare.
    public static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        TemplateExpressionEvaluator.compare(left, right)
    }

    /// Whether the value is truthy: not null, false, 0, "" or empty.
    public func test(_ variables: Variables) throws(TemplateError) -> Bool {
        TemplateExpressionEvaluator.truthy(try evaluate(variables))
    }
}
