/// The set of schema documents a validator can reach by URI.
///
/// Registering a document indexes every schema resource (`$id`) and anchor inside it, walking only
/// schema-valued keywords so that identifiers inside `const`, `enum` or examples are never mistaken for
/// real ones. References are resolved lazily, by pointer, when evaluation reaches them.
public struct SchemaRegistry: Sendable {
    public private(set) var resources: [String: SchemaResource] = [:]
    /// Resolved references by base and reference text. Registering replaces it, so copies of a registry
    /// never see another copy's resources.
    private var resolutions = ResolutionCache()
    /// Compiled validity plans, replaced with `resolutions`.
    private var plans = ValidityPlanCache()

    public init() {}

    /// Keywords whose value is one schema.
    static let singleSchemaKeywords: Set<String> = [
        "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
    ]
    /// Keywords whose value is an array of schemas.
    static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    /// Keywords whose value is a map of schemas.
    static let schemaMapKeywords: Set<String> = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
    ]

    /// Registers `document` under `uri` (absolute, without fragment) in `dialect`.
    /// A `$schema` at the root, or inside an embedded resource, overrides the dialect there.
    public mutating func register(_ document: JSONValue, uri: String, dialect: SchemaDialect) {
        let base = URIReference(uri).withoutFragment.description
        resolutions = ResolutionCache()
        plans = ValidityPlanCache()
        index(
            document, base: base, documentURI: base, documentPointer: .root, resourcePointer: .root,
            dialect: dialect, isResourceRoot: true)
        if resources[base] == nil {
            // The root declared its own `$id`: the retrieval URI names the same resource.
            let idKeyword = resolvedDialect(of: document, default: dialect).identifierKeyword ?? "$id"
            if let id = document[idKeyword]?.stringValue,
                let declared = resources[URIReference(base).resolving(id).withoutFragment.description]
            {
                resources[base] = declared
            }
        }
    }

    private func resolvedDialect(of document: JSONValue, default dialect: SchemaDialect) -> SchemaDialect {
        guard let declared = document["$schema"]?.stringValue else { return dialect }
        return SchemaDialect.named(by: declared) ?? resources[declared]?.dialect ?? dialect
    }

    /// Whether a resource with this absolute URI is registered.
    public func contains(_ uri: String) -> Bool { resources[URIReference(uri).withoutFragment.description] != nil }

    private mutating func index(
        _ schema: JSONValue, base: String, documentURI: String, documentPointer: JSONPointer,
        resourcePointer: JSONPointer, dialect: SchemaDialect, isResourceRoot: Bool
    ) {
        guard case .object(let object) = schema else {
            if isResourceRoot, resources[base] == nil {
                resources[base] = SchemaResource(
                    uri: base, root: schema, documentURI: documentURI, documentPointer: documentPointer,
                    dialect: dialect)
            }
            return
        }
        var dialect = dialect
        var base = base
        var resourcePointer = resourcePointer
        var isRoot = isResourceRoot
        if let declared = object["$schema"]?.stringValue {
            if let known = SchemaDialect.named(by: declared) {
                dialect = dialect.hasOpenAPIKeywords && known == .draft2020_12 ? .openAPI31 : known
            } else if let meta = resources[URIReference(declared).withoutFragment.description] {
                dialect = meta.dialect
            }
        }
        if let idKeyword = dialect.identifierKeyword, let id = object[idKeyword]?.stringValue,
            !(dialect.isDraft4Family && object["$ref"] != nil)
        {
            let reference = URIReference(id)
            let resolved = URIReference(base).resolving(reference)
            if reference.fragment != nil, reference.path.isEmpty, reference.scheme == nil,
                reference.authority == nil
            {
                // draft 4 `id: "#name"` is a plain-name anchor.
                if let name = reference.fragment, !name.isEmpty, !name.hasPrefix("/") {
                    resources[base]?.anchors[name] = resourcePointer
                }
            } else {
                base = resolved.withoutFragment.description
                resourcePointer = .root
                isRoot = true
            }
        }
        if isRoot {
            var resource = SchemaResource(
                uri: base, root: schema, documentURI: documentURI, documentPointer: documentPointer,
                dialect: dialect)
            if let declared = object["$schema"]?.stringValue,
                let meta = resources[URIReference(declared).withoutFragment.description],
                let vocabulary = meta.root["$vocabulary"]?.objectValue
            {
                resource.validationVocabulary = vocabulary.keys.contains { $0.hasSuffix("/vocab/validation") }
            }
            if resources[base] == nil { resources[base] = resource }
        }
        if !dialect.isDraft4Family {
            if let anchor = object["$anchor"]?.stringValue {
                resources[base]?.anchors[anchor] = resourcePointer
            }
            if let anchor = object["$dynamicAnchor"]?.stringValue {
                resources[base]?.dynamicAnchors[anchor] = resourcePointer
                if resources[base]?.anchors[anchor] == nil { resources[base]?.anchors[anchor] = resourcePointer }
            }
        }
        if dialect.isDraft4Family, object["$ref"] != nil { return }
        for (key, value) in object {
            if Self.singleSchemaKeywords.contains(key) {
                if key == "items", case .array = value {
                    indexArray(
                        value, key: key, base: base, documentURI: documentURI, documentPointer: documentPointer,
                        resourcePointer: resourcePointer, dialect: dialect)
                    continue
                }
                index(
                    value, base: base, documentURI: documentURI, documentPointer: documentPointer.appending(key),
                    resourcePointer: resourcePointer.appending(key), dialect: dialect, isResourceRoot: false)
            } else if Self.schemaArrayKeywords.contains(key) {
                indexArray(
                    value, key: key, base: base, documentURI: documentURI, documentPointer: documentPointer,
                    resourcePointer: resourcePointer, dialect: dialect)
            } else if Self.schemaMapKeywords.contains(key), case .object(let members) = value {
                for (name, member) in members {
                    index(
                        member, base: base, documentURI: documentURI,
                        documentPointer: documentPointer.appending(key).appending(name),
                        resourcePointer: resourcePointer.appending(key).appending(name), dialect: dialect,
                        isResourceRoot: false)
                }
            }
        }
    }

    private mutating func indexArray(
        _ value: JSONValue, key: String, base: String, documentURI: String, documentPointer: JSONPointer,
        resourcePointer: JSONPointer, dialect: SchemaDialect
    ) {
        guard case .array(let elements) = value else { return }
        for (position, element) in elements.enumerated() {
            index(
                element, base: base, documentURI: documentURI,
                documentPointer: documentPointer.appending(key).appending(position),
                resourcePointer: resourcePointer.appending(key).appending(position), dialect: dialect,
                isResourceRoot: false)
        }
    }

    /// A schema found by resolving a reference.
    public struct Target: Sendable {
        /// The schema itself.
        public var schema: JSONValue
        /// The resource it belongs to (its base URI).
        public var resource: SchemaResource
        /// The schema's position inside its registered document.
        public var documentPointer: JSONPointer
        /// The base URI in effect at the schema (its own `$id` when it has one).
        public var baseURI: String
    }

    /// The validity plan for the schema `reference` names (resolved against itself), or nil when it has none.
    /// `referenceHash` is `reference.hashValue` when the caller keeps it.
    func validityPlan(reference: String, referenceHash: Int? = nil, options: ValidationOptions) -> ValidityPlan? {
        let key = ValidityPlanCache.Key(
            location: reference, locationHash: referenceHash, pointer: nil, options: options)
        return plans.plan(for: key) { store in
            resolve(reference, base: reference).flatMap {
                ValidityPlanCompiler.plan(for: $0, registry: self, options: options, store: store)
            }
        }
    }

    /// The validity plan for a resolved schema, or nil when it has none.
    func validityPlan(for target: Target, options: ValidationOptions) -> ValidityPlan? {
        let key = ValidityPlanCache.Key(
            location: target.resource.documentURI, pointer: target.documentPointer, options: options)
        return plans.plan(for: key) { store in
            ValidityPlanCompiler.plan(for: target, registry: self, options: options, store: store)
        }
    }

    /// Resolves `reference` against `base`: a JSON Pointer fragment, an anchor name, or a whole resource.
    public func resolve(_ reference: String, base: String) -> Target? {
        let key = base + "\u{1}" + reference
        if let cached = resolutions.lookup(key) { return cached }
        let target = resolveUncached(reference, base: base)
        resolutions.store(key, target)
        return target
    }

    private func resolveUncached(_ reference: String, base: String) -> Target? {
        let absolute = URIReference(base).resolving(reference)
        let resourceURI = absolute.withoutFragment.description
        guard let resource = resources[resourceURI] else { return nil }
        let fragment = (absolute.fragment ?? "").removingPercentEncodingIfPossible
        if fragment.isEmpty {
            return Target(
                schema: resource.root, resource: resource, documentPointer: resource.documentPointer,
                baseURI: resource.uri)
        }
        if fragment.hasPrefix("/") {
            guard let pointer = JSONPointer(fragment) else { return nil }
            return walk(resource: resource, pointer: pointer)
        }
        guard let pointer = resource.anchors[fragment] else { return nil }
        return walk(resource: resource, pointer: pointer)
    }

    /// The target of a `$dynamicAnchor` named `name` in the resource `uri`, if it declares one.
    func dynamicAnchor(_ name: String, inResource uri: String) -> Target? {
        guard let resource = resources[uri], let pointer = resource.dynamicAnchors[name] else { return nil }
        return walk(resource: resource, pointer: pointer)
    }

    private func walk(resource: SchemaResource, pointer: JSONPointer) -> Target? {
        var current = resource.root
        var base = resource.uri
        var currentResource = resource
        var documentPointer = resource.documentPointer
        for token in pointer.tokens {
            guard let next = current.child(token) else { return nil }
            current = next
            documentPointer = documentPointer.appending(token)
            if let idKeyword = currentResource.dialect.identifierKeyword,
                let id = current[idKeyword]?.stringValue, case .object = current
            {
                let resolved = URIReference(base).resolving(id)
                if !(resolved.withoutFragment.description == base && resolved.fragment != nil),
                    let embedded = resources[resolved.withoutFragment.description]
                {
                    base = embedded.uri
                    currentResource = embedded
                }
            }
        }
        return Target(schema: current, resource: currentResource, documentPointer: documentPointer, baseURI: base)
    }
}
