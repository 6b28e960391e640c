import UnderstudySchema

/// Converts a Swagger 2.0 document into the OpenAPI 3.0 shape the rest of Understudy reads.
///
/// Covers `host`/`basePath`/`schemes` (servers), `definitions`, global and per-operation `parameters`
/// (`body` and `formData` become request bodies), `consumes`/`produces`, `securityDefinitions`, responses
/// with headers and examples, `collectionFormat`, `x-nullable` and `type: file`. Moved nodes keep their
/// source locations, so diagnostics on the converted document still point at the original lines.
struct SwaggerConverter {
    let file: String
    var diagnostics: [Diagnostic] = []
    private var root = JSONObject()
    private var globalConsumes: [String] = ["application/json"]
    private var globalProduces: [String] = ["application/json"]

    init(file: String) { self.file = file }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch"]

    mutating func convert(_ source: JSONObject) -> JSONObject {
        root = source
        globalConsumes = Self.strings(source["consumes"]) ?? ["application/json"]
        globalProduces = Self.strings(source["produces"]) ?? ["application/json"]
        var output = JSONObject()
        output.location = source.location
        output.set(
            "openapi", .string("3.0.3"), keyLocation: source.keyLocation(of: "swagger"),
            valueLocation: source.valueLocation(of: "swagger"))
        for key in ["info", "tags", "externalDocs", "security"] where source.contains(key) {
            copy(key, from: source, to: &output)
        }
        output.set("servers", servers(source), keyLocation: source.keyLocation(of: "host"))
        if case .object(let paths) = source["paths"] {
            var converted = JSONObject()
            converted.location = paths.location
            for (path, item) in paths {
                guard case .object(let itemObject) = item else {
                    converted.set(path, item, keyLocation: paths.keyLocation(of: path))
                    continue
                }
                converted.set(
                    path, .object(convertPathItem(itemObject)), keyLocation: paths.keyLocation(of: path),
                    valueLocation: paths.valueLocation(of: path))
            }
            output.set(
                "paths", .object(converted), keyLocation: source.keyLocation(of: "paths"),
                valueLocation: source.valueLocation(of: "paths"))
        }
        output.set("components", .object(components(source)), keyLocation: source.keyLocation(of: "definitions"))
        for (key, value) in source where key.hasPrefix("x-") {
            output.set(
                key, value, keyLocation: source.keyLocation(of: key), valueLocation: source.valueLocation(of: key))
        }
        return Self.rewriteReferences(.object(output)).objectValue ?? output
    }

    // MARK: Top level

    private func servers(_ source: JSONObject) -> JSONValue {
        let basePath = source["basePath"]?.stringValue ?? ""
        guard let host = source["host"]?.stringValue else {
            return .array([.object(["url": .string(basePath.isEmpty ? "/" : basePath)])])
        }
        let schemes = Self.strings(source["schemes"]) ?? ["https"]
        return .array(schemes.map { .object(["url": .string("\($0)://\(host)\(basePath)")]) })
    }

    private mutating func components(_ source: JSONObject) -> JSONObject {
        var components = JSONObject()
        if case .object(let definitions) = source["definitions"] {
            components.set(
                "schemas", Self.convertSchema(.object(definitions), isMap: true),
                keyLocation: source.keyLocation(of: "definitions"),
                valueLocation: source.valueLocation(of: "definitions"))
        }
        if case .object(let parameters) = source["parameters"] {
            var plain = JSONObject()
            var bodies = JSONObject()
            for (name, parameter) in parameters {
                guard case .object(let object) = parameter else { continue }
                let location = parameters.valueLocation(of: name)
                switch object["in"]?.stringValue {
                case "body":
                    bodies.set(
                        name, .object(requestBody(body: object, consumes: globalConsumes)),
                        keyLocation: parameters.keyLocation(of: name), valueLocation: location)
                case "formData":
                    continue  // inlined into each operation's form body
                default:
                    plain.set(
                        name, .object(convertParameter(object)), keyLocation: parameters.keyLocation(of: name),
                        valueLocation: location)
                }
            }
            if !plain.isEmpty { components.set("parameters", .object(plain)) }
            if !bodies.isEmpty { components.set("requestBodies", .object(bodies)) }
        }
        if case .object(let responses) = source["responses"] {
            var converted = JSONObject()
            for (name, response) in responses {
                guard case .object(let object) = response else { continue }
                converted.set(
                    name, .object(convertResponse(object, produces: globalProduces)),
                    keyLocation: responses.keyLocation(of: name), valueLocation: responses.valueLocation(of: name))
            }
            components.set("responses", .object(converted))
        }
        if case .object(let definitions) = source["securityDefinitions"] {
            var schemes = JSONObject()
            for (name, definition) in definitions {
                guard case .object(let object) = definition else { continue }
                schemes.set(
                    name, .object(convertSecurityScheme(object, name: name)),
                    keyLocation: definitions.keyLocation(of: name), valueLocation: definitions.valueLocation(of: name))
            }
            components.set(
                "securitySchemes", .object(schemes), keyLocation: source.keyLocation(of: "securityDefinitions"))
        }
        return components
    }

