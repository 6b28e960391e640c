/// One way a request breaks the contract.
public struct RequestIssue: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, which decides the status code.
    public enum Kind: Sendable, Hashable {
        /// A parameter or body that does not match its schema, or is missing (400 or 422).
        case invalid
        /// A body with a media type the operation does not accept (415).
        case unsupportedMediaType
        /// A body that cannot be parsed (400).
        case malformed
    }

    public var kind: Kind
    /// Where: `query.limit`, `header.X-Request-Id`, `path.petId`, `body`, `body#/items/0/name`.
    public var location: String
    public var message: String

    public init(_ kind: Kind, location: String, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
