import UnderstudySchema

/// The semantic lint rules beyond the official schema, over a contract's root document in the OpenAPI 3
/// shape (a Swagger 2.0 document after conversion): defaults and examples against their schemas, unique
/// enums and parameters, declared `required` properties and OAuth2 scopes, discriminator mappings, server
/// variable defaults. Each finding names its ``LintRule``.
///
/// Rules the loader applies while building the model (unique operationIds, path parameters, response codes,
/// known security schemes) come from the loader's own diagnostics, tagged with their rule.
public struct DocumentLinter {
    let documents: [String: SourceDocument]
    let rootURI: String
    let version: SpecVersion
    let validator: JSONSchemaValidator
    private(set) var diagnostics: [Diagnostic] = []
    private var visitedSchemas = Set<JSONPointer>()

    /// A linter over the documents a load read (`outcome.documents`); `registry` holds their schemas when
    /// the load built one (a contract's `schemas`), else it is built here.
    public init(documents: [String: SourceDocument], rootURI: String, version: SpecVersion, registry: SchemaRegistry?) {
        self.documents = documents
        self.rootURI = rootURI
        self.version = version
        var schemas = registry ?? SchemaRegistry()
        if registry == nil {
            let dialect: SchemaDialect = version.hasFullJSONSchema ? .openAPI31 : .openAPI30
            for document in documents.values { schemas.register(document.value, uri: document.uri, dialect: dialect) }
        }
        validator = JSONSchemaValidator(
            registry: schemas, options: ValidationOptions(formatAssertion: true, direction: .neutral, maxErrors: 5))
    }

    /// Runs every rule; returns the findings in document order.
    public mutating func run() -> [Diagnostic] {
        guard let root = documents[rootURI]?.value.objectValue else { return [] }
        let base = JSONPointer.root
        tags(root["tags"], at: base.appending("tags"))
        servers(root["servers"], at: base.appending("servers"))
        security(root["security"], at: base.appending("security"))
        if case .object(let paths) = root["paths"] {
            for (path, item) in paths { pathItem(item, at: base.appending("paths").appending(path)) }
        }
        if case .object(let hooks) = root["webhooks"] {
            for (name, item) in hooks { pathItem(item, at: base.appending("webhooks").appending(name)) }
        }
        if case .object(let components) = root["components"] {
            let at = base.appending("components")
            for (name, schema) in components["schemas"]?.objectValue ?? JSONObject() {
                self.schema(schema, at: at.appending("schemas").appending(name))
            }
            for (name, parameter) in components["parameters"]?.objectValue ?? JSONObject() {
                self.parameter(parameter, at: at.appending("parameters").appending(name))
            }
            for (name, header) in components["headers"]?.objectValue ?? JSONObject() {
                self.parameter(header, at: at.appending("headers").appending(name))
            }
            for (name, body) in components["requestBodies"]?.objectValue ?? JSONObject() {
                content(body["content"], at: at.appending("requestBodies").appending(name).appending("content"))
            }
            for (name, response) in components["responses"]?.objectValue ?? JSONObject() {
                self.response(response, at: at.appending("responses").appending(name))
            }
            for (name, item) in components["pathItems"]?.objectValue ?? JSONObject() {
                pathItem(item, at: at.appending("pathItems").appending(name))
            }
            if case .object(let media) = components["mediaTypes"] {
                content(.object(media), at: at.appending("mediaTypes"))
            }
        }
        return ContractLoader.sorted(diagnostics)
    }

    // MARK: structure

    private mutating func pathItem(_ item: JSONValue, at pointer: JSONPointer) {
        guard case .object(let object) = item, object["$ref"] == nil else { return }
        servers(object["servers"], at: pointer.appending("servers"))
        parameters(object["parameters"], at: pointer.appending("parameters"))
        var operations: [(JSONPointer, JSONValue)] = []
        for method in ContractModelBuilder.methods(of: version) {
            if let operation = object[method] { operations.append((pointer.appending(method), operation)) }
        }
        for (method, operation) in object["additionalOperations"]?.objectValue ?? JSONObject() {
            operations.append((pointer.appending("additionalOperations").appending(method), operation))
        }
        for (at, operation) in operations {
            guard case .object(let operationObject) = operation else { continue }
            servers(operationObject["servers"], at: at.appending("servers"))
            parameters(operationObject["parameters"], at: at.appending("parameters"))
            security(operationObject["security"], at: at.appending("security"))
            if let body = operationObject["requestBody"], body["$ref"] == nil {
                content(body["content"], at: at.appending("requestBody").appending("content"))
            }
            for (status, response) in operationObject["responses"]?.objectValue ?? JSONObject() {
                self.response(response, at: at.appending("responses").appending(status))
            }
        }
    }

