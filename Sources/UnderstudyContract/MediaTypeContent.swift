import UnderstudySchema

/// One entry of a `content` map: a media type with its schema, examples and encoding.
///
/// Its parts live in one shared, unchanging object: an entry is copied whenever an answer picks its media
/// type, and a copy then counts one reference instead of one per part.
public struct MediaTypeContent: Sendable, Hashable {
    private final class Parts: Sendable {
        let mediaType: String
        let parsedType: MediaType?
        let schema: SchemaHandle?
        let example: JSONValue?
        let examples: [(name: String, value: JSONValue)]
        let encoding: JSONObject?
        let itemSchema: SchemaHandle?

        init(
            mediaType: String, schema: SchemaHandle?, example: JSONValue?, examples: [(name: String, value: JSONValue)],
            encoding: JSONObject?, itemSchema: SchemaHandle?
        ) {
            self.mediaType = mediaType
            parsedType = MediaType(mediaType)
            self.schema = schema
            self.example = example
            self.examples = examples
            self.encoding = encoding
            self.itemSchema = itemSchema
        }
    }

    private let parts: Parts

    /// The media type (range) as written, e.g. `application/json` or `image/*`.
    public var mediaType: String { parts.mediaType }
    /// `mediaType` parsed once (nil when it is not `type/subtype`).
    public var parsedType: MediaType? { parts.parsedType }
    public var schema: SchemaHandle? { parts.schema }
    /// `example`, if given.
    public var example: JSONValue? { parts.example }
    /// Named `examples` (their `value`s), in document order.
    public var examples: [(name: String, value: JSONValue)] { parts.examples }
    /// Per-property `encoding` (content types of multipart parts), as written.
    public var encoding: JSONObject? { parts.encoding }
    /// OpenAPI 3.2: the schema of each item of a sequential body (JSON Lines, JSON Text Sequences, events).
    public var itemSchema: SchemaHandle? { parts.itemSchema }
    /// The sequential format of this media type, when it is one and items are described (`itemSchema`).
    public var sequence: SequentialMedia? { itemSchema == nil ? nil : SequentialMedia(parsedType) }

    public init(
        mediaType: String, schema: SchemaHandle?, example: JSONValue? = nil,
        examples: [(name: String, value: JSONValue)] = [], encoding: JSONObject? = nil,
        itemSchema: SchemaHandle? = nil
    ) {
        parts = Parts(
            mediaType: mediaType, schema: schema, example: example, examples: examples, encoding: encoding,
            itemSchema: itemSchema)
    }

    public static func == (lhs: MediaTypeContent, rhs: MediaTypeContent) -> Bool {
        if lhs.parts === rhs.parts { return true }
        return lhs.mediaType == rhs.mediaType && lhs.schema == rhs.schema && lhs.example == rhs.example
            && lhs.examples.map(\.name) == rhs.examples.map(\.name)
            && lhs.examples.map(\.value) == rhs.examples.map(\.value) && lhs.encoding == rhs.encoding
            && lhs.itemSchema == rhs.itemSchema
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mediaType)
        hasher.combine(schema)
    }
}
