/// Reads the text of an ``TemplateExpression`` into its tree (recursive descent, one token of look-ahead).
struct TemplateExpressionParser {
    enum Token: Equatable {
        case number(Double, isInteger: Bool)
        case text(String)
        case name(String)
        case symbol(String)
        case end
    }

    private let source: String
    private var tokens: [Token] = []
    private var position = 0
    private var tokenError: String?

    init(_ source: String) {
        self.source = source
        do { tokens = try Self.tokenize(source) } catch { tokenError = error.description }
    }

    /// Deeper nesting than this is refused rather than risking the stack on a hostile or broken file.
    static let maximumNesting = 64
    static let maximumTokens = 2000

    mutating func parseAll() throws(Template.ParseError) -> TemplateExpression.Node {
        if let tokenError { throw Template.ParseError(description: tokenError) }
        guard tokens.count <= Self.maximumTokens else { throw failure("more than \(Self.maximumTokens) tokens") }
        var depth = 0
        var prefixes = 0
        for token in tokens {
            if token == .symbol("(") || token == .symbol("[") { depth += 1 }
            if token == .symbol(")") || token == .symbol("]") { depth -= 1 }
            if token == .name("not") || token == .symbol("!") || token == .symbol("-") { prefixes += 1 }
            guard depth <= Self.maximumNesting, prefixes <= Self.maximumNesting * 4 else {
                throw failure("nesting deeper than \(Self.maximumNesting)")
            }
        }
        let node = try parseCoalesce()
        guard peek == .end else { throw failure("unexpected \(Self.describe(peek))") }
        return node
    }

    private var peek: Token { position < tokens.count ? tokens[position] : .end }

    private mutating func advance() -> Token {
        let token = peek
        position += 1
        return token
    }

    private func failure(_ message: String) -> Template.ParseError {
        Template.ParseError(description: "\(message) in '{{ \(source) }}'")
    }

