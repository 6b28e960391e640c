import Foundation

/// A JSON number: an exact integer when the source had no fraction or exponent and fits in `Int`,
/// otherwise a `Double`.
public enum JSONNumber: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)

    /// The number as a `Double` (may round very large integers).
    public var doubleValue: Double {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        }
    }

    /// Whether the number has no fractional part (`1.0` counts as an integer, as in JSON Schema).
    public var isInteger: Bool {
        switch self {
        case .int: return true
        case .double(let value): return value.isFinite && value.rounded(.towardZero) == value
        }
    }

    /// The number as an `Int` when it is integral and in range (`Int(exactly:)`: 2^63 is not, 2^63 − 1024 is).
    public var exactInt: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(exactly: value)
        }
    }

    /// Equal as mathematical values: an integer and a double are equal only when the double is that integer
    /// exactly (so equality is transitive and agrees with ``hash(into:)``: `9223372036854775807` and
    /// `9223372036854775808` are different numbers, though as doubles they round to the same one).
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        default:
            let (a, b) = (lhs.exactInt, rhs.exactInt)
            if let a, let b { return a == b }
            if a != nil || b != nil { return false }
            return lhs.doubleValue == rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let exact = exactInt {
            hasher.combine(exact)
        } else {
            hasher.combine(doubleValue)
        }
    }

    /// Compares two numbers by value.
    public static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.int(let a), .double(let b)): return compare(a, b)
        case (.double(let a), .int(let b)): return -compare(b, a)
        case (.double(let a), .double(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        }
    }

    /// An integer against a double, exactly (no rounding of the integer to a double).
    private static func compare(_ integer: Int, _ double: Double) -> Int {
        if double.isNaN { return 0 }
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let floor = double.rounded(.down)
        let whole = Int(floor)
        if integer != whole { return integer < whole ? -1 : 1 }
        return floor == double ? 0 : -1
    }

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value):
            guard value.isFinite else { return "null" }
            if value.rounded(.towardZero) == value, abs(value) < 1e15 { return String(Int(value)) }
            // An integral value stays written as an integer (other JSON readers take `1e+19` for a float,
            // which an `integer` schema rejects); "%.0f" prints a double's exact integral digits.
            if value.rounded(.towardZero) == value, abs(value) < 1e300 { return String(format: "%.0f", value) }
            return String(value)
        }
    }
}
