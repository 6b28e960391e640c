import UnderstudySchema

/// Turns the text of path, query, header and cookie parameters into JSON values, following the parameter's
/// `style` and `explode` and the types its schema names.
struct ParameterDecoder {
    let contract: Contract

    /// The schema with top-level `$ref`s followed (for type decisions only; validation uses the original).
    /// At most 16 steps (a `$ref` or a one-part `allOf` each): a schema that refers to itself
    /// (`Loop: {allOf: [$ref: Loop]}`) stops there.
    func resolved(_ handle: SchemaHandle?) -> JSONValue? {
        guard let handle else { return nil }
        var current = handle.value
        var base = handle.documentURI
        for _ in 0..<16 {
            if let reference = current["$ref"]?.stringValue,
                let target = contract.schemas.resolve(reference, base: base)
            {
                current = target.schema
                base = target.baseURI
            } else if case .array(let parts) = current["allOf"], parts.count == 1, current["type"] == nil {
                current = parts[0]
            } else {
                break
            }
        }
        return current
    }

    /// The properties an object schema declares, through `$ref`s and `allOf` parts.
    func properties(of handle: SchemaHandle?, depth: Int = 0) -> JSONObject? {
        guard let handle, depth < 8, let schema = resolved(handle) else { return nil }
        var result = schema["properties"]?.objectValue ?? JSONObject()
        if case .array(let parts) = schema["allOf"] {
            for (index, part) in parts.enumerated() {
                let partHandle = SchemaHandle(
                    value: part, documentURI: handle.documentURI,
                    pointer: handle.pointer.appending("allOf").appending(index))
                for (name, value) in properties(of: partHandle, depth: depth + 1) ?? JSONObject()
                where !result.contains(name) {
                    result.set(name, value)
                }
            }
        }
        return result.isEmpty ? nil : result
    }

    /// Converts string leaves of a form-decoded value to the types the schema names, through nested
    /// objects and arrays (`$ref`, `allOf` and object alternatives of `anyOf`/`oneOf` are followed).
    func coerce(_ value: JSONValue, schema handle: SchemaHandle?, depth: Int = 0) -> JSONValue {
        guard let handle, depth < 16, let schema = resolved(handle) else { return value }
        switch value {
        case .string(let text):
            if Self.typeName(schema) == nil {
                // `anyOf: [{type: number}, {enum: [""]}]` and the like: the first typed alternative that
                // reads the text wins.
                for keyword in ["anyOf", "oneOf"] {
                    for alternative in schema[keyword]?.arrayValue ?? JSONArray() {
                        let part = resolved(
                            SchemaHandle(value: alternative, documentURI: handle.documentURI, pointer: handle.pointer))
                        if case .string = Self.scalar(text, as: part) { continue }
                        return Self.scalar(text, as: part)
                    }
                }
            }
            return Self.scalar(text, as: schema)
        case .object(let object):
            var properties = properties(of: handle) ?? JSONObject()
            for keyword in ["anyOf", "oneOf"] {
                for (index, alternative) in (schema[keyword]?.arrayValue ?? JSONArray()).enumerated() {
                    let part = SchemaHandle(
                        value: alternative, documentURI: handle.documentURI,
                        pointer: handle.pointer.appending(keyword).appending(index))
                    for (name, value) in self.properties(of: part) ?? JSONObject() where !properties.contains(name) {
                        properties.set(name, value)
                    }
                }
            }
            var result = JSONObject()
            for (name, member) in object {
                let child =
                    properties[name].map {
                        SchemaHandle(value: $0, documentURI: handle.documentURI, pointer: handle.pointer)
                    }
                    ?? schema["additionalProperties"].flatMap {
                        $0.objectValue != nil
                            ? SchemaHandle(value: $0, documentURI: handle.documentURI, pointer: handle.pointer) : nil
                    }
                result.set(name, child.map { coerce(member, schema: $0, depth: depth + 1) } ?? member)
            }
            return .object(result)
        case .array(let array):
            // Bracket notation cannot tell `a[0]=x` (an array) from an object whose member is named "0": the
            // schema decides.
            if Self.typeName(schema) == "object" {
                var object = JSONObject()
                for (index, element) in array.enumerated() { object.set(String(index), element) }
                return coerce(.object(object), schema: handle, depth: depth + 1)
            }
            guard let items = schema["items"] else { return value }
            let child = SchemaHandle(value: items, documentURI: handle.documentURI, pointer: handle.pointer)
            return .array(array.map { coerce($0, schema: child, depth: depth + 1) })
        default:
            return value
        }
    }

