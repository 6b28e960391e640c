import Foundation
import UnderstudyContract
import UnderstudySchema

/// A step's request with templates filled in, and the operation it is for.
struct PreparedRequest: Sendable {
    var request: ScenarioRequest
    /// The path without the base path (`/silence/abc`), as the contract sees it.
    var relativePath: String
    var operationIndex: Int?
    var location: String
}

extension SuiteRunner {
    /// Fills in the step's templates and builds the request: path parameters, query, headers, credentials,
    /// the session header and the body.
    func prepare(_ step: Step, variables: Variables) throws(StepFailure) -> PreparedRequest {
        do {
            return try build(step, variables: variables)
        } catch let error as TemplateError {
            throw StepFailure(.template, "\(step.location): \(error.description)")
        } catch let error as StepFailure {
            throw error
        } catch {
            throw StepFailure(.request, "\(step.location): \(error)")
        }
    }

    private func build(_ written: Step, variables: Variables) throws -> PreparedRequest {
        var step = written
        if step.generate {
            let operation: ContractOperation?
            switch step.target {
            case .operation(let id): operation = contract.operation(id: id)
            case .request(let verb, let path):
                operation = contract.operations.first { $0.method == verb.uppercased() && $0.path == path }
            }
            if let operation { fillGenerated(&step, operation: operation) }
        }
        let method: String
        var template: String
        switch step.target {
        case .operation(let id):
            guard let operation = contract.operation(id: id) else {
                throw StepFailure(.request, "\(step.location): unknown operationId '\(id)'")
            }
            method = operation.method
            template = operation.path
        case .request(let verb, let path):
            method = verb
            template = try variables.renderText(.string(path))
        }
        var path = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            guard let raw = step.pathParameters[name] else {
                throw StepFailure(
                    .request, "\(step.location): path parameter '\(name)' has no value; add path: {\(name): ...}")
            }
            path += Self.encode(
                try variables.renderText(raw), allowed: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
            rest = rest[rest.index(after: close)...]
        }
        path += rest
        var query: [(String, String)] = []
        for member in step.query {
            let value = try variables.render(member.value)
            switch value {
            case .array(let items):
                for item in items { query.append((member.key, item.stringValue ?? JSONSerializer.serialize(item))) }
            case .null: continue
            default: query.append((member.key, value.stringValue ?? JSONSerializer.serialize(value)))
            }
        }
        var headers: [(name: String, value: String)] = []
        for member in step.headers { headers.append((member.key, try variables.renderText(member.value))) }
        try authenticate(step, variables: variables, headers: &headers, query: &query)
        if !headers.contains(where: { HeaderField.sameName($0.name, "X-Understudy-Session") }) {
            headers.append(("X-Understudy-Session", session))
        }
        let body = try encodeBody(step, variables: variables, headers: &headers)
        let queryText = query.map {
            "\(Self.encode($0.0, allowed: Self.queryAllowed))=\(Self.encode($0.1, allowed: Self.queryAllowed))"
        }
        .joined(separator: "&")
        let operationIndex: Int?
        switch routes.match(method: method, path: path) {
        case .operation(let index, _, _): operationIndex = index
        default: operationIndex = nil
        }
        let target = basePath + path + (queryText.isEmpty ? "" : "?" + queryText)
        return PreparedRequest(
            request: ScenarioRequest(method: method, target: target, headers: headers, body: body), relativePath: path,
            operationIndex: operationIndex, location: step.location)
    }

    private func authenticate(
        _ step: Step, variables: Variables, headers: inout [(name: String, value: String)],
        query: inout [(String, String)]
    ) throws {
        guard let name = step.auth ?? suite.defaultAuth, name != "none" else { return }
        guard let credential = suite.credentials[name] else {
            throw StepFailure(.request, "\(step.location): no credential named '\(name)'")
        }
        switch credential {
        case .basic(let username, let password):
            let pair = try variables.renderText(username) + ":" + variables.renderText(password)
            headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        case .bearer(let token):
            headers.append(("Authorization", "Bearer " + (try variables.renderText(token))))
        case .apiKey(let key, let location, let value):
            let text = try variables.renderText(value)
            switch location {
            case "query": query.append((key, text))
            case "cookie": headers.append(("Cookie", "\(key)=\(text)"))
            default: headers.append((key, text))
            }
        case .headers(let extra):
            for member in extra { headers.append((member.key, try variables.renderText(member.value))) }
        }
    }

