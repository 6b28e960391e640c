/// One evaluation of an instance against a schema: holds the dynamic scope and recursion guard, so it is
/// created per validation call and never shared.
final class SchemaEvaluator {
    let registry: SchemaRegistry
    let options: ValidationOptions
    /// Resource URIs entered, outermost first (the dynamic scope of `$dynamicRef`).
    var dynamicScope: [String] = []
    var depth = 0
    var active: Set<String> = []
    /// Nesting below which the cycle guard is not needed: a cycle without progress passes it within a few
    /// rounds and is then caught.
    static let cycleCheckDepth = 24

    init(registry: SchemaRegistry, options: ValidationOptions) {
        self.registry = registry
        self.options = options
    }

    /// What evaluating one schema produced: errors and, for 2020-12, the annotations that
    /// `unevaluatedProperties` and `unevaluatedItems` read.
    struct Outcome {
        var errors: [ValidationError] = []
        var evaluatedProperties: Set<String> = []
        var evaluatedItemCount = 0
        var allItemsEvaluated = false
        var evaluatedItemIndices: Set<Int> = []

        var isValid: Bool { errors.isEmpty }

        mutating func mergeAnnotations(_ other: Outcome) {
            evaluatedProperties.formUnion(other.evaluatedProperties)
            evaluatedItemCount = max(evaluatedItemCount, other.evaluatedItemCount)
            allItemsEvaluated = allItemsEvaluated || other.allItemsEvaluated
            evaluatedItemIndices.formUnion(other.evaluatedItemIndices)
        }
    }

    /// The evaluation state for one schema object.
    struct Frame {
        var object: JSONObject
        var resource: SchemaResource
        var base: String
        var schemaPath: PathChain?
        var instancePath: PathChain?
        var dialect: SchemaDialect { resource.dialect }

        func error(_ keyword: String, _ message: String, causes: [ValidationError] = []) -> ValidationError {
            ValidationError(
                instanceLocation: instancePath.pointer, keyword: keyword, schemaDocument: resource.documentURI,
                schemaLocation: schemaPath.appending(keyword).pointer, message: message, causes: causes)
        }
    }

    func evaluate(
        _ schema: JSONValue, resource: SchemaResource, base: String, schemaPath: PathChain?, instance: JSONValue,
        instancePath: PathChain?
    ) -> Outcome {
        switch schema {
        case .bool(true):
            return Outcome()
        case .bool(false):
            var outcome = Outcome()
            outcome.errors.append(
                ValidationError(
                    instanceLocation: instancePath.pointer, keyword: "false", schemaDocument: resource.documentURI,
                    schemaLocation: schemaPath.pointer, message: "no value is allowed here (schema is false)"))
            return outcome
        case .object(let object):
            return evaluateObject(
                object, resource: resource, base: base, schemaPath: schemaPath, instance: instance,
                instancePath: instancePath)
        default:
            return Outcome()
        }
    }