    static func typeName(_ schema: JSONValue?) -> String? {
        switch schema?["type"] {
        case .string(let type): return type
        case .array(let types): return types.compactMap(\.stringValue).first { $0 != "null" }
        default:
            if schema?["properties"] != nil { return "object" }
            if schema?["items"] != nil { return "array" }
            return nil
        }
    }

    /// Converts one scalar text to the type a schema names; text that does not convert stays a string, so
    /// validation reports it.
    static func scalar(_ text: String, as schema: JSONValue?) -> JSONValue {
        switch typeName(schema) {
        case "integer":
            if let value = Int(text) { return .int(value) }
            if let value = Double(text: text), value.rounded() == value { return .double(value) }
            return .string(text)
        case "number":
            if let value = Int(text) { return .int(value) }
            if let value = Double(text: text), value.isFinite { return .double(value) }
            return .string(text)
        case "boolean":
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            return .string(text)
        case "null":
            return text.isEmpty || text == "null" ? .null : .string(text)
        default:
            return .string(text)
        }
    }

    /// Splits a serialised array or object according to style.
    static func delimiter(for style: String) -> Character {
        switch style {
        case "spaceDelimited": return " "
        case "pipeDelimited": return "|"
        default: return ","
        }
    }

    /// Decodes a path or header value (styles simple, label, matrix).
    func decodeSingle(_ raw: String, parameter: Parameter) -> JSONValue {
        let schema = resolved(parameter.schema)
        if parameter.contentType.map({ MediaType($0)?.isJSON ?? false }) ?? false {
            return (try? JSONParser.parse(raw)) ?? .string(raw)
        }
        var text = raw
        var separator: Character = ","
        switch parameter.style {
        case "label":
            if text.hasPrefix(".") { text.removeFirst() }
            if parameter.explode { separator = "." }
        case "matrix":
            let prefix = ";\(parameter.name)="
            if text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
            if parameter.explode { separator = ";" }
        default:
            break
        }
        switch Self.typeName(schema) {
        case "array":
            let items = resolvedItems(schema, parameter: parameter)
            let parts = text.isEmpty ? [] : text.split(separator: separator, omittingEmptySubsequences: false)
            // Exploded matrix elements each carry the name: `;id=3;id=4` is `3` and `id=4` once split.
            let named = parameter.style == "matrix" && parameter.explode ? "\(parameter.name)=" : nil
            return .array(
                parts.map { part in
                    guard let named, part.hasPrefix(named) else { return Self.scalar(String(part), as: items) }
                    return Self.scalar(String(part.dropFirst(named.count)), as: items)
                })
        case "object":
            return objectFromPairs(text, separator: separator, explode: parameter.explode, schema: schema)
        default:
            return Self.scalar(text, as: schema)
        }
    }

    private func resolvedItems(_ schema: JSONValue?, parameter: Parameter) -> JSONValue? {
        guard let items = schema?["items"], let handle = parameter.schema else { return nil }
        return resolved(
            SchemaHandle(value: items, documentURI: handle.documentURI, pointer: handle.pointer.appending("items")))
    }

