/// Builds a ``ValidityPlan`` from a resolved schema, reading each keyword exactly as ``SchemaEvaluator``
/// reads it, or gives up: a schema that reaches a keyword the plan does not cover (annotation-driven
/// 2020-12 keywords, tuples, `contains`, conditionals, dependencies, pattern-named properties, dynamic
/// references, an embedded resource, OpenAPI 3.0's `discriminator`, an invalid pattern, a custom
/// meta-schema without the validation vocabulary) has no plan, and the evaluator alone validates against it.
struct ValidityPlanCompiler {
    /// Why a schema has no plan, with the reference targets being compiled when that was found: each of
    /// them reaches the offending keyword, so none of them has a plan either.
    private struct Unsupported: Error, Sendable {
        var targets: [String]
    }

    /// Keywords whose meaning a plan does not carry.
    private static let unsupportedKeywords: Set<String> = [
        "$dynamicRef", "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas",
        "dependencies", "unevaluatedProperties", "unevaluatedItems", "prefixItems", "contains", "if",
        "additionalItems",
    ]
    /// One plan adding more nodes than this is not worth building: the evaluator handles such schemas.
    static let nodeLimit = 20_000

    private typealias Node = ValidityPlan.Node
    private typealias Link = ValidityPlan.Link

    private let registry: SchemaRegistry
    private let options: ValidationOptions
    private let store: ValidityPlanStore
    /// Answers the direction questions (`readOnly` through `$ref` and `allOf`) as the evaluator does.
    private let evaluator: SchemaEvaluator
    /// What earlier plans compiled (read-only here).
    private let committed: [String: Node?]
    /// Targets compiled (or being compiled) by this plan, committed only if the whole plan compiles: a
    /// target finished while a cycle through an unfinished one is open may link to a node that fails.
    private var pending: [String: Node] = [:]
    private var created: [Node] = []
    /// Targets being compiled, outermost first.
    private var open: [String] = []
    /// Schema objects being filled, for the nesting limit.
    private var depth = 0

    private init(
        registry: SchemaRegistry, options: ValidationOptions, store: ValidityPlanStore, committed: [String: Node?]
    ) {
        self.registry = registry
        self.options = options
        self.store = store
        self.committed = committed
        evaluator = SchemaEvaluator(registry: registry, options: options)
    }

    /// The plan for `target` under `options`, or nil when the schema reaches something a plan does not cover.
    /// Nodes are shared through `store` with every other plan built there.
    static func plan(
        for target: SchemaRegistry.Target, registry: SchemaRegistry, options: ValidationOptions,
        store: ValidityPlanStore
    ) -> ValidityPlan? {
        // A margin under the evaluator's own limit: the plan gives up first, and the evaluator decides.
        let depthLimit = max(0, options.maxDepth - 8)
        let key = Self.key(target)
        return store.state.withLock { state -> ValidityPlan? in
            if let known = state.targets[key] {
                return known.map { ValidityPlan(store: store, root: $0, depthLimit: depthLimit) }
            }
            // The compiler reads a copy of the committed targets; it is gone before they are extended, so
            // the table is extended in place, not copied.
            let outcome: Result<(root: Node, created: [Node], pending: [String: Node]), Unsupported> = {
                var compiler = ValidityPlanCompiler(
                    registry: registry, options: options, store: store, committed: state.targets)
                do throws(Unsupported) {
                    let root = try compiler.compile(target)
                    return .success((root, compiler.created, compiler.pending))
                } catch {
                    return .failure(error)
                }
            }()
            switch outcome {
            case .success(let compiled):
                state.nodes += compiled.created
                for (target, node) in compiled.pending { state.targets[target] = .some(node) }
                return ValidityPlan(store: store, root: compiled.root, depthLimit: depthLimit)
            case .failure(let unsupported):
                for target in unsupported.targets { state.targets[target] = .some(nil) }
                state.targets[key] = .some(nil)
                return nil
            }
        }
    }

    private static func key(_ target: SchemaRegistry.Target) -> String {
        target.resource.documentURI + "#" + target.documentPointer.description
    }

    private func unsupported() -> Unsupported { Unsupported(targets: open) }

