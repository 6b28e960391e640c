import UnderstudySchema

/// A schema inside a loaded contract: the raw JSON value and where it sits, so it can be validated (its
/// `$ref`s resolve against its document) and reported (file and line).
///
/// Its parts live in one shared, unchanging object: a handle is copied wherever a schema is validated or
/// generated for, and a copy then counts one reference instead of one per part.
public struct SchemaHandle: Sendable, Hashable {
    private final class Parts: Sendable {
        let value: JSONValue
        let documentURI: String
        let pointer: JSONPointer
        let uri: String
        let uriHash: Int
        let declaredType: String?
        let isInlineScalar: Bool

        init(value: JSONValue, documentURI: String, pointer: JSONPointer) {
            self.value = value
            self.documentURI = documentURI
            self.pointer = pointer
            uri = documentURI + pointer.uriFragment
            uriHash = uri.hashValue
            declaredType = SchemaHandle.declaredType(of: value)
            if case .object(let written) = value, let type = declaredType {
                isInlineScalar =
                    type != "array" && type != "object" && written["$ref"] == nil && written["allOf"] == nil
            } else {
                isInlineScalar = false
            }
        }
    }

    private let parts: Parts

    public init(value: JSONValue, documentURI: String, pointer: JSONPointer) {
        parts = Parts(value: value, documentURI: documentURI, pointer: pointer)
    }

    /// The schema as written (not dereferenced).
    public var value: JSONValue { parts.value }
    /// The URI of the document holding it.
    public var documentURI: String { parts.documentURI }
    /// Where in that document.
    public var pointer: JSONPointer { parts.pointer }
    /// The schema's absolute URI, e.g. `file:///specs/pets.yaml#/components/schemas/Pet` (computed once:
    /// every validation looks it up).
    public var uri: String { parts.uri }
    /// `uri`'s hash in this process, worked out once: memos of values valid against the schema key on it
    /// (hashing a URI of a hundred bytes on every lookup was a visible part of answering a request).
    public var uriHash: Int { parts.uriHash }
    /// The schema's `type` when it names one (a string, not a list), as written: read once, where a request
    /// with many optional parameters asked every one's schema for it.
    public var declaredType: String? { parts.declaredType }
    /// Whether the schema is written in place (no `$ref`, no `allOf`) with a `type` naming one type that is
    /// neither `array` nor `object`: a parameter with such a schema is read from one pair as a scalar.
    public var isInlineScalar: Bool { parts.isInlineScalar }

    /// A schema's `type` when it names one (a string, not a list), as written.
    static func declaredType(of schema: JSONValue?) -> String? {
        if case .string(let type)? = schema?["type"] { return type }
        return nil
    }

    public static func == (lhs: SchemaHandle, rhs: SchemaHandle) -> Bool {
        lhs.parts === rhs.parts
            || (lhs.documentURI == rhs.documentURI && lhs.pointer == rhs.pointer && lhs.value == rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(documentURI)
        hasher.combine(pointer)
        hasher.combine(value)
    }
}
