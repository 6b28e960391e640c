import Foundation

/// A string with `{{ expression }}` holes. Expressions: a variable (`id`, `silence.id`, `rows[0].name`),
/// `uuid`, `now`, `now + 1h` / `now - 30m` (s, m, h, d), `timestamp` (Unix seconds), `random(8)` (letters
/// and digits), `randomInt`, `env.NAME`. A string that is exactly one hole keeps the value's type
/// (`"{{ count }}"` can be a number); otherwise values are spliced in as text. No code runs.
public struct Template: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case text(String)
        case expression(String)
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
            guard Self.isWellFormed(expression) else {
                throw ParseError(
                    description:
                        "'{{ \(expression) }}' is not a variable (a.b[0]) or one of uuid, now, now + 1h, timestamp, random(N), randomInt, env.NAME"
                )
            }
            pieces.append(.expression(expression))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// Whether the text has any hole.
    public var hasExpressions: Bool { pieces.contains { if case .expression = $0 { true } else { false } } }

    /// The value: typed when the template is exactly one hole, else text.
    public func render(_ variables: Variables) throws(TemplateError) -> JSONValue {
        if pieces.count == 1, case .expression(let expression) = pieces[0] {
            return try Self.evaluate(expression, variables)
        }
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .expression(let expression):
                let value = try Self.evaluate(expression, variables)
                output += value.stringValue ?? JSONSerializer.serialize(value)
            }
        }
        return .string(output)
    }

    private static func isWellFormed(_ expression: String) -> Bool {
        if ["uuid", "now", "timestamp", "randomInt"].contains(expression) { return true }
        if expression.hasPrefix("now") { return offset(expression) != nil }
        if expression.hasPrefix("random("), expression.hasSuffix(")") {
            return Int(expression.dropFirst(7).dropLast()).map { $0 > 0 && $0 <= 4096 } ?? false
        }
        return (try? VariablePath(expression)) != nil
    }

    /// Seconds from `now + 1h`-style text; nil when malformed.
    private static func offset(_ expression: String) -> Double? {
        let rest = expression.dropFirst(3).trimmingSpaces
        if rest.isEmpty { return 0 }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        guard let seconds = DurationText.seconds(String(rest.dropFirst()), allowed: ["s", "m", "h", "d"]) else {
            return nil
        }
        return sign == "+" ? seconds : -seconds
    }

    private static func evaluate(_ expression: String, _ variables: Variables) throws(TemplateError) -> JSONValue {
        switch expression {
        case "uuid": return .string(UUID().uuidString.lowercased())
        case "timestamp": return .int(Int(variables.clock().timeIntervalSince1970))
        case "randomInt": return .int(Int.random(in: 1...1_000_000_000))
        default: break
        }
        if expression.hasPrefix("now"), let offset = offset(expression) {
            let date = variables.clock().addingTimeInterval(offset)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            return .string(formatter.string(from: date))
        }
        if expression.hasPrefix("random("), let count = Int(expression.dropFirst(7).dropLast()) {
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return .string(String((0..<count).map { _ in alphabet.randomElement()! }))
        }
        if expression.hasPrefix("env.") {
            let name = String(expression.dropFirst(4))
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw TemplateError("environment variable \(name) is not set")
            }
            return .string(value)
        }
        guard let path = try? VariablePath(expression) else { throw TemplateError("cannot read '\(expression)'") }
        return try variables.value(at: path)
    }
}

/// Why a template could not be filled in (an undefined variable, a missing member).
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
