import Foundation
import UnderstudySchema

/// A check on one value (a body member, a header). Written as a literal (equality) or a mapping of
/// checks that must all hold: `equals`, `exists`, `type`, `matches` (regex), `min`/`max`, `length`,
/// `minLength`/`maxLength`, `contains`, `in`, `each` (every element), `not`, and nested JSON paths
/// (`$.name: ...`, relative to the value).
public indirect enum Matcher: Sendable {
    case equals(JSONValue)
    case exists(Bool)
    case type(String)
    case matches(String)
    /// A number, or a template giving one (`"{{ total }}"`).
    case minimum(JSONValue)
    case maximum(JSONValue)
    case length(Int)
    case minLength(Int)
    case maxLength(Int)
    case contains(JSONValue)
    case oneOf([JSONValue])
    case each(Matcher)
    case not(Matcher)
    case path(JSONPath, Matcher)
    case all([Matcher])

    /// The names a matcher mapping may use.
    public static let keywords = [
        "equals", "exists", "type", "matches", "min", "max", "length", "minLength", "maxLength", "contains", "in",
        "each", "not",
    ]

    /// Checks `value` (nil when absent); returns what went wrong, each with the JSON path where.
    public func check(_ value: JSONValue?, at path: String, variables: Variables) -> [String] {
        switch self {
        case .all(let matchers):
            return matchers.flatMap { $0.check(value, at: path, variables: variables) }
        case .exists(let wanted):
            if (value != nil) == wanted { return [] }
            return [wanted ? "\(path) is missing" : "\(path) should be absent but is \(Self.show(value!))"]
        case .path(let relative, let matcher):
            guard let value else { return ["\(path) is missing"] }
            let found = relative.evaluate(value)
            let joined = path + relative.text.dropFirst()
            if found.isEmpty { return matcher.check(nil, at: joined, variables: variables) }
            return found.flatMap { match in
                matcher.check(
                    match.value, at: relative.isWildcard ? path + Self.dotted(match.pointer) : joined,
                    variables: variables)
            }
        case .not(let matcher):
            if matcher.check(value, at: path, variables: variables).isEmpty {
                return ["\(path) is \(value.map(Self.show) ?? "absent"), which it should not be (not: \(matcher))"]
            }
            return []
        default:
            break
        }
        guard let value else {
            if case .equals(let expected) = self, let wanted = try? variables.render(expected) {
                return ["\(path) is missing (expected \(Self.show(wanted)))"]
            }
            return ["\(path) is missing (expected \(self))"]
        }
        switch self {
        case .equals(let expected):
            let wanted: JSONValue
            do { wanted = try variables.render(expected) } catch { return ["\(path): \(error)"] }
            return Self.loosely(value, equals: wanted)
                ? [] : ["\(path) is \(Self.show(value)), expected \(Self.show(wanted))"]
        case .type(let name):
            return Self.typeName(value, wanted: name)
                ? [] : ["\(path) is \(Self.describeType(value)) \(Self.show(value)), expected \(name)"]
        case .matches(let written):
            let text = value.stringValue ?? JSONSerializer.serialize(value)
            let pattern: String
            do { pattern = try variables.renderText(.string(written)) } catch { return ["\(path): \(error)"] }
            guard let regex = SchemaRegex(icu: pattern) else {
                return ["\(path): '\(pattern)' is not a valid regular expression"]
            }
            // Bounded: a pattern that backtracks catastrophically on a server's answer cannot hold the run.
            switch regex.match(text) {
            case .match: return []
            case .noMatch: return ["\(path) is \(Self.show(value)), which does not match /\(pattern)/"]
            case .timedOut:
                return [
                    "\(path) is \(Self.show(value)), which could not be checked against /\(pattern)/: "
                        + "the match gave up at its time limit"
                ]
            }
        case .minimum(let written):
            guard let bound = (try? variables.render(written))?.doubleValue else {
                return ["\(path): min \(Self.show(written)) is not a number"]
            }
            guard let number = value.numberValue?.doubleValue else {
                return ["\(path) is \(Self.show(value)), expected a number ≥ \(bound)"]
            }
            return number >= bound ? [] : ["\(path) is \(Self.show(value)), expected ≥ \(Self.number(bound))"]
        case .maximum(let written):
            guard let bound = (try? variables.render(written))?.doubleValue else {
                return ["\(path): max \(Self.show(written)) is not a number"]
            }
            guard let number = value.numberValue?.doubleValue else {
                return ["\(path) is \(Self.show(value)), expected a number ≤ \(bound)"]
            }
            return number <= bound ? [] : ["\(path) is \(Self.show(value)), expected ≤ \(Self.number(bound))"]
        case .length(let wanted):
            guard let count = Self.count(value) else { return ["\(path) is \(Self.show(value)), which has no length"] }
            return count == wanted ? [] : ["\(path) has length \(count), expected \(wanted)"]
        case .minLength(let wanted):
            guard let count = Self.count(value) else { return ["\(path) is \(Self.show(value)), which has no length"] }
            return count >= wanted ? [] : ["\(path) has length \(count), expected at least \(wanted)"]
        case .maxLength(let wanted):
            guard let count = Self.count(value) else { return ["\(path) is \(Self.show(value)), which has no length"] }
            return count <= wanted ? [] : ["\(path) has length \(count), expected at most \(wanted)"]
        case .contains(let expected):
            let wanted: JSONValue
            do { wanted = try variables.render(expected) } catch { return ["\(path): \(error)"] }
            switch value {
            case .string(let text):
                let needle = wanted.stringValue ?? JSONSerializer.serialize(wanted)
                return text.contains(needle)
                    ? [] : ["\(path) is \(Self.show(value)), which does not contain \(Self.show(wanted))"]
            case .array(let elements):
                return elements.contains { Self.subset(wanted, of: $0) }
                    ? [] : ["\(path) has no element like \(Self.show(wanted))"]
            case .object:
                return Self.subset(wanted, of: value) ? [] : ["\(path) does not contain \(Self.show(wanted))"]
            default:
                return ["\(path) is \(Self.show(value)), which cannot contain anything"]
            }
        case .oneOf(let options):
            let rendered = options.compactMap { try? variables.render($0) }
            return rendered.contains { Self.loosely(value, equals: $0) }
                ? [] : ["\(path) is \(Self.show(value)), expected one of \(Self.show(.array(JSONArray(rendered))))"]
        case .each(let matcher):
            guard case .array(let elements) = value else {
                return ["\(path) is \(Self.show(value)), expected an array"]
            }
            return elements.enumerated().flatMap {
                matcher.check($0.element, at: "\(path)[\($0.offset)]", variables: variables)
            }
        default:
            return []
        }
    }

    /// Equality where numbers compare by value (1 == 1.0) and object member order does not matter.
    static func loosely(_ left: JSONValue, equals right: JSONValue) -> Bool { left == right }

    /// Whether `part` is contained in `whole`: equal scalars, objects whose members are each contained,
    /// arrays of equal length whose elements are.
    static func subset(_ part: JSONValue, of whole: JSONValue) -> Bool {
        switch (part, whole) {
        case (.object(let wanted), .object(let actual)):
            return wanted.allSatisfy { member in actual[member.key].map { subset(member.value, of: $0) } ?? false }
        default:
            return part == whole
        }
    }

    static func count(_ value: JSONValue) -> Int? {
        switch value {
        case .string(let text): return text.count
        case .array(let array): return array.count
        case .object(let object): return object.count
        default: return nil
        }
    }

    static func typeName(_ value: JSONValue, wanted: String) -> Bool {
        switch (wanted, value) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let number)): return number.isInteger
        default: return false
        }
    }

    static func describeType(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let number): return number.isInteger ? "an integer" : "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// A short rendering of a value for messages (long values are cut).
    static func show(_ value: JSONValue) -> String {
        let text = JSONSerializer.serialize(value)
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `/items/0/id` as `.items[0].id`.
    static func dotted(_ pointer: String) -> String {
        pointer.split(separator: "/", omittingEmptySubsequences: true).map { token in
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            return Int(name) != nil ? "[\(name)]" : ".\(name)"
        }.joined()
    }
}

extension Matcher: CustomStringConvertible {
    public var description: String {
        switch self {
        case .equals(let value): return "equals \(Self.show(value))"
        case .exists(let flag): return flag ? "exists" : "absent"
        case .type(let name): return "type \(name)"
        case .matches(let pattern): return "matches /\(pattern)/"
        case .minimum(let bound): return "min \(bound.doubleValue.map(Self.number) ?? Self.show(bound))"
        case .maximum(let bound): return "max \(bound.doubleValue.map(Self.number) ?? Self.show(bound))"
        case .length(let count): return "length \(count)"
        case .minLength(let count): return "minLength \(count)"
        case .maxLength(let count): return "maxLength \(count)"
        case .contains(let value): return "contains \(Self.show(value))"
        case .oneOf(let values): return "in \(Self.show(.array(JSONArray(values))))"
        case .each(let matcher): return "each (\(matcher))"
        case .not(let matcher): return "not (\(matcher))"
        case .path(let path, let matcher): return "\(path.text): \(matcher)"
        case .all(let matchers): return matchers.map(\.description).joined(separator: ", ")
        }
    }
}
