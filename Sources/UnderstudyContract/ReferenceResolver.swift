import UnderstudySchema

/// Resolves `$ref`s between the documents of a contract, lazily, by JSON Pointer.
struct ReferenceResolver {
    let documents: [String: SourceDocument]

    /// Where a reference leads.
    struct Target {
        var value: JSONValue
        var documentURI: String
        var pointer: JSONPointer
    }

    /// Resolves one reference string written in `documentURI`.
    func resolve(_ reference: String, from documentURI: String) -> Target? {
        let absolute = URIReference(documentURI).resolving(reference)
        let target = absolute.withoutFragment.description
        guard let document = documents[target] else { return nil }
        guard let pointer = JSONPointer(fragment: absolute.fragment ?? "") else { return nil }
        guard let value = document.value.value(at: pointer) else { return nil }
        return Target(value: value, documentURI: target, pointer: pointer)
    }

    /// Follows a chain of `$ref`s to a value that is not a reference (at most 32 hops; nil on a cycle).
    func dereference(
        _ value: JSONValue, documentURI: String, pointer: JSONPointer
    ) -> (
        value: JSONValue, documentURI: String, pointer: JSONPointer
    )? {
        var current = Target(value: value, documentURI: documentURI, pointer: pointer)
        for _ in 0..<32 {
            guard let reference = current.value["$ref"]?.stringValue else {
                return (current.value, current.documentURI, current.pointer)
            }
            guard let next = resolve(reference, from: current.documentURI) else { return nil }
            current = next
        }
        return nil
    }
}
