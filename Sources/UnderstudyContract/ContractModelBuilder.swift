import UnderstudySchema

/// Builds operations, servers and security schemes from a contract's (normalised) documents.
struct ContractModelBuilder {
    let documents: [String: SourceDocument]
    let rootURI: String
    let version: SpecVersion
    var diagnostics: [Diagnostic] = []

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    struct Model {
        var servers: [Server]
        var operations: [ContractOperation]
        var securitySchemes: [String: SecurityScheme]
    }

    init(documents: [String: SourceDocument], rootURI: String, version: SpecVersion) {
        self.documents = documents
        self.rootURI = rootURI
        self.version = version
    }

    private var resolver: ReferenceResolver { ReferenceResolver(documents: documents) }
    private var root: JSONValue { documents[rootURI]!.value }
    private var display: String { documents[rootURI]!.displayPath }

    private func displayPath(_ uri: String) -> String { documents[uri]?.displayPath ?? uri }

    private func location(_ uri: String, _ pointer: JSONPointer) -> SourceLocation {
        documents[uri]?.value.location(at: pointer) ?? .unknown
    }

    /// A located value: its document and pointer.
    private struct Located {
        var value: JSONValue
        var uri: String
        var pointer: JSONPointer
    }

    private func dereference(_ located: Located) -> Located? {
        guard let target = resolver.dereference(located.value, documentURI: located.uri, pointer: located.pointer)
        else {
            return nil
        }
        return Located(value: target.value, uri: target.documentURI, pointer: target.pointer)
    }

