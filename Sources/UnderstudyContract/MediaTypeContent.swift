import UnderstudySchema

/// One entry of a `content` map: a media type with its schema, examples and encoding.
public struct MediaTypeContent: Sendable, Hashable {
    /// The media type (range) as written, e.g. `application/json` or `image/*`.
    public let mediaType: String
    /// `mediaType` parsed once (nil when it is not `type/subtype`).
    public let parsedType: MediaType?
    public var schema: SchemaHandle?
    /// `example`, if given.
    public var example: JSONValue?
    /// Named `examples` (their `value`s), in document order.
    public var examples: [(name: String, value: JSONValue)]
    /// Per-property `encoding` (content types of multipart parts), as written.
    public var encoding: JSONObject?
    /// OpenAPI 3.2: the schema of each item of a sequential body (JSON Lines, JSON Text Sequences, events).
    public var itemSchema: SchemaHandle?
    /// The sequential format of this media type, when it is one and items are described (`itemSchema`).
    public var sequence: SequentialMedia? { itemSchema == nil ? nil : SequentialMedia(parsedType) }

    public init(
        mediaType: String, schema: SchemaHandle?, example: JSONValue? = nil,
        examples: [(name: String, value: JSONValue)] = [], encoding: JSONObject? = nil,
        itemSchema: SchemaHandle? = nil
    ) {
        self.mediaType = mediaType
        parsedType = MediaType(mediaType)
        self.schema = schema
        self.example = example
        self.examples = examples
        self.encoding = encoding
        self.itemSchema = itemSchema
    }

    public static func == (lhs: MediaTypeContent, rhs: MediaTypeContent) -> Bool {
        lhs.mediaType == rhs.mediaType && lhs.schema == rhs.schema && lhs.example == rhs.example
            && lhs.examples.map(\.name) == rhs.examples.map(\.name)
            && lhs.examples.map(\.value) == rhs.examples.map(\.value) && lhs.encoding == rhs.encoding
            && lhs.itemSchema == rhs.itemSchema
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mediaType)
        hasher.combine(schema)
    }
}