    private mutating func convertSecurityScheme(_ object: JSONObject, name: String) -> JSONObject {
        var scheme = JSONObject()
        scheme.location = object.location
        if let description = object["description"] { scheme.set("description", description) }
        switch object["type"]?.stringValue {
        case "basic":
            scheme.set("type", "http")
            scheme.set("scheme", "basic")
        case "apiKey":
            scheme.set("type", "apiKey")
            if let name = object["name"] { scheme.set("name", name) }
            if let location = object["in"] { scheme.set("in", location) }
        case "oauth2":
            scheme.set("type", "oauth2")
            var flow = JSONObject()
            for key in ["authorizationUrl", "tokenUrl"] where object.contains(key) { flow.set(key, object[key]!) }
            flow.set("scopes", object["scopes"] ?? .object(JSONObject()))
            let flowName: String
            switch object["flow"]?.stringValue {
            case "implicit": flowName = "implicit"
            case "password": flowName = "password"
            case "application": flowName = "clientCredentials"
            default: flowName = "authorizationCode"
            }
            var flows = JSONObject()
            flows.set(flowName, .object(flow))
            scheme.set("flows", .object(flows))
        default:
            diagnostics.append(
                .warning(
                    "security definition '\(name)' has unknown type '\(object["type"]?.stringValue ?? "none")'",
                    file: file, at: object.location, hint: "Swagger 2.0 types are basic, apiKey and oauth2"))
            scheme.set("type", object["type"] ?? .string("unknown"))
        }
        return scheme
    }

    // MARK: Paths and operations

    private mutating func convertPathItem(_ item: JSONObject) -> JSONObject {
        var output = JSONObject()
        output.location = item.location
        let pathParameters = item["parameters"]?.arrayValue ?? JSONArray()
        for (key, value) in item {
            if Self.methods.contains(key), case .object(let operation) = value {
                output.set(
                    key, .object(convertOperation(operation, pathParameters: pathParameters)),
                    keyLocation: item.keyLocation(of: key), valueLocation: item.valueLocation(of: key))
            } else if key == "parameters" {
                let plain = pathParameters.enumerated().compactMap {
                    position, parameter -> (JSONValue, SourceLocation)? in
                    let resolved = resolveParameter(parameter)
                    guard let kind = resolved?["in"]?.stringValue, kind != "body", kind != "formData" else {
                        return nil
                    }
                    return (convertParameterOrReference(parameter), pathParameters.location(at: position))
                }
                var array = JSONArray(location: pathParameters.location)
                for (parameter, location) in plain { array.append(parameter, location: location) }
                output.set("parameters", .array(array), keyLocation: item.keyLocation(of: key))
            } else {
                output.set(
                    key, value, keyLocation: item.keyLocation(of: key), valueLocation: item.valueLocation(of: key))
            }
        }
        return output
    }

    private func resolveParameter(_ parameter: JSONValue) -> JSONObject? {
        if let reference = parameter["$ref"]?.stringValue, reference.hasPrefix("#/parameters/") {
            let name = JSONPointer(fragment: String(reference.dropFirst()))?.tokens.last ?? ""
            return root["parameters"]?[name]?.objectValue
        }
        return parameter.objectValue
    }

    private mutating func convertParameterOrReference(_ parameter: JSONValue) -> JSONValue {
        if let reference = parameter["$ref"]?.stringValue {
            if reference.hasPrefix("#/parameters/") {
                return .object([
                    "$ref": .string("#/components/parameters/" + reference.dropFirst("#/parameters/".count))
                ])
            }
            return parameter
        }
        guard case .object(let object) = parameter else { return parameter }
        return .object(convertParameter(object))
    }