    private mutating func compile(_ target: SchemaRegistry.Target) throws(Unsupported) -> Node {
        let key = Self.key(target)
        if let known = committed[key] {
            guard let node = known else { throw unsupported() }
            return node
        }
        if let node = pending[key] { return node }
        guard case .object(let object) = target.schema else {
            return try compile(target.schema, resource: target.resource, base: target.baseURI)
        }
        let node = try newNode()
        pending[key] = node
        open.append(key)
        defer { open.removeLast() }
        try fill(node, from: object, resource: target.resource, base: target.baseURI)
        return node
    }

    private mutating func compile(
        _ schema: JSONValue, resource: SchemaResource, base: String
    ) throws(Unsupported) -> Node {
        switch schema {
        case .bool(false):
            return store.rejecting
        case .object(let object):
            let node = try newNode()
            try fill(node, from: object, resource: resource, base: base)
            return node
        default:
            // `true`, and values that are no schema at all, which the evaluator passes.
            return store.accepting
        }
    }

    private mutating func link(_ schema: JSONValue, resource: SchemaResource, base: String) throws(Unsupported) -> Link
    {
        Link(try compile(schema, resource: resource, base: base))
    }

    private mutating func newNode() throws(Unsupported) -> Node {
        // Too large is a property of this plan, not of the targets open now: only the root is marked.
        guard created.count < Self.nodeLimit else { throw Unsupported(targets: []) }
        let node = Node()
        created.append(node)
        return node
    }

    private mutating func fill(
        _ node: Node, from object: JSONObject, resource: SchemaResource, base: String
    ) throws(Unsupported) {
        // A chain of thousands of references, or of nested schemas, must not exhaust the stack: such a
        // schema is the evaluator's, whose own limit reports it.
        depth += 1
        defer { depth -= 1 }
        guard depth <= options.maxDepth else { throw Unsupported(targets: []) }
        guard resource.validationVocabulary else { throw unsupported() }
        let dialect = resource.dialect
        if dialect == .openAPI30, object["nullable"]?.boolValue == true { node.nullPasses = true }
        if dialect.isDraft4Family, let reference = object["$ref"]?.stringValue {
            // Draft 4 and OpenAPI 3.0: a `$ref` replaces the whole schema object.
            node.references = [try compileReference(reference, base: base)]
            return
        }
        if let idKeyword = dialect.identifierKeyword, let id = object[idKeyword]?.stringValue {
            let uri = URIReference(base).resolving(id).withoutFragment.description
            if uri != base, registry.resources[uri] != nil { throw unsupported() }
        }
        for keyword in object.keys where Self.unsupportedKeywords.contains(keyword) { throw unsupported() }
        if dialect == .openAPI30, object["discriminator"] != nil { throw unsupported() }
        if let reference = object["$ref"]?.stringValue {
            node.references = [try compileReference(reference, base: base)]
        }
        fillGeneric(node, from: object, dialect: dialect)
        try fillCombinators(node, from: object, resource: resource, base: base)
        try fillObject(node, from: object, resource: resource, base: base)
        try fillArray(node, from: object, resource: resource, base: base)
        try fillString(node, from: object)
        fillNumber(node, from: object, dialect: dialect)
    }

    private mutating func compileReference(_ reference: String, base: String) throws(Unsupported) -> Link {
        // An unresolvable reference is an error wherever it is reached.
        guard let target = registry.resolve(reference, base: base) else { return Link(store.rejecting) }
        return Link(try compile(target))
    }

    private func fillGeneric(_ node: Node, from object: JSONObject, dialect: SchemaDialect) {
        if let type = object["type"] {
            let names = SchemaEvaluator.typeNames(type)
            if !names.isEmpty {
                node.types = names.reduce(0) { $0 | ValidityPlan.TypeMask.bit(named: $1) }
            }
        }
        if case .array(let options) = object["enum"] { node.enumeration = Array(options) }
        if !dialect.isDraft4Family, let constant = object["const"] { node.constant = constant }
    }

