/// An operation's request body.
public struct RequestBody: Sendable, Hashable {
    public var required: Bool
    public var description: String?
    /// Accepted media types, in document order.
    public var content: [MediaTypeContent]

    public init(required: Bool, description: String? = nil, content: [MediaTypeContent]) {
        self.required = required
        self.description = description
        self.content = content
    }
}
