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

    /// The number as an `Int` when it is integral and in range.
    public var exactInt: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.isFinite, value.rounded(.towardZero) == value, abs(value) < 9.2e18 else { return nil }
            return Int(value)
        }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        default:
            if let a = lhs.exactInt, let b = rhs.exactInt { return a == b }
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
        if case .int(let a) = lhs, case .int(let b) = rhs { return a < b ? -1 : (a > b ? 1 : 0) }
        let a = lhs.doubleValue
        let b = rhs.doubleValue
        return a < b ? -1 : (a > b ? 1 : 0)
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
