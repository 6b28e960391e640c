extension SchemaEvaluator {
    /// Array keywords: `items`/`additionalItems` (draft 4), `prefixItems`/`items` (2020-12), `contains`
    /// with `minContains`/`maxContains`, `min/maxItems`, `uniqueItems`, `unevaluatedItems`.
    func validateArray(_ frame: Frame, elements: JSONArray, into outcome: inout Outcome) {
        let object = frame.object
        let validation = frame.resource.validationVocabulary
        var prefixCount = 0
        if frame.dialect.isDraft4Family {
            if case .array(let tuple) = object["items"] {
                for (position, element) in elements.enumerated() {
                    let schema: JSONValue
                    let path: [String]
                    if position < tuple.count {
                        schema = tuple[position]
                        path = ["items", String(position)]
                    } else if let additional = object["additionalItems"] {
                        schema = additional
                        path = ["additionalItems"]
                    } else {
                        break
                    }
                    outcome.errors +=
                        subschema(
                            schema, frame: frame, path: path, instance: element,
                            instancePath: frame.instancePath.appending(position)
                        ).errors
                }
            } else if let items = object["items"] {
                for (position, element) in elements.enumerated() {
                    outcome.errors +=
                        subschema(
                            items, frame: frame, path: ["items"], instance: element,
                            instancePath: frame.instancePath.appending(position)
                        ).errors
                }
            }
        } else {
            if case .array(let prefix) = object["prefixItems"] {
                for (position, element) in elements.enumerated() where position < prefix.count {
                    outcome.errors +=
                        subschema(
                            prefix[position], frame: frame, path: ["prefixItems", String(position)], instance: element,
                            instancePath: frame.instancePath.appending(position)
                        ).errors
                }
                prefixCount = min(prefix.count, elements.count)
                outcome.evaluatedItemCount = max(outcome.evaluatedItemCount, prefixCount)
            }
            if let items = object["items"] {
                for (position, element) in elements.enumerated() where position >= prefixCount {
                    outcome.errors +=
                        subschema(
                            items, frame: frame, path: ["items"], instance: element,
                            instancePath: frame.instancePath.appending(position)
                        ).errors
                }
                outcome.allItemsEvaluated = true
            }
        }
        if !frame.dialect.isDraft4Family, let contains = object["contains"] {
            var matched: [Int] = []
            for (position, element) in elements.enumerated() {
                let result = subschema(
                    contains, frame: frame, path: ["contains"], instance: element,
                    instancePath: frame.instancePath.appending(position))
                if result.isValid { matched.append(position) }
            }
            outcome.evaluatedItemIndices.formUnion(matched)
            let minimum = validation ? (object["minContains"]?.intValue ?? 1) : 1
            if matched.count < minimum {
                outcome.errors.append(
                    frame.error(
                        "contains",
                        minimum == 1
                            ? "array does not contain an item matching \"contains\""
                            : "array contains \(matched.count) matching items, fewer than minContains \(minimum)"))
            }
            if validation, let maximum = object["maxContains"]?.intValue, matched.count > maximum {
                outcome.errors.append(
                    frame.error(
                        "maxContains", "array contains \(matched.count) matching items, more than \(maximum)"))
            }
        }
        if validation {
            if let maximum = object["maxItems"]?.intValue, elements.count > maximum {
                outcome.errors.append(
                    frame.error("maxItems", "array has \(elements.count) items, more than \(maximum)"))
            }
            if let minimum = object["minItems"]?.intValue, elements.count < minimum {
                outcome.errors.append(
                    frame.error("minItems", "array has \(elements.count) items, fewer than \(minimum)"))
            }
            if object["uniqueItems"]?.boolValue == true {
                var seen: [JSONValue: Int] = [:]
                for (position, element) in elements.enumerated() {
                    if let first = seen[element] {
                        outcome.errors.append(
                            frame.error("uniqueItems", "items \(first) and \(position) are equal; items must be unique")
                        )
                        break
                    }
                    seen[element] = position
                }
            }
        }
        guard !frame.dialect.isDraft4Family, let unevaluated = object["unevaluatedItems"] else { return }
        guard !outcome.allItemsEvaluated else { return }
        for (position, element) in elements.enumerated()
        where position >= outcome.evaluatedItemCount && !outcome.evaluatedItemIndices.contains(position) {
            let result = subschema(
                unevaluated, frame: frame, path: ["unevaluatedItems"], instance: element,
                instancePath: frame.instancePath.appending(position))
            if !result.isValid {
                if case .bool(false) = unevaluated {
                    outcome.errors.append(
                        frame.error("unevaluatedItems", "item \(position) is not allowed (unevaluatedItems is false)"))
                } else {
                    outcome.errors += result.errors
                }
            }
        }
        outcome.allItemsEvaluated = true
    }
}
