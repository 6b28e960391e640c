/// A JSON Schema (2020-12) that Understudy publishes for one of its own file formats (suites, profiles) and
/// checks those files against, reporting each problem at its line in the file.
public struct PublishedSchema: Sendable {
    public let uri: String
    /// The schema's text, as published under docs/.
    public let text: String

    public init(uri: String, text: String) {
        self.uri = uri
        self.text = text
    }

    /// Every place `document` breaks the schema, with its location in the file.
    public func validate(_ document: JSONValue) -> [(message: String, location: SourceLocation)] {
        guard let schema = try? JSONParser.parse(text) else {
            return [("the built-in schema \(uri) does not parse", .unknown)]
        }
        let errors = JSONSchemaValidator.validate(document, schema: schema, dialect: .draft2020_12, uri: uri)
        return errors.map { error in
            let place = error.instanceLocation.tokens.isEmpty ? "the document" : error.instancePath
            return ("\(place): \(error.message)", document.location(at: error.instanceLocation))
        }
    }
}
