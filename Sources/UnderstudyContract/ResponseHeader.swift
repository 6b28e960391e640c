/// A header a response declares.
public struct ResponseHeader: Sendable, Hashable {
    public var name: String
    public var required: Bool
    public var schema: SchemaHandle?

    public init(name: String, required: Bool, schema: SchemaHandle?) {
        self.name = name
        self.required = required
        self.schema = schema
    }
}
