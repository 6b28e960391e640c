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
    /// For an error listed among an `anyOf`/`oneOf` failure's causes, the position of the alternative that
    /// reported it (nil elsewhere).
    public var branch: Int?

    public init(
        instanceLocation: JSONPointer, keyword: String, schemaDocument: String, schemaLocation: JSONPointer,
        message: String, causes: [ValidationError] = [], branch: Int? = nil
    ) {
        self.instanceLocation = instanceLocation
        self.keyword = keyword
        self.schemaDocument = schemaDocument
        self.schemaLocation = schemaLocation
        self.message = message
        self.causes = causes
        self.branch = branch
    }

    /// The instance location in the `#/a/b` form used in messages (`#` is the root).
    public var instancePath: String { "#" + instanceLocation.description }

    /// The schema location as a URI, e.g. `file:///spec.yaml#/components/schemas/Pet/required`.
    public var schemaURI: String { schemaDocument + schemaLocation.uriFragment }

    public var description: String { "\(instancePath): \(message) (at \(schemaURI))" }
}

extension ValidationError {
    /// This error as a cause reported by alternative `position` of an `anyOf`/`oneOf`.
    func inBranch(_ position: Int) -> ValidationError {
        var copy = self
        copy.branch = position
        return copy
    }
}