    private func evaluateObject(
        _ object: JSONObject, resource: SchemaResource, base: String, schemaPath: PathChain?, instance: JSONValue,
        instancePath: PathChain?
    ) -> Outcome {
        var resource = resource
        var base = base
        var pushedScope = false
        if let idKeyword = resource.dialect.identifierKeyword, let id = object[idKeyword]?.stringValue,
            !(resource.dialect.isDraft4Family && object["$ref"] != nil)
        {
            let resolved = URIReference(base).resolving(id)
            let uri = resolved.withoutFragment.description
            if uri != base, let embedded = registry.resources[uri] {
                resource = embedded
                base = uri
            }
        }
        if dynamicScope.last != base {
            dynamicScope.append(base)
            pushedScope = true
        }
        defer { if pushedScope { dynamicScope.removeLast() } }

        var outcome = Outcome()
        depth += 1
        defer { depth -= 1 }
        guard depth <= options.maxDepth else {
            outcome.errors.append(
                ValidationError(
                    instanceLocation: instancePath.pointer, keyword: "$ref", schemaDocument: resource.documentURI,
                    schemaLocation: schemaPath.pointer,
                    message: "schema nesting deeper than \(options.maxDepth) levels (reference cycle?)"))
            return outcome
        }
        // A reference cycle that makes no progress on the instance revisits the same schema at the same
        // instance location. Only deep evaluations can be in one, so shallow ones skip building the key.
        var guardKey: String? = nil
        if depth > Self.cycleCheckDepth {
            let key = resource.documentURI + "#" + schemaPath.key + "|" + instancePath.key
            guard !active.contains(key) else { return outcome }
            active.insert(key)
            guardKey = key
        }
        defer { if let guardKey { active.remove(guardKey) } }

        let frame = Frame(
            object: object, resource: resource, base: base, schemaPath: schemaPath, instancePath: instancePath)
        let dialect = resource.dialect

        if dialect == .openAPI30, object["nullable"]?.boolValue == true, instance.isNull {
            return outcome
        }

        if let reference = object["$ref"]?.stringValue {
            let referenced = applyReference(reference, frame: frame, keyword: "$ref", instance: instance)
            if dialect.isDraft4Family { return referenced }
            outcome.errors += referenced.errors
            if referenced.isValid { outcome.mergeAnnotations(referenced) }
        }
        if !dialect.isDraft4Family, let reference = object["$dynamicRef"]?.stringValue {
            let referenced = applyDynamicReference(reference, frame: frame, instance: instance)
            outcome.errors += referenced.errors
            if referenced.isValid { outcome.mergeAnnotations(referenced) }
        }

        if resource.validationVocabulary {
            validateGeneric(frame, instance: instance, into: &outcome)
        }
        applyCombinators(frame, instance: instance, into: &outcome)

        switch instance {
        case .object(let members):
            validateObject(frame, members: members, into: &outcome)
        case .array(let elements):
            validateArray(frame, elements: elements, into: &outcome)
        case .string(let string):
            if resource.validationVocabulary { validateString(frame, string: string, into: &outcome) }
        case .number(let number):
            if resource.validationVocabulary { validateNumber(frame, number: number, into: &outcome) }
        default:
            break
        }
        return outcome
    }

    // MARK: References

    func applyReference(_ reference: String, frame: Frame, keyword: String, instance: JSONValue) -> Outcome {
        guard let target = registry.resolve(reference, base: frame.base) else {
            var outcome = Outcome()
            outcome.errors.append(
                frame.error(keyword, "reference \"\(reference)\" cannot be resolved (base \(frame.base))"))
            return outcome
        }
        return evaluate(
            target.schema, resource: target.resource, base: target.baseURI,
            schemaPath: PathChain.from(target.documentPointer), instance: instance, instancePath: frame.instancePath)
    }

    private func applyDynamicReference(_ reference: String, frame: Frame, instance: JSONValue) -> Outcome {
        guard var target = registry.resolve(reference, base: frame.base) else {
            var outcome = Outcome()
            outcome.errors.append(frame.error("$dynamicRef", "reference \"\(reference)\" cannot be resolved"))
            return outcome
        }
        let fragment = URIReference(reference).fragment ?? ""
        if !fragment.isEmpty, !fragment.hasPrefix("/"), target.resource.dynamicAnchors[fragment] != nil {
            for scopeURI in dynamicScope {
                if let dynamic = registry.dynamicAnchor(fragment, inResource: scopeURI) {
                    target = dynamic
                    break
                }
            }
        }
        return evaluate(
            target.schema, resource: target.resource, base: target.baseURI,
            schemaPath: PathChain.from(target.documentPointer), instance: instance, instancePath: frame.instancePath)
    }

    func subschema(
        _ schema: JSONValue, frame: Frame, path: [String], instance: JSONValue, instancePath: PathChain?
    ) -> Outcome {
        var schemaPath = frame.schemaPath
        for token in path { schemaPath = schemaPath.appending(token) }
        return evaluate(
            schema, resource: frame.resource, base: frame.base, schemaPath: schemaPath, instance: instance,
            instancePath: instancePath)
    }
}
