/// A schema resource: a schema with its own base URI (a registered document, or a subschema with `$id`),
/// and the anchors declared inside it.
public struct SchemaResource: Sendable {
    /// The absolute URI of the resource, without fragment.
    public var uri: String
    /// The resource's root schema.
    public var root: JSONValue
    /// The URI of the registered document that contains this resource.
    public var documentURI: String
    /// Where the resource's root sits in that document.
    public var documentPointer: JSONPointer
    /// The dialect the resource is written in.
    public var dialect: SchemaDialect
    /// `$anchor` (and draft 4 `id: "#name"`) names, to pointers relative to `root`.
    public var anchors: [String: JSONPointer] = [:]
    /// `$dynamicAnchor` names, to pointers relative to `root`.
    public var dynamicAnchors: [String: JSONPointer] = [:]
    /// Whether the validation vocabulary is active (a custom meta-schema may turn it off).
    public var validationVocabulary = true
}
