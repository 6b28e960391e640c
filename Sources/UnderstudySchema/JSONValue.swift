/// A JSON value as read from a JSON or YAML document.
///
/// Containers remember the source location of each child (see ``JSONObject`` and ``JSONArray``), so a value
/// read from a file can always be traced back to its line and column. Equality ignores locations and key
/// order, and compares numbers by value (`1 == 1.0`), as JSON Schema requires.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array(JSONArray)
    case object(JSONObject)

    /// An integer value.
    public static func int(_ value: Int) -> JSONValue { .number(.int(value)) }
    /// A floating-point value.
    public static func double(_ value: Double) -> JSONValue { .number(.double(value)) }
    /// An array of values without locations.
    public static func array(_ values: [JSONValue]) -> JSONValue { .array(JSONArray(values)) }
    /// An object from ordered pairs, without locations. Later duplicate keys replace earlier ones.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        var object = JSONObject()
        for (key, value) in pairs { object[key] = value }
        return .object(object)
    }

    /// The JSON type name of this value (`null`, `boolean`, `number`, `string`, `array`, `object`).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let number): return number.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: JSONArray? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The value as a `Double` when it is a number.
    public var doubleValue: Double? { numberValue?.doubleValue }

    /// The value as an `Int` when it is a number with no fractional part that fits.
    public var intValue: Int? { numberValue?.exactInt }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member `key` of an object, or `nil` for other values and absent keys.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The element at `index` of an array, or `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// Number of nodes in this value, counting containers and scalars.
    public var nodeCount: Int {
        switch self {
        case .array(let array): return array.reduce(1) { $0 + $1.nodeCount }
        case .object(let object): return object.values.reduce(1) { $0 + $1.nodeCount }
        default: return 1
        }
    }
}

extension JSONValue {
    /// Equality as JSON Schema defines it: strings compare by Unicode scalars (not canonical equivalence),
    /// numbers by value, objects regardless of member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value):
            for scalar in value.unicodeScalars { hasher.combine(scalar.value) }
        case .array(let value): hasher.combine(value)
        case .object(let value): hasher.combine(value)
        }
    }
}

// JSONValue deliberately does not conform to ExpressibleByNilLiteral: with it, `nil` written for an absent
// `JSONValue?` silently becomes `.some(.null)`. Write `.null` for JSON null.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(.int(value)) }
    public init(floatLiteral value: Double) { self = .number(.double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(JSONArray(elements)) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { JSONSerializer.serialize(self) }
}