    private mutating func accept(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) || peek == .name(symbol) {
            position += 1
            return true
        }
        return false
    }

    /// The first of `symbols` that comes next, consumed; nil when none does.
    private mutating func accept(anyOf symbols: [String]) -> String? {
        for symbol in symbols where accept(symbol) { return symbol }
        return nil
    }

    private mutating func parseCoalesce() throws(Template.ParseError) -> TemplateExpression.Node {
        var node = try parseOr()
        while accept("??") { node = .binary("??", node, try parseOr()) }
        return node
    }

    private mutating func parseOr() throws(Template.ParseError) -> TemplateExpression.Node {
        var node = try parseAnd()
        while accept("or") || accept("||") { node = .binary("or", node, try parseAnd()) }
        return node
    }

    private mutating func parseAnd() throws(Template.ParseError) -> TemplateExpression.Node {
        var node = try parseNot()
        while accept("and") || accept("&&") { node = .binary("and", node, try parseNot()) }
        return node
    }

    private mutating func parseNot() throws(Template.ParseError) -> TemplateExpression.Node {
        if accept("not") || accept("!") { return .unary("not", try parseNot()) }
        return try parseComparison()
    }

    private static let comparisons = ["==", "!=", "<", "<=", ">", ">=", "in", "contains"]

    private mutating func parseComparison() throws(Template.ParseError) -> TemplateExpression.Node {
        let left = try parseAdditive()
        guard let symbol = accept(anyOf: Self.comparisons) else { return left }
        return .binary(symbol, left, try parseAdditive())
    }

    private mutating func parseAdditive() throws(Template.ParseError) -> TemplateExpression.Node {
        var node = try parseMultiplicative()
        while let symbol = accept(anyOf: ["+", "-"]) { node = .binary(symbol, node, try parseMultiplicative()) }
        return node
    }

    private mutating func parseMultiplicative() throws(Template.ParseError) -> TemplateExpression.Node {
        var node = try parseUnary()
        while let symbol = accept(anyOf: ["*", "/", "%"]) { node = .binary(symbol, node, try parseUnary()) }
        return node
    }

    private mutating func parseUnary() throws(Template.ParseError) -> TemplateExpression.Node {
        if accept("-") { return .unary("-", try parseUnary()) }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(Template.ParseError) -> TemplateExpression.Node {
        var node = try parsePrimary()
        while true {
            if accept(".") {
                guard case .name(let member) = advance() else { throw failure("a member name must follow '.'") }
                node = .member(node, member)
            } else if accept("[") {
                let index = try parseCoalesce()
                guard accept("]") else { throw failure("'[' without ']'") }
                node = .index(node, index)
            } else {
                return node
            }
        }
    }

    private mutating func parsePrimary() throws(Template.ParseError) -> TemplateExpression.Node {
        switch advance() {
        case .number(let value, let isInteger):
            return .literal(isInteger && abs(value) < 9e15 ? .int(Int(value)) : .double(value))
        case .text(let text): return .literal(.string(text))
        case .name("true"): return .literal(.bool(true))
        case .name("false"): return .literal(.bool(false))
        case .name("null"): return .literal(.null)
        case .name(let name):
            guard accept("(") else { return .variable(name) }
            guard TemplateExpression.functionNames.contains(name) else {
                let known = TemplateExpression.functionNames.joined(separator: ", ")
                throw failure("unknown function '\(name)' (known: \(known))")
            }
            var arguments: [TemplateExpression.Node] = []
            if !accept(")") {
                repeat { arguments.append(try parseCoalesce()) } while accept(",")
                guard accept(")") else { throw failure("'\(name)(' without ')'") }
            }
            return .call(name, arguments)
        case .symbol("("):
            let inner = try parseCoalesce()
            guard accept(")") else { throw failure("'(' without ')'") }
            return inner
        case .symbol("["):
            var elements: [TemplateExpression.Node] = []
            if !accept("]") {
                repeat { elements.append(try parseCoalesce()) } while accept(",")
                guard accept("]") else { throw failure("'[' without ']'") }
            }
            return .list(elements)
        case let token:
            throw failure("unexpected \(Self.describe(token))")
        }
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .number(let value, _): return "number \(value)"
        case .text(let text): return "text '\(text)'"
        case .name(let name): return "'\(name)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "end"
        }
    }

    private struct TokenError: Error { var description: String }

    private static let durationUnits: [String: Double] = [
        "ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800,
    ]

    /// Names may hold `-` between letters or digits (`X-Api-Key`); subtraction needs spaces around `-`.
    private static func tokenize(_ source: String) throws(TokenError) -> [Token] {
        let characters = Array(source)
        var tokens: [Token] = []
        var index = 0
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "$" }
        func isNamePart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "$" }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                let digits = String(characters[index..<end])
                guard let value = Double(digits) else { throw TokenError(description: "malformed number '\(digits)'") }
                var unitEnd = end
                while unitEnd < characters.count, characters[unitEnd].isLetter { unitEnd += 1 }
                let unit = String(characters[end..<unitEnd])
                if unit.isEmpty {
                    tokens.append(.number(value, isInteger: !digits.contains(".")))
                } else if let factor = durationUnits[unit] {
                    let seconds = value * factor
                    tokens.append(.number(seconds, isInteger: seconds.rounded() == seconds))
                } else {
                    throw TokenError(
                        description: "unknown duration unit '\(unit)' in '\(digits)\(unit)' (ms, s, m, h, d, w)")
                }
                index = unitEnd
            } else if isNameStart(character) {
                var end = index + 1
                while end < characters.count {
                    if isNamePart(characters[end]) {
                        end += 1
                    } else if characters[end] == "-", end + 1 < characters.count, isNamePart(characters[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                tokens.append(.name(String(characters[index..<end])))
                index = end
            } else if character == "'" || character == "\"" {
                var end = index + 1
                var text = ""
                while end < characters.count, characters[end] != character {
                    if characters[end] == "\\", end + 1 < characters.count {
                        end += 1
                    }
                    text.append(characters[end])
                    end += 1
                }
                guard end < characters.count else { throw TokenError(description: "unterminated text in '\(source)'") }
                tokens.append(.text(text))
                index = end + 1
            } else {
                let pair = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                if ["==", "!=", "<=", ">=", "??", "&&", "||"].contains(pair) {
                    tokens.append(.symbol(pair))
                    index += 2
                } else if "<>+-*/%().[],!".contains(character) {
                    tokens.append(.symbol(String(character)))
                    index += 1
                } else {
                    throw TokenError(description: "unexpected character '\(character)' in '\(source)'")
                }
            }
        }
        return tokens
    }
}