    private func objectFromPairs(_ text: String, separator: Character, explode: Bool, schema: JSONValue?) -> JSONValue {
        var object = JSONObject()
        let properties = schema?["properties"]?.objectValue
        if explode {
            for pair in text.split(separator: separator) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = String(parts[0])
                object.set(name, Self.scalar(String(parts[1]), as: properties?[name]))
            }
        } else {
            let parts = text.split(separator: separator).map(String.init)
            var index = 0
            while index + 1 < parts.count {
                object.set(parts[index], Self.scalar(parts[index + 1], as: properties?[parts[index]]))
                index += 2
            }
        }
        return .object(object)
    }

    /// Decodes an OpenAPI 3.2 `in: querystring` parameter: the whole query string read through its media
    /// type: JSON text, or (form-urlencoded and anything else) an object of the pairs, a name sent more than
    /// once (or whose property is an array) becoming a list. Nil when the query string is empty.
    func decodeQueryString(_ pairs: [(name: String, value: String)], parameter: Parameter) -> JSONValue? {
        guard !pairs.isEmpty else { return nil }
        if parameter.contentType.map({ MediaType($0)?.isJSON ?? false }) ?? false {
            let text = pairs.map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }.joined(separator: "&")
            return (try? JSONParser.parse(text)) ?? .string(text)
        }
        let properties = self.properties(of: parameter.schema)
        let base = parameter.schema?.documentURI ?? contract.uri
        var object = JSONObject()
        for (name, text) in pairs {
            let property = properties?[name].flatMap {
                resolved(SchemaHandle(value: $0, documentURI: base, pointer: .root))
            }
            let isList = Self.typeName(property) == "array"
            let value = Self.scalar(text, as: isList ? property?["items"] : property)
            switch object[name] {
            case .array(var list)?:
                list.append(value)
                object.set(name, .array(list))
            case let earlier?:
                object.set(name, .array(JSONArray([earlier, value])))
            case nil:
                object.set(name, isList ? .array(JSONArray([value])) : value)
            }
        }
        return .object(object)
    }

    /// Whether every reading of a parameter with this schema (as written) uses pairs named after it (`name`,
    /// `name[]`, `name[key]`): true when it names one type and that is not `object` (an exploded object's
    /// pairs are named after its properties; a schema without `type`, such as a `$ref`, may be one).
    static func isNamedByItsPairs(_ schema: JSONValue?) -> Bool {
        isNamedByItsPairs(declaredType: SchemaHandle.declaredType(of: schema))
    }

    /// ``isNamedByItsPairs(_:)`` of a handle's schema, from the type it keeps.
    static func isNamedByItsPairs(_ schema: SchemaHandle?) -> Bool {
        isNamedByItsPairs(declaredType: schema?.declaredType)
    }

    private static func isNamedByItsPairs(declaredType type: String?) -> Bool {
        guard let type else { return false }
        return type != "object"
    }

    /// Decodes a query parameter from all query pairs (styles form, spaceDelimited, pipeDelimited,
    /// deepObject). Returns nil when the parameter was not sent.
    func decodeQuery(_ pairs: [(name: String, value: String)], parameter: Parameter) -> JSONValue? {
        // No query, no parameter (the schema is not even looked up). Every reading of a parameter that is not
        // an exploded object uses pairs named after it (`name`, `name[]`, `name[key]`): when none is, and its
        // schema says it is no object, it was not sent.
        guard !pairs.isEmpty else { return nil }
        // The usual case first: a schema written in place (no `$ref`, no `allOf`) of one scalar type, read
        // from the first pair named after the parameter, as the general reading below would.
        if parameter.contentType == nil, parameter.schema?.isInlineScalar == true {
            guard let first = pairs.first(where: { $0.name == parameter.name }) else { return nil }
            return Self.scalar(first.value, as: parameter.schema?.value)
        }
        if !pairs.contains(where: { $0.name.hasPrefix(parameter.name) }),
            Self.isNamedByItsPairs(parameter.schema)
        {
            return nil
        }
        let schema = resolved(parameter.schema)
        let own = pairs.filter { $0.name == parameter.name }.map(\.value)
        if parameter.contentType.map({ MediaType($0)?.isJSON ?? false }) ?? false {
            guard let first = own.first else { return nil }
            return (try? JSONParser.parse(first)) ?? .string(first)
        }
        switch Self.typeName(schema) {
        case "array":
            let items = resolvedItems(schema, parameter: parameter)
            var values = own
            if let bracketed = Optional(pairs.filter { $0.name == parameter.name + "[]" }.map(\.value)),
                !bracketed.isEmpty
            {
                values += bracketed
            }
            guard !values.isEmpty else { return nil }
            if !parameter.explode || parameter.style != "form" || values.count == 1 {
                let separator = Self.delimiter(for: parameter.style)
                values = values.flatMap {
                    $0.isEmpty ? [] : $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
                }
            }
            return .array(values.map { Self.scalar($0, as: items) })
        case "object":
            let properties = schema?["properties"]?.objectValue
            if parameter.style == "deepObject" {
                var object = JSONObject()
                let prefix = parameter.name + "["
                for pair in pairs where pair.name.hasPrefix(prefix) && pair.name.hasSuffix("]") {
                    let key = String(pair.name.dropFirst(prefix.count).dropLast())
                    object.set(key, Self.scalar(pair.value, as: properties?[key]))
                }
                return object.isEmpty ? nil : .object(object)
            }
            if parameter.explode {
                var object = JSONObject()
                for pair in pairs where properties?[pair.name] != nil {
                    object.set(pair.name, Self.scalar(pair.value, as: properties?[pair.name]))
                }
                return object.isEmpty ? nil : .object(object)
            }
            guard let first = own.first else { return nil }
            return objectFromPairs(first, separator: ",", explode: false, schema: schema)
        default:
            guard let first = own.first else { return nil }
            return Self.scalar(first, as: schema)
        }
    }
}
