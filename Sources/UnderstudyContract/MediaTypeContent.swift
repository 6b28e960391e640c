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

    public init(
        mediaType: String, schema: SchemaHandle?, example: JSONValue? = nil,
        examples: [(name: String, value: JSONValue)] = [], encoding: JSONObject? = nil
    ) {
        self.mediaType = mediaType
        parsedType = MediaType(mediaType)
        self.schema = schema
        self.example = example
        self.examples = examples
        self.encoding = encoding
    }

    public static func == (lhs: MediaTypeContent, rhs: MediaTypeContent) -> Bool {
        lhs.mediaType == rhs.mediaType && lhs.schema == rhs.schema && lhs.example == rhs.example
            && lhs.examples.map(\.name) == rhs.examples.map(\.name)
            && lhs.examples.map(\.value) == rhs.examples.map(\.value) && lhs.encoding == rhs.encoding
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mediaType)
        hasher.combine(schema)
    }
}
