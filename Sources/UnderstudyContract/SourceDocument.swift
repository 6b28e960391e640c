import UnderstudySchema

/// One file of a contract (the root or a file reached by `$ref`), as read.
public struct SourceDocument: Sendable {
    /// The absolute `file://` URI.
    public var uri: String
    /// The path as shown in diagnostics (relative to the working directory when below it).
    public var displayPath: String
    /// The document's value (for the root of a Swagger 2.0 contract: after conversion).
    public var value: JSONValue

    public init(uri: String, displayPath: String, value: JSONValue) {
        self.uri = uri
        self.displayPath = displayPath
        self.value = value
    }
}
