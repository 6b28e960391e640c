import UnderstudySchema

/// A schema inside a loaded contract: the raw JSON value and where it sits, so it can be validated (its
/// `$ref`s resolve against its document) and reported (file and line).
public struct SchemaHandle: Sendable, Hashable {
    /// The schema as written (not dereferenced).
    public var value: JSONValue
    /// The URI of the document holding it.
    public var documentURI: String
    /// Where in that document.
    public var pointer: JSONPointer

    public init(value: JSONValue, documentURI: String, pointer: JSONPointer) {
        self.value = value
        self.documentURI = documentURI
        self.pointer = pointer
        uri = documentURI + pointer.uriFragment
    }

    /// The schema's absolute URI, e.g. `file:///specs/pets.yaml#/components/schemas/Pet` (computed once:
    /// every validation looks it up).
    public let uri: String
}
