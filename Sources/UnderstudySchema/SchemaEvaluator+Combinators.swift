extension SchemaEvaluator {
    /// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentSchemas` and schema-valued
    /// draft 4 `dependencies`.
    func applyCombinators(_ frame: Frame, instance: JSONValue, into outcome: inout Outcome) {
        let object = frame.object
        if case .array(let schemas) = object["allOf"] {
            for (position, schema) in schemas.enumerated() {
                let result = subschema(
                    schema, frame: frame, path: ["allOf", String(position)], instance: instance,
                    instancePath: frame.instancePath)
                outcome.errors += result.errors
                if result.isValid { outcome.mergeAnnotations(result) }
            }
        }
        if let discriminated = applyDiscriminator(frame, instance: instance) {
            outcome.errors += discriminated.errors
            if discriminated.isValid { outcome.mergeAnnotations(discriminated) }
        } else {
            if case .array(let schemas) = object["anyOf"] {
                var causes: [ValidationError] = []
                var matched = false
                for (position, schema) in schemas.enumerated() {
                    if writeOnlyInResponse(schema, dialect: frame.dialect) { continue }
                    let result = subschema(
                        schema, frame: frame, path: ["anyOf", String(position)], instance: instance,
                        instancePath: frame.instancePath)
                    if result.isValid {
                        matched = true
                        outcome.mergeAnnotations(result)
                        if frame.dialect.isDraft4Family { break }
                    } else {
                        causes += result.errors.prefix(options.causesPerAlternative).map { $0.inBranch(position) }
                    }
                }
                if !matched {
                    outcome.errors.append(
                        frame.error(
                            "anyOf", "value does not match any of the \(schemas.count) schemas in anyOf",
                            causes: Array(causes.prefix(max(12, options.causesPerAlternative * 4)))))
                }
            }
            if case .array(let schemas) = object["oneOf"] {
                var causes: [ValidationError] = []
                var matches: [Int] = []
                var matchedOutcome = Outcome()
                for (position, schema) in schemas.enumerated() {
                    if writeOnlyInResponse(schema, dialect: frame.dialect) { continue }
                    let result = subschema(
                        schema, frame: frame, path: ["oneOf", String(position)], instance: instance,
                        instancePath: frame.instancePath)
                    if result.isValid {
                        matches.append(position)
                        matchedOutcome = result
                    } else {
                        causes += result.errors.prefix(options.causesPerAlternative).map { $0.inBranch(position) }
                    }
                }
                if matches.isEmpty {
                    outcome.errors.append(
                        frame.error(
                            "oneOf", "value does not match any of the \(schemas.count) schemas in oneOf",
                            causes: Array(causes.prefix(max(12, options.causesPerAlternative * 4)))))
                } else if matches.count > 1 {
                    let list = matches.map(String.init).joined(separator: ", ")
                    outcome.errors.append(
                        frame.error("oneOf", "value matches more than one schema in oneOf (schemas \(list))"))
                } else {
                    outcome.mergeAnnotations(matchedOutcome)
                }
            }
        }
        if let negated = object["not"] {
            let result = subschema(
                negated, frame: frame, path: ["not"], instance: instance, instancePath: frame.instancePath)
            if result.isValid {
                outcome.errors.append(frame.error("not", "value must not match the schema in \"not\""))
            }
        }
        if !frame.dialect.isDraft4Family, let condition = object["if"] {
            let test = subschema(
                condition, frame: frame, path: ["if"], instance: instance, instancePath: frame.instancePath)
            if test.isValid {
                outcome.mergeAnnotations(test)
                if let then = object["then"] {
                    let result = subschema(
                        then, frame: frame, path: ["then"], instance: instance, instancePath: frame.instancePath)
                    outcome.errors += result.errors
                    if result.isValid { outcome.mergeAnnotations(result) }
                }
            } else if let otherwise = object["else"] {
                let result = subschema(
                    otherwise, frame: frame, path: ["else"], instance: instance, instancePath: frame.instancePath)
                outcome.errors += result.errors
                if result.isValid { outcome.mergeAnnotations(result) }
            }
        }
        guard case .object(let members) = instance else { return }
        let dependentKeyword = frame.dialect.isDraft4Family ? "dependencies" : "dependentSchemas"
        if case .object(let dependencies) = object[dependentKeyword] {
            for (name, dependency) in dependencies where members.contains(name) {
                switch dependency {
                case .array(let required):
                    guard frame.dialect.isDraft4Family, frame.resource.validationVocabulary else { continue }
                    for case .string(let property) in required where !members.contains(property) {
                        outcome.errors.append(
                            frame.error(
                                dependentKeyword,
                                "property \"\(property)\" is required when \"\(name)\" is present"))
                    }
                default:
                    let result = subschema(
                        dependency, frame: frame, path: [dependentKeyword, name], instance: instance,
                        instancePath: frame.instancePath)
                    outcome.errors += result.errors
                    if result.isValid { outcome.mergeAnnotations(result) }
                }
            }
        }
    }

    /// In a response, an OpenAPI alternative marked `writeOnly` matches nothing (`anyOf: [{type: string,
    /// writeOnly: true}, {type: null}]` allows only null there).
    func writeOnlyInResponse(_ schema: JSONValue, dialect: SchemaDialect) -> Bool {
        dialect.hasOpenAPIKeywords && options.direction == .response && schema["writeOnly"]?.boolValue == true
    }

    /// OpenAPI 3.0 `discriminator`: when the instance names a subtype the mapping (or a `$ref`'s last
    /// segment) knows, validate against that schema alone. Returns nil when the discriminator does not apply
    /// (no keyword, no property, a value naming no subtype): then plain `oneOf`/`anyOf` decide, as JSON Schema
    /// says. In OpenAPI 3.1 and later the discriminator is an annotation only: it never changes the outcome.
    private func applyDiscriminator(_ frame: Frame, instance: JSONValue) -> Outcome? {
        guard frame.dialect == .openAPI30, case .object(let discriminator) = frame.object["discriminator"],
            let propertyName = discriminator["propertyName"]?.stringValue,
            case .object(let members) = instance, let value = members[propertyName]?.stringValue
        else { return nil }
        let alternatives = (frame.object["oneOf"] ?? frame.object["anyOf"])?.arrayValue ?? JSONArray()
        guard !alternatives.isEmpty else { return nil }
        var reference = discriminator["mapping"]?[value]?.stringValue
        if let mapped = reference, !mapped.contains("#"), !mapped.contains("/") {
            reference = "#/components/schemas/" + mapped
        }
        if reference == nil {
            reference = alternatives.compactMap { $0["$ref"]?.stringValue }.first {
                $0.hasSuffix("/" + value)
            }
        }
        guard let reference else { return nil }
        // A mapping that names a schema we cannot reach (an unloaded file) falls back to plain oneOf/anyOf.
        guard registry.resolve(reference, base: frame.base) != nil else { return nil }
        return applyReference(reference, frame: frame, keyword: "discriminator", instance: instance)
    }
}