    mutating func build() -> Model {
        let securitySchemes = buildSecuritySchemes()
        let servers = buildServers(root["servers"], uri: rootURI, pointer: JSONPointer(tokens: ["servers"]))
        let globalSecurity = root["security"].map { buildSecurity($0) } ?? []
        var operations: [ContractOperation] = []
        var operationIds: [String: SourceLocation] = [:]
        guard case .object(let paths) = root["paths"] else {
            if root["paths"] == nil, case .openAPI30 = version {
                diagnostics.append(
                    .warning(
                        "the document has no 'paths': there is nothing to serve", file: display,
                        at: root.objectValue?.location ?? .unknown))
            }
            return Model(servers: servers, operations: [], securitySchemes: securitySchemes)
        }
        for (path, item) in paths {
            let itemPointer = JSONPointer(tokens: ["paths", path])
            guard let resolvedItem = dereference(Located(value: item, uri: rootURI, pointer: itemPointer)),
                case .object(let itemObject) = resolvedItem.value
            else { continue }
            if !path.hasPrefix("/") {
                diagnostics.append(
                    .warning(
                        "path '\(path)' does not start with '/'", file: display, at: paths.keyLocation(of: path),
                        hint: "write '/\(path)'"))
            }
            let pathParameters = buildParameters(
                itemObject["parameters"], uri: resolvedItem.uri, pointer: resolvedItem.pointer.appending("parameters"))
            let itemServers = itemObject["servers"]
            for (method, pointer, operation) in operationSlots(of: itemObject, at: resolvedItem.pointer) {
                guard case .object(let operationObject) = operation else { continue }
                var parameters = pathParameters
                for parameter in buildParameters(
                    operationObject["parameters"], uri: resolvedItem.uri, pointer: pointer.appending("parameters"))
                {
                    if let index = parameters.firstIndex(where: { $0.identity == parameter.identity }) {
                        parameters[index] = parameter
                    } else {
                        parameters.append(parameter)
                    }
                }
                parameters = checkPathParameters(
                    path: path, parameters: parameters, uri: resolvedItem.uri, pointer: pointer,
                    keyLocation: paths.keyLocation(of: path))
                let operationId = operationObject["operationId"]?.stringValue
                if let operationId {
                    let here = location(resolvedItem.uri, pointer.appending("operationId"))
                    if let first = operationIds[operationId] {
                        diagnostics.append(
                            .warning(
                                "duplicate operationId '\(operationId)' (first at line \(first.line))",
                                file: displayPath(resolvedItem.uri), at: here,
                                hint: "operationIds must be unique; steps and profiles name operations by them"
                            ).found(by: .operationIdUnique, pointer: pointer.appending("operationId")))
                    } else {
                        operationIds[operationId] = here
                    }
                }
                let security = operationObject["security"].map { buildSecurity($0) } ?? globalSecurity
                checkSecurity(security, schemes: securitySchemes, uri: resolvedItem.uri, pointer: pointer)
                _ = itemServers ?? operationObject["servers"]
                let responses = buildResponses(
                    operationObject["responses"], uri: resolvedItem.uri, pointer: pointer.appending("responses"))
                if operationObject["responses"]?.objectValue?.isEmpty ?? true {
                    diagnostics.append(
                        .warning(
                            "\(method) \(path) declares no responses", file: displayPath(resolvedItem.uri),
                            at: location(resolvedItem.uri, pointer), hint: "add at least one response, e.g. '200'"))
                }
                operations.append(
                    ContractOperation(
                        method: method, path: path, operationId: operationId,
                        summary: operationObject["summary"]?.stringValue,
                        tags: operationObject["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                        deprecated: operationObject["deprecated"]?.boolValue ?? false, parameters: parameters,
                        requestBody: buildRequestBody(
                            operationObject["requestBody"], uri: resolvedItem.uri,
                            pointer: pointer.appending("requestBody")),
                        responses: responses, security: security, documentURI: resolvedItem.uri, pointer: pointer))
            }
        }
        return Model(servers: servers, operations: operations, securitySchemes: securitySchemes)
    }

    /// The operations of a path item: the fixed methods (and, from OpenAPI 3.2, `query`) under their
    /// lowercase keys, and 3.2's `additionalOperations`, whose keys are the methods as sent (`COPY`, `LINK`).
    /// Each with the method as requests carry it and the operation's pointer.
    private func operationSlots(of item: JSONObject, at pointer: JSONPointer) -> [(String, JSONPointer, JSONValue)] {
        var slots: [(String, JSONPointer, JSONValue)] = []
        let fixed = Self.methods(of: version)
        for method in fixed {
            if let operation = item[method] {
                slots.append((method.uppercased(), pointer.appending(method), operation))
            }
        }
        if case .openAPI32 = version, case .object(let additional) = item["additionalOperations"] {
            for (method, operation) in additional where !fixed.contains(method.lowercased()) {
                slots.append((method, pointer.appending("additionalOperations").appending(method), operation))
            }
        }
        return slots
    }

    /// The fixed operation keys of a path item in `version` (3.2 adds `query`).
    static func methods(of version: SpecVersion) -> [String] {
        if case .openAPI32 = version { return methods + ["query"] }
        return methods
    }

    // MARK: Parts

    private func buildServers(_ value: JSONValue?, uri: String, pointer: JSONPointer) -> [Server] {
        guard case .array(let array) = value, !array.isEmpty else { return [Server(url: "/")] }
        return array.compactMap { entry -> Server? in
            guard var url = entry["url"]?.stringValue else { return nil }
            if case .object(let variables) = entry["variables"] {
                for (name, variable) in variables {
                    let fallback = variable["default"].flatMap { ContractLoader.scalarText($0) } ?? ""
                    url = url.replacingOccurrences(of: "{\(name)}", with: fallback)
                }
            }
            return Server(url: url, description: entry["description"]?.stringValue)
        }
    }

    private mutating func buildSecuritySchemes() -> [String: SecurityScheme] {
        guard case .object(let schemes) = root["components"]?["securitySchemes"] else { return [:] }
        var result: [String: SecurityScheme] = [:]
        for (name, value) in schemes {
            let pointer = JSONPointer(tokens: ["components", "securitySchemes", name])
            guard let located = dereference(Located(value: value, uri: rootURI, pointer: pointer)),
                case .object(let object) = located.value
            else { continue }
            let type = object["type"]?.stringValue ?? ""
            let kind: SecurityScheme.Kind
            switch type {
            case "apiKey":
                let written = ParameterLocation(rawValue: object["in"]?.stringValue ?? "") ?? .header
                let placement = written == .querystring ? .header : written
                guard let keyName = object["name"]?.stringValue else {
                    diagnostics.append(
                        .error(
                            "apiKey security scheme '\(name)' has no 'name'", file: displayPath(located.uri),
                            at: location(located.uri, located.pointer),
                            hint: "name the header, query parameter or cookie"))
                    continue
                }
                kind = .apiKey(name: keyName, location: placement)
            case "http":
                kind = .http(
                    scheme: (object["scheme"]?.stringValue ?? "basic").lowercased(),
                    bearerFormat: object["bearerFormat"]?.stringValue)
            case "oauth2":
                var scopes: [String] = []
                if case .object(let flows) = object["flows"] {
                    for (_, flow) in flows { scopes += flow["scopes"]?.objectValue?.keys ?? [] }
                }
                kind = .oauth2(scopes: scopes)
            case "openIdConnect":
                kind = .openIdConnect(url: object["openIdConnectUrl"]?.stringValue)
            default:
                kind = .unsupported(type: type)
            }
            result[name] = SecurityScheme(name: name, kind: kind, description: object["description"]?.stringValue)
        }
        return result
    }

    private func buildSecurity(_ value: JSONValue) -> [SecurityRequirement] {
        guard case .array(let alternatives) = value else { return [] }
        return alternatives.compactMap { alternative in
            guard case .object(let object) = alternative else { return nil }
            return SecurityRequirement(
                schemes: object.map { ($0.key, $0.value.arrayValue?.compactMap(\.stringValue) ?? []) })
        }
    }

    private mutating func checkSecurity(
        _ security: [SecurityRequirement], schemes: [String: SecurityScheme], uri: String, pointer: JSONPointer
    ) {
        for requirement in security {
            for scheme in requirement.schemes where schemes[scheme.name] == nil {
                let securityPointer = pointer.appending("security")
                let at =
                    documents[uri]?.value.value(at: securityPointer) != nil
                    ? location(uri, securityPointer) : location(rootURI, JSONPointer(tokens: ["security"]))
                let known = schemes.keys.sorted()
                diagnostics.append(
                    .error(
                        "unknown security scheme '\(scheme.name)'", file: displayPath(uri), at: at,
                        hint: known.isEmpty
                            ? "declare it under components.securitySchemes"
                            : "declared schemes: \(known.joined(separator: ", "))"
                    ).found(by: .securityDefined))
            }
        }
    }

    private mutating func buildParameters(_ value: JSONValue?, uri: String, pointer: JSONPointer) -> [Parameter] {
        guard case .array(let array) = value else { return [] }
        var result: [Parameter] = []
        for (index, entry) in array.enumerated() {
            let entryPointer = pointer.appending(index)
            guard let located = dereference(Located(value: entry, uri: uri, pointer: entryPointer)) else { continue }
            guard case .object(let object) = located.value, let name = object["name"]?.stringValue else {
                diagnostics.append(
                    .error(
                        "parameter has no 'name'", file: displayPath(located.uri),
                        at: location(located.uri, located.pointer)))
                continue
            }
            // OpenAPI: header parameters named Accept, Content-Type or Authorization are ignored.
            if object["in"]?.stringValue == "header",
                ["accept", "content-type", "authorization"].contains(name.lowercased())
            {
                continue
            }
            let isVersion32: Bool
            if case .openAPI32 = version { isVersion32 = true } else { isVersion32 = false }
            guard let kind = ParameterLocation(rawValue: object["in"]?.stringValue ?? ""),
                kind != .querystring || isVersion32
            else {
                let written = object["in"]?.stringValue ?? "none"
                diagnostics.append(
                    .error(
                        written == "querystring"
                            ? "parameter '\(name)' is 'in: querystring', which OpenAPI \(version) does not have"
                            : "parameter '\(name)' has an unknown location '\(written)'",
                        file: displayPath(located.uri), at: location(located.uri, located.pointer.appending("in")),
                        hint: written == "querystring"
                            ? "querystring parameters arrive with OpenAPI 3.2.0"
                            : "'in' must be path, query, header or cookie" + (isVersion32 ? " (or querystring)" : "")))
                continue
            }
            var schema: SchemaHandle? = nil
            var contentType: String? = nil
            if let schemaValue = object["schema"] {
                schema = SchemaHandle(
                    value: schemaValue, documentURI: located.uri, pointer: located.pointer.appending("schema"))
            } else if case .object(let content) = object["content"], let first = content.keys.first {
                contentType = first
                if let schemaValue = content[first]?["schema"] {
                    schema = SchemaHandle(
                        value: schemaValue, documentURI: located.uri,
                        pointer: located.pointer.appending("content").appending(first).appending("schema"))
                }
            }
            var example = object["example"]
            if example == nil, case .object(let examples) = object["examples"], let first = examples.values.first {
                example = dereference(Located(value: first, uri: located.uri, pointer: located.pointer))?.value["value"]
            }
            result.append(
                Parameter(
                    name: name, location: kind,
                    required: kind == .path ? true : (object["required"]?.boolValue ?? false),
                    deprecated: object["deprecated"]?.boolValue ?? false, schema: schema,
                    style: object["style"]?.stringValue, explode: object["explode"]?.boolValue,
                    allowReserved: object["allowReserved"]?.boolValue ?? false, contentType: contentType,
                    example: example, documentURI: located.uri, pointer: located.pointer))
        }
        return result
    }

    /// Reports template variables without a path parameter (and adds a string parameter for them, so the
    /// operation still routes), and path parameters that the template does not mention.
    private mutating func checkPathParameters(
        path: String, parameters: [Parameter], uri: String, pointer: JSONPointer, keyLocation: SourceLocation
    ) -> [Parameter] {
        var parameters = parameters
        let names = PathTemplate.variableNames(in: path)
        for name in names where !parameters.contains(where: { $0.location == .path && $0.name == name }) {
            diagnostics.append(
                .warning(
                    "path parameter '{\(name)}' of \(pointer.tokens.last?.uppercased() ?? "") \(path) has no definition; "
                        + "it is read as a string", file: display, at: keyLocation,
                    hint: "add a parameter with name: \(name) and in: path"
                ).found(by: .pathParameters))
            parameters.append(
                Parameter(
                    name: name, location: .path, required: true, schema: nil, documentURI: uri,
                    pointer: pointer))
        }
        for parameter in parameters where parameter.location == .path && !names.contains(parameter.name) {
            diagnostics.append(
                .warning(
                    "path parameter '\(parameter.name)' is not in the path template \(path)",
                    file: displayPath(parameter.documentURI), at: location(parameter.documentURI, parameter.pointer),
                    hint: "add {\(parameter.name)} to the path, or change 'in'"
                ).found(by: .pathParameters, pointer: parameter.pointer))
        }
        return parameters
    }

    private func buildContent(_ value: JSONValue?, uri: String, pointer: JSONPointer) -> [MediaTypeContent] {
        guard case .object(let content) = value else { return [] }
        return content.map { mediaType, written in
            // OpenAPI 3.2: a media type may be a reference (to components/mediaTypes).
            let located =
                dereference(Located(value: written, uri: uri, pointer: pointer.appending(mediaType)))
                ?? Located(value: written, uri: uri, pointer: pointer.appending(mediaType))
            let entry = located.value
            let uri = located.uri
            let entryPointer = located.pointer
            var examples: [(String, JSONValue)] = []
            if case .object(let named) = entry["examples"] {
                for (name, example) in named {
                    let examplePointer = entryPointer.appending("examples").appending(name)
                    // 3.2 names an example's value `dataValue`; `value` stays.
                    if let resolved = dereference(Located(value: example, uri: uri, pointer: examplePointer)),
                        let exampleValue = resolved.value["dataValue"] ?? resolved.value["value"]
                    {
                        examples.append((name, exampleValue))
                    }
                }
            }
            return MediaTypeContent(
                mediaType: mediaType,
                schema: entry["schema"].map {
                    SchemaHandle(value: $0, documentURI: uri, pointer: entryPointer.appending("schema"))
                },
                example: entry["example"], examples: examples, encoding: entry["encoding"]?.objectValue,
                itemSchema: entry["itemSchema"].map {
                    SchemaHandle(value: $0, documentURI: uri, pointer: entryPointer.appending("itemSchema"))
                })
        }
    }

    private func buildRequestBody(_ value: JSONValue?, uri: String, pointer: JSONPointer) -> RequestBody? {
        guard let value, let located = dereference(Located(value: value, uri: uri, pointer: pointer)) else {
            return nil
        }
        return RequestBody(
            required: located.value["required"]?.boolValue ?? false,
            description: located.value["description"]?.stringValue,
            content: buildContent(
                located.value["content"], uri: located.uri, pointer: located.pointer.appending("content")))
    }

    private mutating func buildResponses(_ value: JSONValue?, uri: String, pointer: JSONPointer) -> [Response] {
        guard case .object(let responses) = value else { return [] }
        var result: [Response] = []
        for (status, response) in responses {
            if status.hasPrefix("x-") { continue }
            let upper = status.uppercased()
            let isValid =
                status == "default" || (Int(status).map { (100...599).contains($0) } ?? false)
                || (upper.count == 3 && upper.hasSuffix("XX")
                    && (upper.first?.wholeNumberValue).map { (1...5).contains($0) } == true)
            if !isValid {
                diagnostics.append(
                    .warning(
                        "response key '\(status)' is not a status code, a range like 4XX, or 'default'",
                        file: displayPath(uri), at: location(uri, pointer.appending(status))
                    ).found(by: .responseCodes, pointer: pointer.appending(status)))
                continue
            }
            guard let located = dereference(Located(value: response, uri: uri, pointer: pointer.appending(status)))
            else { continue }
            var headers: [ResponseHeader] = []
            if case .object(let declared) = located.value["headers"] {
                for (name, header) in declared {
                    let headerPointer = located.pointer.appending("headers").appending(name)
                    guard let resolved = dereference(Located(value: header, uri: located.uri, pointer: headerPointer))
                    else {
                        continue
                    }
                    var schema = resolved.value["schema"].map {
                        SchemaHandle(
                            value: $0, documentURI: resolved.uri, pointer: resolved.pointer.appending("schema"))
                    }
                    if schema == nil, case .object(let content) = resolved.value["content"],
                        let first = content.keys.first,
                        let schemaValue = content[first]?["schema"]
                    {
                        schema = SchemaHandle(
                            value: schemaValue, documentURI: resolved.uri,
                            pointer: resolved.pointer.appending("content").appending(first).appending("schema"))
                    }
                    headers.append(
                        ResponseHeader(
                            name: name, required: resolved.value["required"]?.boolValue ?? false, schema: schema))
                }
            }
            result.append(
                Response(
                    status: status, description: located.value["description"]?.stringValue, headers: headers,
                    content: buildContent(
                        located.value["content"], uri: located.uri, pointer: located.pointer.appending("content")),
                    documentURI: located.uri, pointer: located.pointer))
        }
        return result
    }
}
