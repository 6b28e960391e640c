/// Which way a validated instance travels, for OpenAPI's `readOnly` and `writeOnly` rules.
public enum ValidationDirection: Sendable, Hashable {
    /// Neither rule applies (plain JSON Schema).
    case neutral
    /// A request body: `readOnly` properties are not required.
    case request
    /// A response body: `writeOnly` properties are not required and must not appear.
    case response
}