    private mutating func fillCombinators(
        _ node: Node, from object: JSONObject, resource: SchemaResource, base: String
    ) throws(Unsupported) {
        if case .array(let schemas) = object["allOf"] {
            node.allOf = try schemas.map { schema throws(Unsupported) in
                try link(schema, resource: resource, base: base)
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            guard case .array(let schemas) = object[keyword] else { continue }
            var alternatives: [Link] = []
            for schema in schemas where !evaluator.writeOnlyInResponse(schema, dialect: resource.dialect) {
                alternatives.append(try link(schema, resource: resource, base: base))
            }
            if keyword == "anyOf" { node.anyOf = alternatives } else { node.oneOf = alternatives }
        }
        if let negated = object["not"] { node.not = try link(negated, resource: resource, base: base) }
    }

    private mutating func fillObject(
        _ node: Node, from object: JSONObject, resource: SchemaResource, base: String
    ) throws(Unsupported) {
        let openAPI = resource.dialect.hasOpenAPIKeywords
        let properties = object["properties"]?.objectValue
        for (name, schema) in properties ?? JSONObject() {
            node.propertyNames.insert(name)
            if openAPI, options.direction == .response, schema["writeOnly"]?.boolValue == true {
                node.properties.append(.init(name: name, node: Link(store.rejecting), handling: .forbid))
            } else if openAPI, options.direction == .request, evaluator.declares("readOnly", schema, base: base) {
                node.properties.append(.init(name: name, node: Link(store.accepting), handling: .skip))
            } else {
                let child = try link(schema, resource: resource, base: base)
                node.properties.append(.init(name: name, node: child, handling: .check))
            }
        }
        if let additional = object["additionalProperties"] {
            node.additionalProperties = try link(additional, resource: resource, base: base)
        }
        if case .array(let required) = object["required"] {
            for case .string(let name) in required {
                if openAPI, let property = properties?[name] {
                    if options.direction == .request, evaluator.declares("readOnly", property, base: base) { continue }
                    if options.direction == .response, evaluator.declares("writeOnly", property, base: base) {
                        continue
                    }
                }
                node.required.append(name)
            }
        }
        node.maxProperties = object["maxProperties"]?.intValue
        node.minProperties = object["minProperties"]?.intValue
    }

    private mutating func fillArray(
        _ node: Node, from object: JSONObject, resource: SchemaResource, base: String
    ) throws(Unsupported) {
        if let items = object["items"] {
            // A draft 4 tuple (`items` as an array) is not covered.
            if case .array = items { throw unsupported() }
            node.items = try link(items, resource: resource, base: base)
        }
        node.maxItems = object["maxItems"]?.intValue
        node.minItems = object["minItems"]?.intValue
        node.uniqueItems = object["uniqueItems"]?.boolValue == true
    }

    private func fillString(_ node: Node, from object: JSONObject) throws(Unsupported) {
        node.maxLength = object["maxLength"]?.intValue
        node.minLength = object["minLength"]?.intValue
        if let pattern = object["pattern"]?.stringValue {
            guard let regex = RegexCache.shared.regex(pattern) else { throw unsupported() }
            node.pattern = regex
        }
        // As the evaluator: beside a pattern, a format only annotates.
        if options.formatAssertion, object["pattern"] == nil, let format = object["format"]?.stringValue {
            node.stringFormat = format
        }
    }

    private func fillNumber(_ node: Node, from object: JSONObject, dialect: SchemaDialect) {
        if let divisor = object["multipleOf"]?.numberValue, divisor.doubleValue > 0 { node.multipleOf = divisor }
        let draft4 = dialect.isDraft4Family
        node.maximum = object["maximum"]?.numberValue
        node.minimum = object["minimum"]?.numberValue
        if draft4 {
            node.maximumIsExclusive = object["exclusiveMaximum"]?.boolValue == true
            node.minimumIsExclusive = object["exclusiveMinimum"]?.boolValue == true
        } else {
            node.exclusiveMaximum = object["exclusiveMaximum"]?.numberValue
            node.exclusiveMinimum = object["exclusiveMinimum"]?.numberValue
        }
        if options.formatAssertion, let format = object["format"]?.stringValue { node.numberFormat = format }
    }
}