    private func encodeBody(
        _ step: Step, variables: Variables, headers: inout [(name: String, value: String)]
    ) throws -> [UInt8] {
        func setType(_ type: String) {
            if !headers.contains(where: { HeaderField.sameName($0.name, "Content-Type") }) {
                headers.append(("Content-Type", type))
            }
        }
        switch step.body {
        case .none:
            return []
        case .json(let value):
            setType("application/json")
            return JSONSerializer.data(try variables.render(value))
        case .form(let fields):
            setType("application/x-www-form-urlencoded")
            var pairs: [String] = []
            for member in fields {
                let value = try variables.render(member.value)
                let values = value.arrayValue.map { Array($0) } ?? [value]
                for item in values {
                    pairs.append(
                        Self.encode(member.key, allowed: Self.queryAllowed) + "="
                            + Self.encode(
                                item.stringValue ?? JSONSerializer.serialize(item), allowed: Self.queryAllowed))
                }
            }
            return Array(pairs.joined(separator: "&").utf8)
        case .multipart(let parts):
            let boundary = "understudy-" + UUID().uuidString.lowercased()
            setType("multipart/form-data; boundary=\(boundary)")
            var body: [UInt8] = []
            let folder = URL(fileURLWithPath: suite.file).deletingLastPathComponent()
            for member in parts {
                let value = try variables.render(member.value)
                var disposition = "form-data; name=\"\(member.key)\""
                var contentType: String? = nil
                var content: [UInt8]
                if case .object(let part) = value, part["file"] != nil || part["content"] != nil {
                    if let file = part["file"]?.stringValue {
                        let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
                        guard let data = FileManager.default.contents(atPath: url.path) else {
                            throw StepFailure(
                                .request, "\(step.location): multipart part '\(member.key)': cannot read \(url.path)")
                        }
                        content = Array(data)
                        disposition += "; filename=\"\(part["filename"]?.stringValue ?? url.lastPathComponent)\""
                    } else {
                        let inline = part["content"]!
                        content = Array((inline.stringValue ?? JSONSerializer.serialize(inline)).utf8)
                        if let filename = part["filename"]?.stringValue { disposition += "; filename=\"\(filename)\"" }
                    }
                    contentType =
                        part["contentType"]?.stringValue ?? (part["file"] != nil ? "application/octet-stream" : nil)
                } else if let text = value.stringValue {
                    content = Array(text.utf8)
                } else {
                    content = JSONSerializer.data(value)
                    contentType = "application/json"
                }
                body += Array("--\(boundary)\r\nContent-Disposition: \(disposition)\r\n".utf8)
                if let contentType { body += Array("Content-Type: \(contentType)\r\n".utf8) }
                body += Array("\r\n".utf8) + content + Array("\r\n".utf8)
            }
            body += Array("--\(boundary)--\r\n".utf8)
            return body
        case .raw(let value, let contentType):
            setType(contentType ?? "text/plain")
            let rendered = try variables.render(value)
            return Array((rendered.stringValue ?? JSONSerializer.serialize(rendered)).utf8)
        }
    }

    /// Fills in what the operation requires and the step leaves out, from the contract's schemas (seeded by
    /// the operation, so a run is repeatable): required path, query and header parameters, and the body
    /// (JSON, form or multipart, as the operation's first request media type says; file parts get a small
    /// text file).
    func fillGenerated(_ step: inout Step, operation: ContractOperation) {
        let generator = ValueGenerator(registry: contract.schemas, seed: 1, direction: .request)
        let salt = "suite " + operation.displayName
        for parameter in operation.parameters where parameter.required || parameter.location == .path {
            guard let schema = parameter.schema else { continue }
            let value = generator.generate(schemaAt: schema.uri, salt: salt + " " + parameter.name)
            // Templates are text in a step: a generated "{{" must not be read as one.
            let text = (value.stringValue ?? JSONSerializer.serialize(value)).replacingOccurrences(
                of: "{{", with: "{ {")
            switch parameter.location {
            case .path where step.pathParameters[parameter.name] == nil:
                step.pathParameters.set(parameter.name, .string(text))
            case .query where step.query[parameter.name] == nil:
                step.query.set(parameter.name, .string(text))
            case .header where step.headers[parameter.name] == nil:
                if !["authorization", "content-type", "accept"].contains(parameter.name.lowercased()) {
                    step.headers.set(parameter.name, .string(text))
                }
            default: break
            }
        }
        guard case .none = step.body, let content = operation.requestBody?.content.first,
            let schema = content.schema
        else { return }
        var value = generator.generate(schemaAt: schema.uri, salt: salt + " body")
        value = Self.escapingTemplates(value)
        let type = content.parsedType
        if type?.isJSON ?? false {
            step.body = .json(value)
        } else if type?.essence == "application/x-www-form-urlencoded", case .object(let fields) = value {
            step.body = .form(fields)
        } else if type?.essence == "multipart/form-data", case .object(var parts) = value {
            let properties = schema.value["properties"]?.objectValue ?? JSONObject()
            for (name, property) in properties where property["format"]?.stringValue == "binary" {
                parts.set(
                    name,
                    [
                        "content": "generated by understudy\n", "filename": "generated.txt",
                        "contentType": "text/plain",
                    ])
            }
            step.body = .multipart(parts)
        } else {
            step.body = .raw(.string(value.stringValue ?? JSONSerializer.serialize(value)), contentType: type?.essence)
        }
    }

    /// `value` with every `{{` in its strings broken, so rendering leaves generated text as it is.
    static func escapingTemplates(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text.replacingOccurrences(of: "{{", with: "{ {"))
        case .array(let items): return .array(items.map(escapingTemplates))
        case .object(let object):
            var copy = JSONObject()
            for (key, member) in object { copy.set(key, escapingTemplates(member)) }
            return .object(copy)
        default: return value
        }
    }

    static let queryAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+;#"))

    static func encode(_ text: String, allowed: CharacterSet) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