    private mutating func convertOperation(_ operation: JSONObject, pathParameters: JSONArray) -> JSONObject {
        var output = JSONObject()
        output.location = operation.location
        let consumes = Self.strings(operation["consumes"]) ?? globalConsumes
        let produces = Self.strings(operation["produces"]) ?? globalProduces
        // Merge path-level and operation-level parameters: operation ones win by name and location.
        var merged: [(value: JSONValue, resolved: JSONObject?, location: SourceLocation)] = []
        func identity(_ resolved: JSONObject?) -> String {
            "\(resolved?["in"]?.stringValue ?? "?"):\(resolved?["name"]?.stringValue ?? "?")"
        }
        let operationParameters = operation["parameters"]?.arrayValue ?? JSONArray()
        let operationIdentities = Set(operationParameters.map { identity(resolveParameter($0)) })
        for (position, parameter) in pathParameters.enumerated() {
            let resolved = resolveParameter(parameter)
            if !operationIdentities.contains(identity(resolved)) {
                merged.append((parameter, resolved, pathParameters.location(at: position)))
            }
        }
        for (position, parameter) in operationParameters.enumerated() {
            merged.append((parameter, resolveParameter(parameter), operationParameters.location(at: position)))
        }
        var parameters = JSONArray(location: operationParameters.location)
        var formParameters: [JSONObject] = []
        for entry in merged {
            switch entry.resolved?["in"]?.stringValue {
            case "body":
                if let reference = entry.value["$ref"]?.stringValue, reference.hasPrefix("#/parameters/") {
                    let name = String(reference.dropFirst("#/parameters/".count))
                    if Self.strings(operation["consumes"]) == nil {
                        output.set("requestBody", .object(["$ref": .string("#/components/requestBodies/" + name)]))
                    } else if let resolved = entry.resolved {
                        output.set("requestBody", .object(requestBody(body: resolved, consumes: consumes)))
                    }
                } else if let resolved = entry.resolved {
                    output.set(
                        "requestBody", .object(requestBody(body: resolved, consumes: consumes)),
                        keyLocation: entry.location, valueLocation: entry.location)
                }
            case "formData":
                if let resolved = entry.resolved { formParameters.append(resolved) }
            default:
                // ContractOperation-level entries only; path-level ones stay on the path item.
                if operationParameters.contains(where: { $0 == entry.value }) {
                    parameters.append(convertParameterOrReference(entry.value), location: entry.location)
                }
            }
        }
        if !formParameters.isEmpty {
            output.set("requestBody", .object(formBody(formParameters, consumes: consumes)))
        }
        for (key, value) in operation {
            switch key {
            case "parameters":
                output.set(key, .array(parameters), keyLocation: operation.keyLocation(of: key))
            case "consumes", "produces", "schemes":
                continue
            case "responses":
                guard case .object(let responses) = value else { continue }
                var converted = JSONObject()
                converted.location = responses.location
                for (status, response) in responses {
                    if let reference = response["$ref"]?.stringValue, reference.hasPrefix("#/responses/"),
                        Set(produces) != Set(globalProduces),
                        case .object(let shared)? = root["responses"]?[String(reference.dropFirst(12))]
                    {
                        // A shared response under an operation that produces other media types than the
                        // document: the operation's `produces` applies, so it is converted in place.
                        converted.set(
                            status, .object(convertResponse(shared, produces: produces)),
                            keyLocation: responses.keyLocation(of: status),
                            valueLocation: responses.valueLocation(of: status))
                    } else if let reference = response["$ref"]?.stringValue {
                        converted.set(
                            status, .object(["$ref": .string(reference)]),
                            keyLocation: responses.keyLocation(of: status))
                    } else if case .object(let object) = response {
                        converted.set(
                            status, .object(convertResponse(object, produces: produces)),
                            keyLocation: responses.keyLocation(of: status),
                            valueLocation: responses.valueLocation(of: status))
                    }
                }
                output.set(
                    key, .object(converted), keyLocation: operation.keyLocation(of: key),
                    valueLocation: operation.valueLocation(of: key))
            default:
                output.set(
                    key, value, keyLocation: operation.keyLocation(of: key),
                    valueLocation: operation.valueLocation(of: key))
            }
        }
        return output
    }

