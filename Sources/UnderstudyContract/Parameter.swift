import UnderstudySchema

/// An operation parameter (path, query, header or cookie), merged from the path item and the operation.
public struct Parameter: Sendable, Hashable {
    public var name: String
    public var location: ParameterLocation
    public var required: Bool
    public var deprecated: Bool
    /// The parameter's schema, or the schema of its single `content` entry.
    public var schema: SchemaHandle?
    /// Serialisation style (`form`, `simple`, `label`, `matrix`, `spaceDelimited`, `pipeDelimited`,
    /// `deepObject`), defaulted per location.
    public var style: String
    public var explode: Bool
    public var allowReserved: Bool
    /// The media type when the parameter is described by `content` instead of `schema`.
    public var contentType: String?
    /// An example value, from `example` or the first of `examples`.
    public var example: JSONValue?
    /// Where the parameter is defined.
    public var documentURI: String
    public var pointer: JSONPointer

    public init(
        name: String, location: ParameterLocation, required: Bool, deprecated: Bool = false,
        schema: SchemaHandle?, style: String? = nil, explode: Bool? = nil, allowReserved: Bool = false,
        contentType: String? = nil, example: JSONValue? = nil, documentURI: String, pointer: JSONPointer
    ) {
        self.name = name
        self.location = location
        self.required = required
        self.deprecated = deprecated
        self.schema = schema
        let defaultStyle: String
        switch location {
        case .query, .cookie, .querystring: defaultStyle = "form"
        case .path, .header: defaultStyle = "simple"
        }
        self.style = style ?? defaultStyle
        self.explode = explode ?? (self.style == "form")
        self.allowReserved = allowReserved
        self.contentType = contentType
        self.example = example
        self.documentURI = documentURI
        self.pointer = pointer
    }

    /// The key that identifies a parameter within an operation (name and location; header names ignore case).
    public var identity: String {
        location == .header ? "header:" + name.lowercased() : location.rawValue + ":" + name
    }
}