    private mutating func parameters(_ value: JSONValue?, at pointer: JSONPointer) {
        guard case .array(let list) = value else { return }
        var seen: [String: Int] = [:]
        for (index, parameter) in list.enumerated() {
            let at = pointer.appending(index)
            if parameter["$ref"] == nil { self.parameter(parameter, at: at) }
            guard let resolved = dereference(parameter, at: at), let name = resolved.value["name"]?.stringValue,
                let location = resolved.value["in"]?.stringValue
            else { continue }
            let key = location + " " + (location == "header" ? name.lowercased() : name)
            if let first = seen[key] {
                report(
                    .parameterUnique, "parameter '\(name)' in \(location) is declared twice (first as item \(first))",
                    at: at, hint: "remove one of them")
            } else {
                seen[key] = index
            }
        }
    }

    /// A parameter or header: its schema, and its example(s) against it.
    private mutating func parameter(_ value: JSONValue, at pointer: JSONPointer) {
        guard case .object(let object) = value, object["$ref"] == nil else { return }
        if let schema = object["schema"] {
            self.schema(schema, at: pointer.appending("schema"))
            examples(in: object, against: pointer.appending("schema"), at: pointer)
        }
        content(object["content"], at: pointer.appending("content"))
    }

    private mutating func response(_ value: JSONValue, at pointer: JSONPointer) {
        guard case .object(let object) = value, object["$ref"] == nil else { return }
        content(object["content"], at: pointer.appending("content"))
        for (name, header) in object["headers"]?.objectValue ?? JSONObject() {
            parameter(header, at: pointer.appending("headers").appending(name))
        }
    }

    private mutating func content(_ value: JSONValue?, at pointer: JSONPointer) {
        guard case .object(let media) = value else { return }
        for (type, written) in media {
            // OpenAPI 3.2: a media type may be a reference to components/mediaTypes (checked there).
            guard case .object(let object) = written, object["$ref"] == nil else { continue }
            let at = pointer.appending(type)
            if let schema = object["schema"] {
                self.schema(schema, at: at.appending("schema"))
                examples(in: object, against: at.appending("schema"), at: at)
            }
        }
    }

    // MARK: rules

    /// `example` and each of `examples` (Example Objects, possibly references) against the schema at
    /// `schemaPointer`.
    private mutating func examples(in object: JSONObject, against schemaPointer: JSONPointer, at pointer: JSONPointer) {
        if let example = object["example"] {
            check(
                example, against: schemaPointer, rule: .exampleValid, what: "example", at: pointer.appending("example"))
        }
        guard case .object(let named) = object["examples"] else { return }
        for (name, entry) in named {
            let at = pointer.appending("examples").appending(name)
            guard let resolved = dereference(entry, at: at) else { continue }
            let key = resolved.value["dataValue"] != nil ? "dataValue" : "value"
            guard let value = resolved.value[key] else { continue }
            let valuePointer = resolved.documentURI == rootURI ? resolved.pointer.appending(key) : at.appending(key)
            check(value, against: schemaPointer, rule: .exampleValid, what: "example '\(name)'", at: valuePointer)
        }
    }

    /// Reports `value` (at `pointer`) when it does not fit the schema at `schemaPointer` of the root document.
    private mutating func check(
        _ value: JSONValue, against schemaPointer: JSONPointer, rule: LintRule, what: String, at pointer: JSONPointer
    ) {
        // A pattern the regex engine cannot read is the schema's problem, reported once by the schema check.
        let errors = validator.validate(value, against: rootURI + schemaPointer.uriFragment).filter {
            !$0.message.hasPrefix("invalid regular expression")
        }
        guard let error = errors.first else { return }
        let place = error.instanceLocation.tokens.isEmpty ? "" : " at \(error.instancePath)"
        report(
            rule, "\(what) \(Self.show(value)) does not fit its schema\(place): \(error.message)", at: pointer,
            hint: rule == .defaultValid ? "change the default, or the schema" : "change the example, or the schema")
    }