    private func requestBody(body: JSONObject, consumes: [String]) -> JSONObject {
        var output = JSONObject()
        output.location = body.location
        if let description = body["description"] { output.set("description", description) }
        output.set("required", .bool(body["required"]?.boolValue ?? false))
        var content = JSONObject()
        let schema = body["schema"].map { Self.convertSchema($0) } ?? .object(JSONObject())
        let types = consumes.filter { !$0.contains("x-www-form-urlencoded") && !$0.contains("multipart/form-data") }
        for type in types.isEmpty ? ["application/json"] : types {
            var media = JSONObject()
            media.set("schema", schema, valueLocation: body.valueLocation(of: "schema"))
            if let example = body["x-example"] ?? body["x-examples"]?[type] { media.set("example", example) }
            content.set(type, .object(media))
        }
        output.set("content", .object(content), keyLocation: body.keyLocation(of: "schema"))
        return output
    }

    private func formBody(_ parameters: [JSONObject], consumes: [String]) -> JSONObject {
        var properties = JSONObject()
        var required: [JSONValue] = []
        var hasFile = false
        for parameter in parameters {
            guard let name = parameter["name"]?.stringValue else { continue }
            if parameter["type"]?.stringValue == "file" { hasFile = true }
            var schema = Self.parameterSchema(parameter)
            if let description = parameter["description"], case .object(var object) = schema {
                object.set("description", description)
                schema = .object(object)
            }
            properties.set(name, schema, keyLocation: parameter.location, valueLocation: parameter.location)
            if parameter["required"]?.boolValue == true { required.append(.string(name)) }
        }
        var schema = JSONObject()
        schema.set("type", "object")
        schema.set("properties", .object(properties))
        if !required.isEmpty { schema.set("required", .array(required)) }
        let multipart = hasFile || consumes.contains { $0.hasPrefix("multipart/form-data") }
        let type = multipart ? "multipart/form-data" : "application/x-www-form-urlencoded"
        var media = JSONObject()
        media.set("schema", .object(schema))
        var content = JSONObject()
        content.set(type, .object(media))
        var output = JSONObject()
        output.location = parameters.first?.location ?? .unknown
        output.set("required", .bool(!required.isEmpty))
        output.set("content", .object(content))
        return output
    }

    static let schemaKeysOfParameters = [
        "type", "format", "items", "collectionFormat", "default", "maximum", "exclusiveMaximum", "minimum",
        "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum",
        "multipleOf", "x-nullable",
    ]

    static func parameterSchema(_ parameter: JSONObject) -> JSONValue {
        var schema = JSONObject()
        schema.location = parameter.location
        for key in schemaKeysOfParameters where key != "collectionFormat" {
            guard let value = parameter[key] else { continue }
            if key == "items", case .object(let items) = value {
                schema.set(key, parameterSchema(items), valueLocation: parameter.valueLocation(of: key))
            } else {
                schema.set(
                    key, value, keyLocation: parameter.keyLocation(of: key),
                    valueLocation: parameter.valueLocation(of: key))
            }
        }
        return convertSchema(.object(schema))
    }

    private mutating func convertParameter(_ parameter: JSONObject) -> JSONObject {
        var output = JSONObject()
        output.location = parameter.location
        for key in ["name", "in", "description", "required", "deprecated", "allowEmptyValue"]
        where parameter.contains(key) {
            copy(key, from: parameter, to: &output)
        }
        output.set("schema", Self.parameterSchema(parameter), keyLocation: parameter.keyLocation(of: "type"))
        if let example = parameter["x-example"] { output.set("example", example) }
        let location = parameter["in"]?.stringValue ?? "query"
        if parameter["type"]?.stringValue == "array" {
            switch parameter["collectionFormat"]?.stringValue ?? "csv" {
            case "multi":
                output.set("style", "form")
                output.set("explode", true)
            case "ssv":
                output.set("style", "spaceDelimited")
                output.set("explode", false)
            case "pipes":
                output.set("style", "pipeDelimited")
                output.set("explode", false)
            case "tsv":
                diagnostics.append(
                    .warning(
                        "collectionFormat 'tsv' has no OpenAPI 3 equivalent; read as comma-separated", file: file,
                        at: parameter.valueLocation(of: "collectionFormat")))
                output.set("style", location == "query" || location == "cookie" ? "form" : "simple")
                output.set("explode", false)
            default:
                output.set("style", location == "query" || location == "cookie" ? "form" : "simple")
                output.set("explode", false)
            }
        }
        for (key, value) in parameter where key.hasPrefix("x-") && key != "x-example" {
            output.set(key, value)
        }
        return output
    }

