import UnderstudyContract
import UnderstudySchema

/// A schema value with its absolute URI, for walking into properties and items and following `$ref`s
/// while keeping an address the generator and validator can use.
struct SchemaNode: Sendable {
    var value: JSONValue
    /// Absolute URI of this schema (document URI + pointer).
    var uri: String
    /// Base URI for resolving references inside it.
    var base: String

    init(value: JSONValue, uri: String, base: String) {
        self.value = value
        self.uri = uri
        self.base = base
    }

    init(_ handle: SchemaHandle) {
        self.init(value: handle.value, uri: handle.uri, base: handle.documentURI)
    }

    /// Follows top-level `$ref`s (and a lone `allOf` member) to the schema that describes the value.
    func resolved(in registry: SchemaRegistry) -> SchemaNode {
        var current = self
        for _ in 0..<16 {
            if let reference = current.value["$ref"]?.stringValue,
                let target = registry.resolve(reference, base: current.base)
            {
                current = SchemaNode(
                    value: target.schema, uri: target.resource.documentURI + target.documentPointer.uriFragment,
                    base: target.baseURI)
                continue
            }
            if case .array(let parts) = current.value["allOf"], parts.count == 1, current.value["properties"] == nil {
                current = current.child(["allOf", "0"], parts[0])
                continue
            }
            break
        }
        return current
    }

    private func child(_ tokens: [String], _ value: JSONValue) -> SchemaNode {
        var pointer = JSONPointer(fragment: String(URIReference(uri).fragment ?? "")) ?? .root
        for token in tokens { pointer = pointer.appending(token) }
        return SchemaNode(
            value: value, uri: URIReference(uri).withoutFragment.description + pointer.uriFragment, base: base)
    }

    /// All properties this (resolved) object schema declares, including through `allOf`, by name.
    func properties(in registry: SchemaRegistry) -> [(name: String, node: SchemaNode)] {
        let node = resolved(in: registry)
        var result: [(String, SchemaNode)] = []
        if case .object(let properties) = node.value["properties"] {
            for (name, value) in properties { result.append((name, node.child(["properties", name], value))) }
        }
        if case .array(let parts) = node.value["allOf"] {
            for (index, part) in parts.enumerated() {
                result += node.child(["allOf", String(index)], part).properties(in: registry)
            }
        }
        return result
    }

    /// The properties the schema's `anyOf`/`oneOf` alternatives declare (each alternative's own and its
    /// `allOf` parts'), in order.
    func alternativeProperties(in registry: SchemaRegistry) -> [(name: String, node: SchemaNode)] {
        let node = resolved(in: registry)
        var result: [(name: String, node: SchemaNode)] = []
        for keyword in ["anyOf", "oneOf"] {
            guard case .array(let parts) = node.value[keyword] else { continue }
            for (index, part) in parts.enumerated() {
                result += node.child([keyword, String(index)], part).properties(in: registry)
            }
        }
        return result
    }

    /// The first `anyOf`/`oneOf` alternative that declares properties, for a schema that declares none
    /// itself (Stripe's `anyOf: [sku, deleted_sku]`): the object it most likely describes.
    func objectAlternative(in registry: SchemaRegistry) -> SchemaNode? {
        let node = resolved(in: registry)
        guard node.properties(in: registry).isEmpty else { return nil }
        for keyword in ["anyOf", "oneOf"] {
            guard case .array(let parts) = node.value[keyword] else { continue }
            for (index, part) in parts.enumerated() {
                let branch = node.child([keyword, String(index)], part)
                if !branch.properties(in: registry).isEmpty { return branch }
            }
        }
        return nil
    }

    /// The named property's schema, if declared.
    func property(_ name: String, in registry: SchemaRegistry) -> SchemaNode? {
        properties(in: registry).first { $0.name == name }?.node
    }

    /// The items schema of a (resolved) array schema.
    func items(in registry: SchemaRegistry) -> SchemaNode? {
        let node = resolved(in: registry)
        guard let items = node.value["items"], case .object = items else { return nil }
        return node.child(["items"], items)
    }

    /// The type the (resolved) schema names first (ignoring `null`), or one inferred from its keywords.
    func typeName(in registry: SchemaRegistry) -> String? {
        let node = resolved(in: registry).value
        switch node["type"] {
        case .string(let type): return type
        case .array(let types): return types.compactMap(\.stringValue).first { $0 != "null" }
        default:
            if node["properties"] != nil || node["allOf"] != nil { return "object" }
            if node["items"] != nil { return "array" }
            return nil
        }
    }
}
