import Foundation

/// A string with `{{ expression }}` holes (see ``TemplateExpression`` for the language: variables such as
/// `request.body.name`, `uuid`, `now`, `now + 1h`, `random(8)`, comparisons, `??`). A string that is exactly
/// one hole keeps the value's type (`"{{ count }}"` can be a number); otherwise values are spliced in as text.
/// No code runs.
public struct Template: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case text(String)
        case expression(TemplateExpression)
    }

    let pieces: [Piece]

    /// Why a template does not parse.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw ParseError(description: "'{{' without a closing '}}' in \"\(text)\"")
            }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingSpaces
            guard !expression.isEmpty else { throw ParseError(description: "an empty '{{ }}' in \"\(text)\"") }
            pieces.append(.expression(try TemplateExpression(String(expression))))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// Whether the text has any hole.
    public var hasExpressions: Bool { pieces.contains { if case .expression = $0 { true } else { false } } }

    /// Whether a hole reads the clock or draws (see ``TemplateExpression/readsClockOrChance``).
    public var readsClockOrChance: Bool { expressions.contains { $0.readsClockOrChance } }

    /// Whether `value` holds a string that, as a template, reads the clock or draws; a string that is no
    /// template counts as one that might.
    public static func readsClockOrChance(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return false }
            return (try? Template(text))?.readsClockOrChance ?? true
        case .array(let elements): return elements.contains { readsClockOrChance($0) }
        case .object(let object): return object.contains { readsClockOrChance($0.value) }
        case .null, .bool, .number: return false
        }
    }

    /// The expressions in the holes.
    public var expressions: [TemplateExpression] {
        pieces.compactMap { if case .expression(let expression) = $0 { expression } else { nil } }
    }

    /// The value: typed when the template is exactly one hole, else text.
    public func render(_ variables: Variables) throws(TemplateError) -> JSONValue {
        if pieces.count == 1, case .expression(let expression) = pieces[0] {
            return try expression.evaluate(variables)
        }
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .expression(let expression):
                let value = try expression.evaluate(variables)
                output += value.stringValue ?? JSONSerializer.serialize(value)
            }
        }
        return .string(output)
    }
}

/// Why a template could not be filled in (an undefined variable, a missing member).
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