    private func convertResponse(_ response: JSONObject, produces: [String]) -> JSONObject {
        var output = JSONObject()
        output.location = response.location
        output.set("description", response["description"] ?? .string(""))
        if case .object(let headers) = response["headers"] {
            var converted = JSONObject()
            for (name, header) in headers {
                guard case .object(let object) = header else { continue }
                var headerObject = JSONObject()
                if let description = object["description"] { headerObject.set("description", description) }
                headerObject.set("schema", Self.parameterSchema(object))
                converted.set(name, .object(headerObject), keyLocation: headers.keyLocation(of: name))
            }
            output.set("headers", .object(converted))
        }
        let examples = response["examples"]?.objectValue
        if let schema = response["schema"] {
            var content = JSONObject()
            let converted = Self.convertSchema(schema)
            let types = produces.isEmpty ? ["application/json"] : produces
            for type in types {
                var media = JSONObject()
                media.set(
                    "schema", converted, keyLocation: response.keyLocation(of: "schema"),
                    valueLocation: response.valueLocation(of: "schema"))
                if let example = examples?[type] { media.set("example", example) }
                content.set(type, .object(media))
            }
            output.set("content", .object(content), keyLocation: response.keyLocation(of: "schema"))
        } else if let examples, !examples.isEmpty {
            var content = JSONObject()
            for (type, example) in examples {
                content.set(type, .object(["example": example]))
            }
            output.set("content", .object(content))
        } else if !produces.isEmpty {
            // No schema, but the operation says what it produces: the media type is still documented (and
            // checkers expect it on the wire), with no body shape.
            var content = JSONObject()
            for type in produces { content.set(type, .object(JSONObject())) }
            output.set("content", .object(content))
        }
        for (key, value) in response where key.hasPrefix("x-") { output.set(key, value) }
        return output
    }

    // MARK: Schemas and references

    /// Rewrites 2.0-only schema constructs: `x-nullable` → `nullable`, `type: file` → binary string,
    /// a string `discriminator` → `{propertyName}`.
    static func convertSchema(_ value: JSONValue, isMap: Bool = false) -> JSONValue {
        switch value {
        case .object(var object):
            if isMap {
                for (position, key) in object.keys.enumerated() {
                    object.set(key, convertSchema(object.values[position]))
                }
                return .object(object)
            }
            if object["type"]?.stringValue == "file" {
                object.set("type", "string")
                object.set("format", "binary")
            }
            if let nullable = object.remove("x-nullable") {
                object.set("nullable", nullable)
            }
            if let discriminator = object["discriminator"]?.stringValue {
                object.set("discriminator", .object(["propertyName": .string(discriminator)]))
            }
            for key in ["properties", "patternProperties", "definitions"] {
                if let members = object[key], case .object = members {
                    object.set(key, convertSchema(members, isMap: true))
                }
            }
            for key in ["items", "additionalProperties", "not"] {
                if let member = object[key], case .object = member { object.set(key, convertSchema(member)) }
            }
            for key in ["allOf", "anyOf", "oneOf"] {
                if case .array(var members) = object[key] {
                    for index in members.indices { members[index] = convertSchema(members[index]) }
                    object.set(key, .array(members))
                }
            }
            return .object(object)
        case .array(var array):
            for index in array.indices { array[index] = convertSchema(array[index]) }
            return .array(array)
        default:
            return value
        }
    }

    /// Points 2.0 local references at their 3.0 homes.
    static func rewriteReferences(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var object):
            for (position, key) in object.keys.enumerated() {
                let member = object.values[position]
                if key == "$ref", case .string(let reference) = member {
                    object.set(key, .string(rewrite(reference)))
                } else if case .object = member {
                    object.set(key, rewriteReferences(member))
                } else if case .array = member {
                    object.set(key, rewriteReferences(member))
                }
            }
            return .object(object)
        case .array(var array):
            for index in array.indices { array[index] = rewriteReferences(array[index]) }
            return .array(array)
        default:
            return value
        }
    }

    static func rewrite(_ reference: String) -> String {
        if reference.hasPrefix("#/definitions/") {
            return "#/components/schemas/" + reference.dropFirst("#/definitions/".count)
        }
        if reference.hasPrefix("#/responses/") {
            return "#/components/responses/" + reference.dropFirst("#/responses/".count)
        }
        return reference
    }

    private func copy(_ key: String, from source: JSONObject, to output: inout JSONObject) {
        guard let value = source[key] else { return }
        output.set(key, value, keyLocation: source.keyLocation(of: key), valueLocation: source.valueLocation(of: key))
    }

    static func strings(_ value: JSONValue?) -> [String]? {
        guard case .array(let array) = value else { return nil }
        return array.compactMap(\.stringValue)
    }
}