    /// Walks a Schema Object and the schemas inside it.
    private mutating func schema(_ value: JSONValue, at pointer: JSONPointer, depth: Int = 0) {
        guard depth < 64, case .object(let object) = value else { return }
        guard visitedSchemas.insert(pointer).inserted else { return }
        if case .array(let values) = object["enum"] {
            var seen: [JSONValue: Int] = [:]
            for (index, member) in values.enumerated() {
                if let first = seen[member] {
                    report(
                        .enumUnique, "enum lists \(Self.show(member)) twice (items \(first) and \(index))",
                        at: pointer.appending("enum").appending(index), hint: "remove the repeated value")
                } else {
                    seen[member] = index
                }
            }
        }
        if let value = object["default"] {
            check(value, against: pointer, rule: .defaultValid, what: "default", at: pointer.appending("default"))
        }
        if let example = object["example"] {
            check(example, against: pointer, rule: .exampleValid, what: "example", at: pointer.appending("example"))
        }
        if case .array(let list) = object["examples"] {
            for (index, example) in list.enumerated() {
                check(
                    example, against: pointer, rule: .exampleValid, what: "example \(index)",
                    at: pointer.appending("examples").appending(index))
            }
        }
        requiredDeclared(object, at: pointer)
        discriminator(object["discriminator"], at: pointer.appending("discriminator"))
        for key in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] {
            for (name, member) in object[key]?.objectValue ?? JSONObject() {
                schema(member, at: pointer.appending(key).appending(name), depth: depth + 1)
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            for (index, member) in (object[key]?.arrayValue ?? JSONArray()).enumerated() {
                schema(member, at: pointer.appending(key).appending(index), depth: depth + 1)
            }
        }
        for key in [
            "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
            "unevaluatedItems", "unevaluatedProperties", "additionalItems",
        ] {
            if let member = object[key] { schema(member, at: pointer.appending(key), depth: depth + 1) }
        }
    }

    /// `required` naming a property the schema does not declare, where the schema declares its properties
    /// alone (no composition, no additional or pattern properties that could supply it).
    private mutating func requiredDeclared(_ object: JSONObject, at pointer: JSONPointer) {
        guard case .array(let required) = object["required"], case .object(let properties) = object["properties"]
        else { return }
        let open = ["allOf", "anyOf", "oneOf", "$ref", "patternProperties", "additionalProperties", "if"]
        guard !open.contains(where: { object[$0] != nil }) else { return }
        if let parentKey = pointer.parent?.tokens.last, ["allOf", "anyOf", "oneOf"].contains(parentKey) { return }
        for (index, name) in required.enumerated() {
            guard let name = name.stringValue, properties[name] == nil else { continue }
            report(
                .requiredDeclared, "'required' names '\(name)', which is not among the schema's properties",
                at: pointer.appending("required").appending(index),
                hint: Suggestion.hint(for: name, in: Array(properties.keys)) ?? "declare it under 'properties'")
        }
    }

    private mutating func discriminator(_ value: JSONValue?, at pointer: JSONPointer) {
        guard case .object(let mapping) = value?["mapping"] else { return }
        let schemaNames = documents[rootURI]?.value["components"]?["schemas"]?.objectValue.map { Array($0.keys) } ?? []
        for (key, target) in mapping {
            guard let reference = target.stringValue else { continue }
            let resolves: Bool
            if reference.contains("/") || reference.contains("#") {
                resolves = ReferenceResolver(documents: documents).resolve(reference, from: rootURI) != nil
            } else {
                resolves = schemaNames.contains(reference)
            }
            if !resolves {
                report(
                    .discriminatorMapping,
                    "discriminator mapping '\(key)' names '\(reference)', which does not resolve",
                    at: pointer.appending("mapping").appending(key),
                    hint: Suggestion.hint(
                        for: reference, in: schemaNames.map { "#/components/schemas/\($0)" } + schemaNames)
                        ?? "name a schema under components.schemas")
            }
        }
    }

