import Foundation
import UnderstudyContract
import UnderstudySchema

extension ResponseRenderer {
    static let reasonPhrases: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
        406: "Not Acceptable", 409: "Conflict", 410: "Gone", 413: "Payload Too Large", 415: "Unsupported Media Type",
        422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
        402: "Payment Required", 408: "Request Timeout", 411: "Length Required", 412: "Precondition Failed",
        423: "Locked", 428: "Precondition Required", 431: "Request Header Fields Too Large", 502: "Bad Gateway",
        503: "Service Unavailable", 504: "Gateway Timeout",
    ]

    /// An RFC 9457 `application/problem+json` body.
    func problem(
        _ status: Int, _ detail: String, operation: ContractOperation?, issues: [RequestIssue] = []
    ) -> MockResponse {
        Self.problemDetails(status, detail, operation: operation, issues: issues)
    }

    /// An RFC 9457 `application/problem+json` body, for the engine and for what the service answers itself.
    static func problemDetails(
        _ status: Int, _ detail: String, operation: ContractOperation? = nil, issues: [RequestIssue] = []
    ) -> MockResponse {
        let initial: JSONValue = [
            "type": "about:blank", "title": .string(Self.reasonPhrases[status] ?? "Error"), "status": .int(status),
            "detail": .string(detail),
        ]
        var body = initial.objectValue ?? JSONObject()
        if let operation { body.set("operation", .string(operation.displayName)) }
        if !issues.isEmpty {
            body.set(
                "errors",
                .array(issues.map { .object(["location": .string($0.location), "message": .string($0.message)]) }))
        }
        return .json(status, .object(body), contentType: "application/problem+json")
    }

    /// An error in the API's own shape when the operation declares a response for `status` (exact, range or
    /// default) with a JSON body; otherwise problem+json. Validation messages go into a message-like field,
    /// and into an errors-like list when the schema has one.
    func errorResponse(
        _ status: Int, _ detail: String, operation: ContractOperation, issues: [RequestIssue],
        principal: Principal? = nil, code: String? = nil
    ) -> MockResponse {
        let message = issues.isEmpty ? detail : issues.map(\.description).joined(separator: "; ")
        if let body = profileErrorBody(
            status, message: message, issues: issues, operation: operation, principal: principal, code: code)
        {
            // The profile says how this API's errors look.
            let declared = operation.response(for: status)
            let type =
                declared?.content.first { $0.parsedType?.isJSON ?? false }?.parsedType?.essence ?? "application/json"
            var response = MockResponse.json(status, body, contentType: type)
            if let declared { addDeclaredHeaders(declared, to: &response, operation: operation) }
            return response
        }
        guard let declared = operation.response(for: status) else {
            // An error the contract does not declare (a 400 for a request it cannot allow): problem details,
            // in the JSON media type the operation answers with when it never names problem+json.
            var response = problem(status, detail, operation: operation, issues: issues)
            if let type = Self.undeclaredErrorMediaType(operation) { response.setHeader("Content-Type", type) }
            return response
        }
        guard let content = declared.content.first(where: { $0.parsedType?.isJSON ?? false }) else {
            guard let other = declared.content.first, let type = other.parsedType, type.type != "*" else {
                // Declared without a body (only a description and headers): problem details, with the
                // headers the declaration requires.
                var response = problem(status, detail, operation: operation, issues: issues)
                if let type = Self.undeclaredErrorMediaType(operation) { response.setHeader("Content-Type", type) }
                addDeclaredHeaders(declared, to: &response, operation: operation)
                return response
            }
            // Declared only as another media type (XML, a file): a body of that type, not problem+json.
            var response = MockResponse(
                status: status, headers: [("Content-Type", type.essence)],
                body: Self.syntheticBody(type.essence, example: other.example, data: .string(detail)))
            addDeclaredHeaders(declared, to: &response, operation: operation)
            return response
        }
        var body = content.example ?? content.examples.first?.value
        if body == nil, let schema = content.schema {
            body = cache.value(ResponseCache.key(.error, operation.displayName, declared.status, String(status))) {
                generator.generate(schemaAt: schema.uri, salt: "error \(operation.displayName) \(status)")
            }
        }
        guard var value = body else {
            // Declared as JSON with no schema or example: the problem details, under the declared media type.
            var response = problem(status, detail, operation: operation, issues: issues)
            response.setHeader("Content-Type", content.parsedType?.essence ?? "application/json")
            addDeclaredHeaders(declared, to: &response, operation: operation)
            return response
        }
        if let schema = content.schema {
            let filled = fillMessages(
                value, schema: SchemaNode(schema), message: message, status: status, issues: issues, code: code)
            if contract.validate(filled, against: schema, direction: .response).isEmpty {
                value = filled
            } else if let problem = contract.validate(value, against: schema, direction: .response).first {
                // A bug in the mock (or a contract no value can satisfy): said loudly, never hidden.
                logger.warning(
                    "self-check: the \(status) answer of \(operation.displayName) does not conform to its schema: \(problem)"
                )
            }
        }
        var response = MockResponse.json(
            status, value, contentType: content.parsedType?.essence ?? "application/json")
        addDeclaredHeaders(declared, to: &response, operation: operation)
        return response
    }

    /// The media type of problem details for an error `operation` does not declare: nil (problem+json) when
    /// the operation names problem+json somewhere or has no JSON answer, else its first JSON media type.
    static func undeclaredErrorMediaType(_ operation: ContractOperation) -> String? {
        let types = operation.responses.flatMap { $0.content.compactMap(\.parsedType) }
        if types.contains(where: { $0.essence == "application/problem+json" }) { return nil }
        return types.first { $0.isJSON && !$0.essence.contains("*") }?.essence
    }

    private static let messageNames = [
        "message", "detail", "error_description", "errorMessage", "error_message", "msg", "description", "title",
        "error",
    ]
    private static let listNames = [
        "errors", "details", "issues", "violations", "fieldErrors", "invalid_params", "detail",
    ]
    private static let statusNames = ["status", "statusCode", "status_code", "code", "httpStatus"]
    private static let codeNames = ["code", "error_code", "errorCode", "error", "type", "reason", "errorType"]
    /// Members that wrap the error itself (`{"error": {"status": 400, "message": …}}`).
    private static let wrapperNames = ["error", "fault", "problem"]

    /// `code`: what kind of error it is (a profile guard's `code`), for a code-like member that takes any
    /// text and for the kind of an error list's entry; by default the status's reason in snake case.
    func fillMessages(
        _ value: JSONValue, schema: SchemaNode, message: String, status: Int, issues: [RequestIssue],
        code: String? = nil
    ) -> JSONValue {
        // An error body that is just a string (Swagger APIs often declare `schema: {type: string}`): the message.
        if case .string = value { return .string(message) }
        guard case .object(var object) = value else { return value }
        let properties = schema.properties(in: contract.schemas)
        let byName = Dictionary(properties.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
        let messageName = Self.messageNames.first { byName[$0]?.typeName(in: contract.schemas) == "string" }
        if let messageName { object.set(messageName, .string(message)) }
        // A problem's title is the status's reason phrase when the message went into its detail.
        if messageName == "detail", byName["title"]?.typeName(in: contract.schemas) == "string",
            let phrase = Self.reasonPhrases[status]
        {
            object.set("title", .string(phrase))
        }
        if let name = Self.statusNames.first(where: { byName[$0]?.typeName(in: contract.schemas) == "integer" }),
            byName[name]?.resolved(in: contract.schemas).value["enum"] == nil
        {
            object.set(name, .int(status))
        }
        // A code-like string says what kind of error it is, in words that fit the status.
        if let name = Self.codeNames.first(where: {
            $0 != messageName && byName[$0]?.typeName(in: contract.schemas) == "string"
        }),
            let chosen = errorCode(status, schema: byName[name]!, preferring: code)
        {
            object.set(name, .string(chosen))
        }
        for name in Self.wrapperNames {
            guard let inner = object[name], case .object = inner, let node = byName[name],
                node.typeName(in: contract.schemas) == "object"
            else { continue }
            object.set(
                name,
                fillMessages(inner, schema: node, message: message, status: status, issues: issues, code: code))
        }
        if let name = Self.listNames.first(where: { byName[$0]?.typeName(in: contract.schemas) == "array" }),
            let items = byName[name]?.items(in: contract.schemas)
        {
            // Each item member's type, by name.
            let itemTypes = Dictionary(
                items.properties(in: contract.schemas).map { ($0.name, $0.node.typeName(in: contract.schemas)) },
                uniquingKeysWith: { first, _ in first })
            let itemProperties = Set(itemTypes.keys)
            if items.typeName(in: contract.schemas) == "string" {
                object.set(
                    name, .array(issues.isEmpty ? [.string(message)] : issues.map { .string($0.description) }))
            } else if !itemProperties.isEmpty {
                let fieldName = ["field", "location", "name", "path", "param", "loc"].first {
                    itemProperties.contains($0)
                }
                let messageName = ["message", "msg", "detail", "description", "reason"].first {
                    itemProperties.contains($0)
                }
                // FastAPI's `{"detail": [{"loc": ["body", "name"], "msg": …, "type": …}]}`: a location given
                // as its path of names, and a kind of error.
                let fieldIsPath = fieldName.map { itemTypes[$0] == "array" } ?? false
                let kindName = ["type", "kind", "code"].first { $0 != messageName && itemTypes[$0] == "string" }
                if let messageName {
                    // An error list says what went wrong even when no request issue caused it (a conflict,
                    // a missing item): one entry with the message, no location, and the status's kind.
                    let entries: [(path: [String], field: String, message: String, kind: String)] =
                        issues.isEmpty
                        ? [([], "", message, code ?? Self.snakeCaseReason(status) ?? "error")]
                        : issues.map { issue in
                            let field = Self.issueField(issue)
                            let path = [Self.issueSection(issue)] + field.split(separator: ".").map(String.init)
                            return (path, field, issue.message, Self.issueKind(issue))
                        }
                    object.set(
                        name,
                        .array(
                            entries.map { issue in
                                var entry = JSONObject()
                                if let fieldName {
                                    entry.set(
                                        fieldName,
                                        fieldIsPath
                                            ? .array(JSONArray(issue.path.map(JSONValue.string)))
                                            : .string(issue.field))
                                }
                                entry.set(messageName, .string(issue.message))
                                if let kindName { entry.set(kindName, .string(issue.kind)) }
                                return .object(entry)
                            }))
                }
            }
        }
        return .object(object)
    }

    /// A code for `status` in the style a code-like member allows: the enum value that names the status
    /// (`NOT_FOUND`, `notFound`, `404`), or the reason phrase in snake case (`not_found`) when any text goes;
    /// nil when neither fits (the generated one stays). `preferring`: a code to use instead wherever any text
    /// goes.
    func errorCode(_ status: Int, schema: SchemaNode, preferring: String? = nil) -> String? {
        guard let phrase = Self.reasonPhrases[status] ?? preferring else { return nil }
        let wanted = phrase.lowercased().filter(\.isLetter)
        let resolved = schema.resolved(in: contract.schemas).value
        if case .array(let options) = resolved["enum"] {
            let texts = options.compactMap(\.stringValue)
            if let preferring, texts.contains(preferring) { return preferring }
            return texts.first { $0.lowercased().filter(\.isLetter) == wanted }
                ?? texts.first { $0.lowercased().filter(\.isLetter).contains(wanted) }
                ?? texts.first { $0 == String(status) }
        }
        if resolved["pattern"] != nil || resolved["format"] != nil || resolved["const"] != nil { return nil }
        let code = preferring ?? Self.snakeCaseReason(status) ?? phrase
        if let limit = resolved["maxLength"]?.intValue, limit < code.count { return nil }
        return code
    }

    /// The status's reason phrase in snake case (`not_found`, `unprocessable_entity`), if it has one.
    static func snakeCaseReason(_ status: Int) -> String? {
        reasonPhrases[status].map { $0.lowercased().split(separator: " ").joined(separator: "_") }
    }

    /// What kind of problem an issue is, as a word an error list can carry.
    static func issueKind(_ issue: RequestIssue) -> String {
        switch issue.kind {
        case .invalid: return "value_error"
        case .malformed: return "malformed"
        case .unsupportedMediaType: return "unsupported_media_type"
        }
    }

    /// Where in the request an issue is: `body`, `query`, `path`, `header` or `cookie`.
    static func issueSection(_ issue: RequestIssue) -> String {
        String(issue.location.prefix { $0 != "." && $0 != "#" })
    }

    /// The field an issue is about, as an API's error list names it: `body#/items/0/name` → `items.0.name`,
    /// `query.limit` → `limit`, a missing required property → its name (`state`).
    static func issueField(_ issue: RequestIssue) -> String {
        let field = fieldName(issue.location)
        let prefix = "missing required property \""
        guard issue.message.hasPrefix(prefix), issue.message.hasSuffix("\"") else { return field }
        let name = String(issue.message.dropFirst(prefix.count).dropLast())
        return field.isEmpty || field == "body" || field == issue.location ? name : field + "." + name
    }

    /// `body#/state` → `state`, `query.limit` → `limit`.
    static func fieldName(_ location: String) -> String {
        if let hash = location.range(of: "#/") {
            return String(location[hash.upperBound...]).replacingOccurrences(of: "/", with: ".")
        }
        if let dot = location.firstIndex(of: ".") { return String(location[location.index(after: dot)...]) }
        return location
    }

    /// The profile's body for `status`, its templates filled in; nil when the profile names none.
    func profileErrorBody(
        _ status: Int, message: String, issues: [RequestIssue], operation: ContractOperation?, principal: Principal?,
        code: String? = nil
    ) -> JSONValue? {
        guard let shape = errorShapes[status] else { return nil }
        let clock = self.clock
        var variables = Variables(clock: { clock.now() })
        variables["status"] = .int(status)
        variables["message"] = .string(message)
        variables["errors"] = .array(
            JSONArray(issues.map { ["field": .string(Self.issueField($0)), "message": .string($0.message)] }))
        variables["operation"] = operation.map { .string($0.displayName) } ?? .null
        variables["principal"] = principal.map { .string($0.name) } ?? .null
        let reason = Self.reasonPhrases[status] ?? "error"
        variables["code"] = .string(code ?? reason.lowercased().replacingOccurrences(of: " ", with: "_"))
        return (try? variables.render(shape)) ?? shape
    }
}
