/// One way an instance fails a schema.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the problem is (JSON Pointer).
    public var instanceLocation: JSONPointer
    /// The failing keyword, e.g. `type` or `required`.
    public var keyword: String
    /// The URI of the document holding the failing schema.
    public var schemaDocument: String
    /// The failing keyword's position inside that document (JSON Pointer).
    public var schemaLocation: JSONPointer
    /// A human sentence describing the problem.
    public var message: String
    /// For `anyOf`/`oneOf`/`not` failures, what each alternative reported (bounded).
    public var causes: [ValidationError]

    public init(
        instanceLocation: JSONPointer, keyword: String, schemaDocument: String, schemaLocation: JSONPointer,
        message: String, causes: [ValidationError] = []
    ) {
        self.instanceLocation = instanceLocation
        self.keyword = keyword
        self.schemaDocument = schemaDocument
        self.schemaLocation = schemaLocation
        self.message = message
        self.causes = causes
    }

    /// The instance location in the `#/a/b` form used in messages (`#` is the root).
    public var instancePath: String { "#" + instanceLocation.description }

    /// The schema location as a URI, e.g. `file:///spec.yaml#/components/schemas/Pet/required`.
    public var schemaURI: String { schemaDocument + schemaLocation.uriFragment }

    public var description: String { "\(instancePath): \(message) (at \(schemaURI))" }
}
