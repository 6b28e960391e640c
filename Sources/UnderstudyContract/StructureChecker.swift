import UnderstudySchema

/// Warns about keys an OpenAPI object does not define (typos such as `respones`, or keys at the wrong level).
/// Extensions (`x-…`) are always allowed. Unknown keys never stop loading.
struct StructureChecker {
    let document: SourceDocument
    let version: SpecVersion

    private static let rootKeys: Set<String> = [
        "openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags",
        "externalDocs",
    ]
    private static let pathItemKeys: Set<String> = [
        "$ref", "summary", "description", "get", "put", "post", "delete", "options", "head", "patch", "trace",
        "servers", "parameters",
    ]
    private static let operationKeys: Set<String> = [
        "tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses",
        "callbacks", "deprecated", "security", "servers",
    ]
    private static let parameterKeys: Set<String> = [
        "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode",
        "allowReserved", "schema", "example", "examples", "content", "$ref",
    ]
    private static let componentsKeys: Set<String> = [
        "schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links",
        "callbacks", "pathItems",
    ]

    /// The keys OpenAPI 3.2 adds to an object of each kind.
    private static let added32: [String: Set<String>] = [
        "root": ["$self"], "pathItem": ["query", "additionalOperations"], "components": ["mediaTypes"],
    ]

    private func allowed(_ keys: Set<String>, _ kind: String) -> Set<String> {
        guard case .openAPI32 = version else { return keys }
        return keys.union(Self.added32[kind] ?? [])
    }

    func check(into diagnostics: inout [Diagnostic]) {
        guard case .object(let root) = document.value else { return }
        checkKeys(root, allowed: allowed(Self.rootKeys, "root"), what: "the document root", into: &diagnostics)
        if case .object(let components) = root["components"] {
            checkKeys(
                components, allowed: allowed(Self.componentsKeys, "components"), what: "components", into: &diagnostics)
        }
        guard case .object(let paths) = root["paths"] else { return }
        for (_, item) in paths {
            guard case .object(let itemObject) = item else { continue }
            checkKeys(
                itemObject, allowed: allowed(Self.pathItemKeys, "pathItem"), what: "a path item", into: &diagnostics)
            var operations = itemObject.keys.filter { ContractModelBuilder.methods(of: version).contains($0) }
                .compactMap {
                    key in itemObject[key]
                }
            if case .openAPI32 = version, case .object(let additional) = itemObject["additionalOperations"] {
                operations += additional.values
            }
            for operation in operations {
                guard case .object(let operationObject) = operation else { continue }
                checkKeys(operationObject, allowed: Self.operationKeys, what: "an operation", into: &diagnostics)
                for case .object(let parameter) in operationObject["parameters"]?.arrayValue ?? JSONArray() {
                    checkKeys(parameter, allowed: Self.parameterKeys, what: "a parameter", into: &diagnostics)
                }
            }
        }
    }

    private func checkKeys(
        _ object: JSONObject, allowed: Set<String>, what: String, into diagnostics: inout [Diagnostic]
    ) {
        for key in object.keys where !key.hasPrefix("x-") && !allowed.contains(key) {
            diagnostics.append(
                .warning(
                    "unknown key '\(key)' in \(what); it is ignored", file: document.displayPath,
                    at: object.keyLocation(of: key),
                    hint: Suggestion.hint(for: key, in: allowed) ?? "extensions must start with 'x-'"))
        }
    }
}
