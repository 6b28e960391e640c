import Foundation

/// Evaluates an ``TemplateExpression``'s tree over ``Variables``.
struct TemplateExpressionEvaluator {
    let variables: Variables

    func evaluate(_ node: TemplateExpression.Node) throws(TemplateError) -> JSONValue {
        switch node {
        case .literal(let value): return value
        case .variable(let name): return try variable(name)
        case .member(.variable("env"), let name) where variables["env"] == nil:
            guard variables.allowsEnvironment else {
                throw TemplateError("env.\(name): environment variables cannot be read here")
            }
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw TemplateError("environment variable \(name) is not set")
            }
            return .string(value)
        case .member(let base, let name):
            let value = try evaluate(base)
            if case .object(let object) = value, let member = object[name] { return member }
            if case .array(let array) = value, name == "length" { return .int(array.count) }
            if variables.lenient { return .null }
            throw TemplateError("'\(Self.describe(node))' does not exist\(Self.rootDescription(node))")
        case .index(let base, let indexNode):
            let value = try evaluate(base)
            let index = try evaluate(indexNode)
            switch (value, index) {
            case (.array(let array), .number(let number)):
                if let position = number.exactInt, position >= 0, position < array.count { return array[position] }
            case (.object(let object), .string(let key)):
                if let member = object[key] { return member }
            default: break
            }
            if variables.lenient { return .null }
            throw TemplateError("'\(Self.describe(node))' does not exist\(Self.rootDescription(node))")
        case .list(let nodes):
            var values: [JSONValue] = []
            for element in nodes { values.append(try evaluate(element)) }
            return .array(values)
        case .call(let name, let arguments):
            var values: [JSONValue] = []
            for argument in arguments {
                if name == "exists" || name == "coalesce" || name == "if" || name == "matches" {
                    values.append((try? evaluate(argument)) ?? .null)
                } else {
                    values.append(try evaluate(argument))
                }
            }
            return try call(name, values)
        case .unary("not", let operand): return .bool(!Self.truthy(try evaluate(operand)))
        case .unary(_, let operand):
            guard let number = try evaluate(operand).doubleValue else { throw TemplateError("'-' needs a number") }
            return Self.number(-number)
        case .binary(let symbol, let leftNode, let rightNode):
            switch symbol {
            case "??":
                let left = (try? evaluate(leftNode)) ?? .null
                return left.isNull ? try evaluate(rightNode) : left
            case "and":
                guard Self.truthy(try evaluate(leftNode)) else { return .bool(false) }
                return .bool(Self.truthy(try evaluate(rightNode)))
            case "or":
                if Self.truthy(try evaluate(leftNode)) { return .bool(true) }
                return .bool(Self.truthy(try evaluate(rightNode)))
            default:
                return try Self.apply(symbol, try evaluate(leftNode), try evaluate(rightNode))
            }
        }
    }

    private func variable(_ name: String) throws(TemplateError) -> JSONValue {
        if let value = variables[name] { return value }
        switch name {
        case "now": return .string(Self.format(variables.clock()))
        case "uuid", "randomInt": return try call(name, [])
        case "timestamp": return .int(Int(variables.clock().timeIntervalSince1970))
        default: break
        }
        if variables.lenient { return .null }
        let known = variables.values.keys.sorted().joined(separator: ", ")
        throw TemplateError(
            "variable '\(name)' is not defined (defined: \(known.isEmpty ? "none" : known)); set it under variables:, with --var or capture it in an earlier step"
        )
    }

    private func call(_ name: String, _ arguments: [JSONValue]) throws(TemplateError) -> JSONValue {
        if let value = variables.functions?(name, arguments) { return value }
        func text(_ index: Int) -> String {
            guard index < arguments.count else { return "" }
            return arguments[index].stringValue ?? JSONSerializer.serialize(arguments[index])
        }
        switch name {
        case "uuid": return .string(UUID().uuidString.lowercased())
        case "randomInt": return .int(Int.random(in: 1...1_000_000_000))
        case "random":
            guard let count = arguments.first?.intValue, count > 0, count <= 4096 else {
                throw TemplateError("random(N) needs a length from 1 to 4096")
            }
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return .string(String((0..<count).map { _ in alphabet.randomElement()! }))
        case "len":
            switch arguments.first {
            case .string(let string)?: return .int(string.count)
            case .array(let array)?: return .int(array.count)
            case .object(let object)?: return .int(object.count)
            default: return .int(0)
            }
        case "lower": return .string(text(0).lowercased())
        case "upper": return .string(text(0).uppercased())
        case "exists": return .bool(!(arguments.first ?? .null).isNull)
        case "coalesce": return arguments.first { !$0.isNull } ?? .null
        case "merge":
            var merged = JSONObject()
            for case .object(let object) in arguments {
                for (key, value) in object { merged.set(key, value) }
            }
            return .object(merged)
        case "pick":
            guard case .object(let object)? = arguments.first else { return .object(JSONObject()) }
            var names: [String] = []
            for argument in arguments.dropFirst() {
                if case .array(let list) = argument {
                    names += list.compactMap(\.stringValue)
                } else if let name = argument.stringValue {
                    names.append(name)
                }
            }
            var picked = JSONObject()
            for name in names { if let value = object[name] { picked.set(name, value) } }
            return .object(picked)
        case "matches":
            guard arguments.count == 2, let pattern = arguments[1].stringValue else {
                throw TemplateError("matches(text, pattern) takes a text and a regular expression")
            }
            guard let regex = RegexCache.shared.regex(pattern) else {
                throw TemplateError("matches(text, pattern): '\(pattern)' is not a valid regular expression")
            }
            // Only text matches: a missing member (null), a number or a list does not.
            guard let subject = arguments[0].stringValue else { return .bool(false) }
            return .bool(regex.matches(subject))
        case "split":
            let separator = arguments.count > 1 ? text(1) : ","
            let whole = text(0)
            guard !whole.isEmpty, !separator.isEmpty else { return .array([JSONValue]()) }
            return .array(whole.components(separatedBy: separator).map { .string($0.trimmingSpaces) })
        case "if":
            guard arguments.count == 3 else { throw TemplateError("if(condition, then, else) takes three values") }
            return Self.truthy(arguments[0]) ? arguments[1] : arguments[2]
        case "string": return .string(text(0))
        case "number":
            if let number = arguments.first?.numberValue { return .number(number) }
            return Double(text: text(0)).map(Self.number) ?? .null
        case "date":
            guard let date = Self.date(arguments.first ?? .null) else { return .null }
            return .string(Self.format(date))
        case "days":
            guard let count = arguments.first?.doubleValue else { throw TemplateError("days(N) needs a number") }
            return Self.number(count * 86400)
        case "hash":
            let joined = arguments.indices.map(text).joined(separator: "\u{1f}")
            return .string(Self.fnv1aHex(joined))
        case "counter", "find":
            throw TemplateError("\(name)(…) is only available in mock profiles")
        default:
            throw TemplateError("unknown function '\(name)'")
        }
    }

    // MARK: Operators

    static func apply(_ symbol: String, _ left: JSONValue, _ right: JSONValue) throws(TemplateError) -> JSONValue {
        switch symbol {
        case "==": return .bool(equal(left, right))
        case "!=": return .bool(!equal(left, right))
        case "<", "<=", ">", ">=":
            guard let order = compare(left, right) else { return .bool(false) }
            switch symbol {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "in": return .bool(contains(right, left))
        case "contains": return .bool(contains(left, right))
        case "+":
            if let date = date(left), let seconds = right.doubleValue { return .string(format(date + seconds)) }
            if let a = left.doubleValue, let b = right.doubleValue { return number(a + b) }
            if case .array(let a) = left, case .array(let b) = right { return .array(Array(a) + Array(b)) }
            return .string(textOf(left) + textOf(right))
        case "-":
            if let date = date(left), let seconds = right.doubleValue { return .string(format(date - seconds)) }
            if let a = date(left), let b = date(right) { return number(a.timeIntervalSince(b)) }
            guard let a = left.doubleValue, let b = right.doubleValue else {
                throw TemplateError("'-' needs numbers or date-times, got \(left.typeName) and \(right.typeName)")
            }
            return number(a - b)
        default:
            guard let a = left.doubleValue, let b = right.doubleValue else {
                throw TemplateError("'\(symbol)' needs numbers, got \(left.typeName) and \(right.typeName)")
            }
            switch symbol {
            case "*": return number(a * b)
            case "/":
                guard b != 0 else { throw TemplateError("division by zero") }
                return number(a / b)
            default:
                guard b != 0 else { throw TemplateError("division by zero") }
                return number(a.truncatingRemainder(dividingBy: b))
            }
        }
    }

    static func truthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let bool): return bool
        case .number(let number): return number.doubleValue != 0
        case .string(let string): return !string.isEmpty
        case .array(let array): return !array.isEmpty
        case .object(let object): return object.count > 0
        }
    }

    /// Equal as values, or as text (`5 == "5"`), or as instants.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if left == right { return true }
        if left.isNull || right.isNull { return false }
        if let order = compare(left, right) { return order == 0 }
        return false
    }

    /// Numbers numerically, date-times as instants, text lexically; nil when either is null or they do not
    /// compare.
    static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        if left.isNull || right.isNull { return nil }
        if let a = numeric(left), let b = numeric(right) { return a < b ? -1 : (a > b ? 1 : 0) }
        if let a = date(left), let b = date(right) { return a < b ? -1 : (a > b ? 1 : 0) }
        if case .string(let a) = left, case .string(let b) = right { return a < b ? -1 : (a > b ? 1 : 0) }
        return nil
    }

    private static func numeric(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): return number.doubleValue
        case .string(let text): return Double(text: text)
        case .bool: return nil
        default: return nil
        }
    }

    private static func contains(_ container: JSONValue, _ element: JSONValue) -> Bool {
        switch container {
        case .array(let array): return array.contains { equal($0, element) }
        case .string(let text): return text.localizedCaseInsensitiveContains(textOf(element))
        case .object(let object): return element.stringValue.map { object[$0] != nil } ?? false
        default: return false
        }
    }

    static func textOf(_ value: JSONValue) -> String { value.stringValue ?? JSONSerializer.serialize(value) }

    static func number(_ value: Double) -> JSONValue {
        if value.rounded() == value, abs(value) < 9e15 { return .int(Int(value)) }
        return .double(value)
    }

    // MARK: Dates

    /// An RFC 3339 date-time (`2024-06-01T12:00:00Z`, `+0100` offsets, fractions) or a full date
    /// (`2024-06-01`, midnight UTC).
    static func date(_ value: JSONValue) -> Date? {
        guard case .string(let text) = value, text.count >= 10, text.first?.isNumber == true else { return nil }
        return DateText.parse(text)
    }

    static func format(_ date: Date) -> String { DateText.format(date) }

    /// A short, stable digest (FNV-1a, 64 bits, hex).
    static func fnv1aHex(_ text: String) -> String {
        let hex = String(SeededRandom.fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// ` in variable 'x'` for a path that starts at a variable.
    static func rootDescription(_ node: TemplateExpression.Node) -> String {
        switch node {
        case .variable(let name): return " in variable '\(name)'"
        case .member(let base, _), .index(let base, _): return rootDescription(base)
        default: return ""
        }
    }

    static func describe(_ node: TemplateExpression.Node) -> String {
        switch node {
        case .variable(let name): return name
        case .member(let base, let name): return describe(base) + "." + name
        case .index(let base, let index): return describe(base) + "[" + describe(index) + "]"
        case .literal(let value): return JSONSerializer.serialize(value)
        default: return "expression"
        }
    }
}