    /// Tag names are unique; a 3.2 tag's `parent` names another tag, and parents do not go round in a circle.
    private mutating func tags(_ value: JSONValue?, at pointer: JSONPointer) {
        guard case .array(let tags) = value else { return }
        var positions: [String: Int] = [:]
        for (index, tag) in tags.enumerated() {
            guard let name = tag["name"]?.stringValue else { continue }
            if let first = positions[name] {
                report(
                    .tagsUnique, "tag '\(name)' is declared twice (first as item \(first))",
                    at: pointer.appending(index).appending("name"), hint: "merge the two declarations")
            } else {
                positions[name] = index
            }
        }
        let parents = Dictionary(
            tags.compactMap { tag in tag["name"]?.stringValue.map { ($0, tag["parent"]?.stringValue) } },
            uniquingKeysWith: { first, _ in first })
        for (index, tag) in tags.enumerated() {
            guard let name = tag["name"]?.stringValue, let parent = tag["parent"]?.stringValue else { continue }
            let at = pointer.appending(index).appending("parent")
            guard parents[parent] != nil else {
                report(
                    .tagParent, "tag '\(name)' names the parent '\(parent)', which is not a declared tag", at: at,
                    hint: Suggestion.hint(for: parent, in: Array(parents.keys)) ?? "declare it under 'tags'")
                continue
            }
            var chain = [name]
            var current: String? = parent
            while let next = current, chain.count <= parents.count {
                if next == name {
                    report(
                        .tagParent, "tag parents go round in a circle: " + (chain + [name]).joined(separator: " -> "),
                        at: at, hint: "one of these tags must have no parent")
                    break
                }
                chain.append(next)
                current = parents[next] ?? nil
            }
        }
    }

    private mutating func servers(_ value: JSONValue?, at pointer: JSONPointer) {
        guard case .array(let servers) = value else { return }
        for (index, server) in servers.enumerated() {
            for (name, variable) in server["variables"]?.objectValue ?? JSONObject() {
                guard case .array(let allowed) = variable["enum"], let fallback = variable["default"] else { continue }
                if !allowed.contains(fallback) {
                    report(
                        .serverVariableDefault,
                        "server variable '\(name)' has default \(Self.show(fallback)), which is not in its enum",
                        at: pointer.appending(index).appending("variables").appending(name).appending("default"),
                        hint: "allowed: " + allowed.map(Self.show).joined(separator: ", "))
                }
            }
        }
    }

    /// OAuth2 scopes a requirement names must be declared by the scheme's flows.
    private mutating func security(_ value: JSONValue?, at pointer: JSONPointer) {
        guard case .array(let requirements) = value else { return }
        let schemes = documents[rootURI]?.value["components"]?["securitySchemes"]?.objectValue ?? JSONObject()
        for (index, requirement) in requirements.enumerated() {
            for (name, scopes) in requirement.objectValue ?? JSONObject() {
                guard let declared = schemes[name].flatMap({ dereference($0, at: pointer) })?.value,
                    declared["type"]?.stringValue == "oauth2"
                else { continue }
                var known = Set<String>()
                for (_, flow) in declared["flows"]?.objectValue ?? JSONObject() {
                    known.formUnion(flow["scopes"]?.objectValue.map { Array($0.keys) } ?? [])
                }
                for (position, scope) in (scopes.arrayValue ?? JSONArray()).enumerated() {
                    guard let scope = scope.stringValue, !known.contains(scope) else { continue }
                    report(
                        .securityDefined, "scope '\(scope)' is not declared by the OAuth2 scheme '\(name)'",
                        at: pointer.appending(index).appending(name).appending(position),
                        hint: Suggestion.hint(for: scope, in: known) ?? "declare it in the scheme's flows")
                }
            }
        }
    }

    // MARK: helpers

    private func dereference(
        _ value: JSONValue, at pointer: JSONPointer
    ) -> (
        value: JSONValue, documentURI: String, pointer: JSONPointer
    )? {
        ReferenceResolver(documents: documents).dereference(value, documentURI: rootURI, pointer: pointer)
    }

    private mutating func report(_ rule: LintRule, _ message: String, at pointer: JSONPointer, hint: String?) {
        let document = documents[rootURI]
        let location = document?.value.location(at: pointer) ?? .unknown
        diagnostics.append(
            Diagnostic(rule.defaultSeverity, message, file: document?.displayPath ?? rootURI, at: location, hint: hint)
                .found(by: rule, pointer: pointer))
    }

    static func show(_ value: JSONValue) -> String {
        let text = value.stringValue.map { "'\($0)'" } ?? JSONSerializer.serialize(value)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
