extension SchemaEvaluator {
    /// Object keywords: `properties`, `patternProperties`, `additionalProperties`, `required`,
    /// `min/maxProperties`, `propertyNames`, `dependentRequired`, `unevaluatedProperties`, and OpenAPI
    /// `readOnly`/`writeOnly` direction rules.
    /// Whether a property's schema is marked `keyword: true` (`readOnly`, `writeOnly`) itself, through its
    /// `$ref`, or through an `allOf` member (a few levels deep).
    func declares(_ keyword: String, _ schema: JSONValue, frame: Frame) -> Bool {
        declares(keyword, schema, base: frame.base, depth: 0)
    }

    func declares(_ keyword: String, _ schema: JSONValue, base: String, depth: Int = 0) -> Bool {
        guard depth < 6, case .object(let object) = schema else { return false }
        if object[keyword]?.boolValue == true { return true }
        if let reference = object["$ref"]?.stringValue, let target = registry.resolve(reference, base: base),
            declares(keyword, target.schema, base: target.baseURI, depth: depth + 1)
        {
            return true
        }
        if case .array(let parts) = object["allOf"] {
            return parts.contains { declares(keyword, $0, base: base, depth: depth + 1) }
        }
        return false
    }

    func validateObject(_ frame: Frame, members: JSONObject, into outcome: inout Outcome) {
        let object = frame.object
        let validation = frame.resource.validationVocabulary
        var evaluated = Set<String>()
        let properties = object["properties"]?.objectValue
        if let properties {
            for (name, schema) in properties {
                guard let value = members[name] else { continue }
                evaluated.insert(name)
                if frame.dialect.hasOpenAPIKeywords, options.direction == .response,
                    schema["writeOnly"]?.boolValue == true
                {
                    outcome.errors.append(
                        ValidationError(
                            instanceLocation: frame.instancePath.appending(name).pointer, keyword: "writeOnly",
                            schemaDocument: frame.resource.documentURI,
                            schemaLocation: frame.schemaPath.appending("properties").appending(name).pointer,
                            message: "property \"\(name)\" is writeOnly and must not appear in a response"))
                }
                // A read-only member in a request is the server's to set: whatever the client sent is ignored,
                // so it is not checked.
                if frame.dialect.hasOpenAPIKeywords, options.direction == .request,
                    declares("readOnly", schema, frame: frame)
                {
                    continue
                }
                let result = subschema(
                    schema, frame: frame, path: ["properties", name], instance: value,
                    instancePath: frame.instancePath.appending(name))
                outcome.errors += result.errors
            }
        }
        if let patterns = object["patternProperties"]?.objectValue {
            for (pattern, schema) in patterns {
                guard let regex = RegexCache.shared.regex(pattern) else {
                    outcome.errors.append(frame.error("patternProperties", "invalid regular expression \"\(pattern)\""))
                    continue
                }
                for (name, value) in members where regex.matches(name) {
                    evaluated.insert(name)
                    let result = subschema(
                        schema, frame: frame, path: ["patternProperties", pattern], instance: value,
                        instancePath: frame.instancePath.appending(name))
                    outcome.errors += result.errors
                }
            }
        }
        if let additional = object["additionalProperties"] {
            for (name, value) in members where !evaluated.contains(name) {
                if case .bool(false) = additional {
                    outcome.errors.append(
                        ValidationError(
                            instanceLocation: frame.instancePath.appending(name).pointer,
                            keyword: "additionalProperties", schemaDocument: frame.resource.documentURI,
                            schemaLocation: frame.schemaPath.appending("additionalProperties").pointer,
                            message: "property \"\(name)\" is not allowed (additionalProperties is false)"))
                    continue
                }
                let result = subschema(
                    additional, frame: frame, path: ["additionalProperties"], instance: value,
                    instancePath: frame.instancePath.appending(name))
                outcome.errors += result.errors
            }
            evaluated.formUnion(members.keys)
        }
        if let names = object["propertyNames"] {
            for name in members.keys {
                let result = subschema(
                    names, frame: frame, path: ["propertyNames"], instance: .string(name),
                    instancePath: frame.instancePath.appending(name))
                if !result.isValid {
                    outcome.errors.append(
                        frame.error(
                            "propertyNames", "property name \"\(name)\" is not valid",
                            causes: Array(result.errors.prefix(3))))
                }
            }
        }
        if validation {
            if case .array(let required) = object["required"] {
                for case .string(let name) in required where !members.contains(name) {
                    if frame.dialect.hasOpenAPIKeywords, let property = properties?[name] {
                        if options.direction == .request, declares("readOnly", property, frame: frame) { continue }
                        if options.direction == .response, declares("writeOnly", property, frame: frame) { continue }
                    }
                    outcome.errors.append(frame.error("required", "missing required property \"\(name)\""))
                }
            }
            if let maximum = object["maxProperties"]?.intValue, members.count > maximum {
                outcome.errors.append(
                    frame.error("maxProperties", "object has \(members.count) properties, more than \(maximum)"))
            }
            if let minimum = object["minProperties"]?.intValue, members.count < minimum {
                outcome.errors.append(
                    frame.error("minProperties", "object has \(members.count) properties, fewer than \(minimum)"))
            }
            if !frame.dialect.isDraft4Family, case .object(let dependencies) = object["dependentRequired"] {
                for (name, required) in dependencies where members.contains(name) {
                    for case .string(let property) in required.arrayValue ?? JSONArray()
                    where !members.contains(property) {
                        outcome.errors.append(
                            frame.error(
                                "dependentRequired",
                                "property \"\(property)\" is required when \"\(name)\" is present"))
                    }
                }
            }
        }
        guard !frame.dialect.isDraft4Family else { return }
        outcome.evaluatedProperties.formUnion(evaluated)
        if let unevaluated = object["unevaluatedProperties"] {
            for (name, value) in members where !outcome.evaluatedProperties.contains(name) {
                let result = subschema(
                    unevaluated, frame: frame, path: ["unevaluatedProperties"], instance: value,
                    instancePath: frame.instancePath.appending(name))
                if result.isValid {
                    outcome.evaluatedProperties.insert(name)
                } else if case .bool(false) = unevaluated {
                    outcome.errors.append(
                        ValidationError(
                            instanceLocation: frame.instancePath.appending(name).pointer,
                            keyword: "unevaluatedProperties", schemaDocument: frame.resource.documentURI,
                            schemaLocation: frame.schemaPath.appending("unevaluatedProperties").pointer,
                            message: "property \"\(name)\" is not allowed (unevaluatedProperties is false)"))
                } else {
                    outcome.errors += result.errors
                }
            }
        }
    }
}
