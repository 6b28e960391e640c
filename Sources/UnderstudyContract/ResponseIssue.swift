/// One way a response breaks its operation's contract.
public struct ResponseIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The status is not among the operation's declared responses (and there is no `default`).
        case undeclaredStatus
        /// The `Content-Type` is not among the declared response's media types.
        case undeclaredContentType
        /// A declared JSON body that is not JSON.
        case malformedBody
        /// A body that does not validate against the declared schema.
        case invalidBody
        /// A required response header is absent.
        case missingHeader
        /// A declared header whose value does not validate against its schema.
        case invalidHeader
    }

    public var kind: Kind
    /// What is wrong, in a sentence.
    public var message: String
    /// Where in the response: `status`, `header.ETag`, `body`, or `body#/items/0/id`.
    public var location: String
    /// Where in the contract the broken rule is written (`file:line:column`), when known.
    public var contractLocation: String?

    public init(_ kind: Kind, _ message: String, location: String, contractLocation: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.contractLocation = contractLocation
    }

    public var description: String {
        "\(location): \(message)" + (contractLocation.map { " (contract: \($0))" } ?? "")
    }
}
