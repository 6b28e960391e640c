import Foundation
import UnderstudyContract
import UnderstudySchema

/// Reads a suite file (YAML or JSON) into a ``Suite``, reporting every problem with `file:line:column`:
/// unknown keys (with a suggestion), wrong types, JSON paths and templates that do not parse, statuses
/// that are not statuses. Problems are diagnostics, not throws; the suite is nil when any is an error.
public struct SuiteLoader: Sendable {
    public init() {}

    public struct Outcome: Sendable {
        public var suite: Suite?
        public var diagnostics: [Diagnostic]
    }

    static let suiteKeys = [
        "suite", "contract", "baseURL", "variables", "credentials", "auth", "tags", "setup", "scenarios", "teardown",
        "timeout", "description",
    ]
    static let scenarioKeys = ["name", "tags", "steps", "description"]
    static let stepKeys = [
        "name", "operation", "request", "path", "query", "headers", "auth", "json", "form", "multipart", "body",
        "contentType", "expect", "capture", "forEach", "repeat", "generate", "poll", "description",
    ]
    static let expectKeys = ["status", "headers", "body", "json", "conforms"]

    public func load(path: String) -> Outcome {
        let display = path
        let result: YAMLReader.Result
        do {
            result = try DocumentReader().read(path: path, displayPath: display)
        } catch {
            return Outcome(suite: nil, diagnostics: [error.diagnostic])
        }
        var diagnostics = result.diagnostics
        guard let root = result.value else { return Outcome(suite: nil, diagnostics: diagnostics) }
        var reader = Reader(file: display, diagnostics: [])
        let suite = reader.suite(root, path: path)
        diagnostics += reader.diagnostics
        return Outcome(suite: diagnostics.hasErrors ? nil : suite, diagnostics: diagnostics)
    }

    /// Turns the document tree into the model, collecting diagnostics.
    struct Reader {
        let file: String
        var diagnostics: [Diagnostic]

        mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
            diagnostics.append(.error(message, file: file, at: location, hint: hint))
        }

        func place(_ location: SourceLocation) -> String {
            location.isKnown ? "\(file):\(location.line)" : file
        }

        mutating func checkKeys(_ object: JSONObject, allowed: [String], context: String) {
            diagnostics += Diagnostic.unknownKeys(in: object, allowed: allowed, context: context, file: file)
        }

        mutating func suite(_ root: JSONValue, path: String) -> Suite? {
            guard case .object(let object) = root else {
                error("a suite is a mapping with suite:, contract: and scenarios:", at: .unknown)
                return nil
            }
            checkKeys(object, allowed: SuiteLoader.suiteKeys, context: "the suite")
            let name = string(object, "suite", required: true) ?? "suite"
            guard let contract = string(object, "contract", required: true) else { return nil }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let contractPath = CorpusReference.locate(
                contract.hasPrefix("/") ? contract : folder.appendingPathComponent(contract).standardizedFileURL.path)
            if let missing = CorpusReference.missing(
                contractPath, namedBy: file, at: object.valueLocation(of: "contract"))
            {
                diagnostics.append(missing)
            } else if !FileManager.default.fileExists(atPath: contractPath) {
                error(
                    "the contract \(contract) does not exist (looked for \(contractPath))",
                    at: object.valueLocation(of: "contract"), hint: "contract: is relative to the suite file")
            }
            var variables: [(name: String, value: JSONValue)] = []
            if let value = object["variables"] {
                if case .object(let members) = value {
                    for member in members { variables.append((member.key, member.value)) }
                    templates(in: value, at: object.valueLocation(of: "variables"))
                } else {
                    error("variables: must be a mapping of names to values", at: object.valueLocation(of: "variables"))
                }
            }
            var credentials: [String: Credential] = [:]
            if let value = object["credentials"] {
                if case .object(let members) = value {
                    for member in members {
                        if let credential = credential(member.value, at: members.valueLocation(of: member.key)) {
                            credentials[member.key] = credential
                        }
                    }
                } else {
                    error(
                        "credentials: must be a mapping of names to credentials",
                        at: object.valueLocation(of: "credentials"))
                }
            }
            let defaultAuth = string(object, "auth", required: false)
            if let defaultAuth, defaultAuth != "none", credentials[defaultAuth] == nil {
                error("auth: names no credential '\(defaultAuth)'", at: object.valueLocation(of: "auth"))
            }
            var scenarios: [Scenario] = []
            if case .array(let list) = object["scenarios"] ?? .null {
                for (index, element) in list.enumerated() {
                    let location = index < list.locations.count ? list.locations[index] : list.location
                    if let scenario = scenario(element, at: location, credentials: credentials) {
                        scenarios.append(scenario)
                    }
                }
            } else {
                error("scenarios: must be a list of scenarios", at: object.keyLocation(of: "scenarios"))
            }
            let suite = Suite(
                name: name, file: file, contractPath: contractPath,
                basePath: string(object, "baseURL", required: false),
                variables: variables, credentials: credentials, defaultAuth: defaultAuth,
                tags: strings(object, "tags"), setup: steps(object, "setup", credentials: credentials),
                scenarios: scenarios, teardown: steps(object, "teardown", credentials: credentials),
                requestTimeout: object["timeout"].flatMap { duration($0, at: object.valueLocation(of: "timeout")) })
            return suite
        }

        mutating func credential(_ value: JSONValue, at location: SourceLocation) -> Credential? {
            guard case .object(let object) = value, object.count == 1, let kind = object.keys.first else {
                error(
                    "a credential is one of basic:, bearer:, apiKey: or headers:", at: location,
                    hint: "e.g. admin: {basic: {username: admin, password: secret}}")
                return nil
            }
            let inner = object[kind]!
            templates(in: inner, at: object.valueLocation(of: kind))
            switch kind {
            case "basic":
                guard let username = inner["username"], let password = inner["password"] else {
                    error("basic: needs username: and password:", at: object.valueLocation(of: kind))
                    return nil
                }
                return .basic(username: username, password: password)
            case "bearer":
                return .bearer(inner)
            case "apiKey":
                guard let name = inner["name"]?.stringValue, let key = inner["value"] else {
                    error(
                        "apiKey: needs name:, value: and optionally in: header|query|cookie",
                        at: object.valueLocation(of: kind))
                    return nil
                }
                let place = inner["in"]?.stringValue ?? "header"
                guard ["header", "query", "cookie"].contains(place) else {
                    error("apiKey in: must be header, query or cookie", at: object.valueLocation(of: kind))
                    return nil
                }
                return .apiKey(name: name, location: place, value: key)
            case "headers":
                guard case .object(let headers) = inner else {
                    error("headers: must be a mapping of header names to values", at: object.valueLocation(of: kind))
                    return nil
                }
                return .headers(headers)
            default:
                error(
                    "unknown credential kind '\(kind)'", at: object.keyLocation(of: kind),
                    hint: "use basic, bearer, apiKey or headers")
                return nil
            }
        }

        mutating func scenario(
            _ value: JSONValue, at location: SourceLocation, credentials: [String: Credential]
        ) -> Scenario? {
            guard case .object(let object) = value else {
                error("a scenario is a mapping with name: and steps:", at: location)
                return nil
            }
            checkKeys(object, allowed: SuiteLoader.scenarioKeys, context: "a scenario")
            let name = string(object, "name", required: true) ?? "scenario"
            return Scenario(
                name: name, tags: strings(object, "tags"), steps: steps(object, "steps", credentials: credentials),
                location: place(object.location))
        }

        mutating func steps(_ object: JSONObject, _ key: String, credentials: [String: Credential]) -> [Step] {
            guard let value = object[key] else { return [] }
            guard case .array(let list) = value else {
                error("\(key): must be a list of steps", at: object.valueLocation(of: key))
                return []
            }
            return list.enumerated().compactMap { index, element in
                step(
                    element, at: index < list.locations.count ? list.locations[index] : list.location,
                    credentials: credentials)
            }
        }

        mutating func step(_ value: JSONValue, at location: SourceLocation, credentials: [String: Credential]) -> Step?
        {
            guard case .object(let object) = value else {
                error("a step is a mapping with operation: or request:", at: location)
                return nil
            }
            checkKeys(object, allowed: SuiteLoader.stepKeys, context: "a step")
            let target: Step.Target
            if let operation = string(object, "operation", required: false) {
                target = .operation(operation)
            } else if let request = string(object, "request", required: false) {
                let parts = request.split(separator: " ", maxSplits: 1).map(String.init)
                let methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
                guard parts.count == 2, methods.contains(parts[0].uppercased()), parts[1].hasPrefix("/") else {
                    error(
                        "request: is a method and a path, e.g. 'GET /pets/{id}'",
                        at: object.valueLocation(of: "request"))
                    return nil
                }
                target = .request(method: parts[0].uppercased(), path: parts[1])
                templates(in: .string(parts[1]), at: object.valueLocation(of: "request"))
            } else {
                error("a step needs operation: (an operationId) or request: (e.g. 'GET /pets')", at: object.location)
                return nil
            }
            for key in ["path", "query", "headers"] {
                templates(in: object[key] ?? .null, at: object.valueLocation(of: key))
            }
            let auth = string(object, "auth", required: false)
            if let auth, auth != "none", credentials[auth] == nil {
                let known = credentials.keys.sorted().joined(separator: ", ")
                error(
                    "auth: names no credential '\(auth)'", at: object.valueLocation(of: "auth"),
                    hint: known.isEmpty ? "define it under credentials:" : "defined: \(known), or none")
            }
            let bodyKeys = ["json", "form", "multipart", "body"].filter { object[$0] != nil }
            if bodyKeys.count > 1 {
                error(
                    "a step has one body: \(bodyKeys.joined(separator: " and ")) given",
                    at: object.keyLocation(of: bodyKeys[1]))
            }
            var body = Step.Body.none
            if let json = object["json"] {
                body = .json(json)
                templates(in: json, at: object.valueLocation(of: "json"))
            } else if let form = object["form"] {
                if case .object(let fields) = form {
                    body = .form(fields)
                } else {
                    error("form: must be a mapping of field names to values", at: object.valueLocation(of: "form"))
                }
                templates(in: form, at: object.valueLocation(of: "form"))
            } else if let multipart = object["multipart"] {
                if case .object(let parts) = multipart {
                    body = .multipart(parts)
                } else {
                    error(
                        "multipart: must be a mapping of part names to values or {file:, contentType:}",
                        at: object.valueLocation(of: "multipart"))
                }
                templates(in: multipart, at: object.valueLocation(of: "multipart"))
            } else if let raw = object["body"] {
                body = .raw(raw, contentType: object["contentType"]?.stringValue)
                templates(in: raw, at: object.valueLocation(of: "body"))
            }
            var table: [JSONObject] = []
            if let rows = object["forEach"] {
                if case .array(let list) = rows, list.allSatisfy({ $0.objectValue != nil }) {
                    table = list.compactMap(\.objectValue)
                } else {
                    error(
                        "forEach: must be a list of mappings (one set of variables per run)",
                        at: object.valueLocation(of: "forEach"))
                }
            }
            var repetitions: JSONValue? = nil
            if let count = object["repeat"] {
                if let number = count.intValue, number >= 1 {
                    repetitions = count
                } else if let text = count.stringValue, text.contains("{{") {
                    templates(in: count, at: object.valueLocation(of: "repeat"))
                    repetitions = count
                } else {
                    error(
                        "repeat: is a count of at least 1 (or a template giving one)",
                        at: object.valueLocation(of: "repeat"))
                }
            }
            var poll: Poll? = nil
            if let value = object["poll"] {
                if case .object(let settings) = value {
                    poll = Poll(
                        timeout: settings["timeout"].flatMap { duration($0, at: settings.valueLocation(of: "timeout")) }
                            ?? 10,
                        interval: settings["interval"].flatMap {
                            duration($0, at: settings.valueLocation(of: "interval"))
                        } ?? 0.5)
                } else {
                    error(
                        "poll: is a mapping with timeout: and interval: (e.g. 10s, 500ms)",
                        at: object.valueLocation(of: "poll"))
                }
            }
            let name: String
            switch target {
            case .operation(let id): name = string(object, "name", required: false) ?? id
            case .request(let method, let path): name = string(object, "name", required: false) ?? "\(method) \(path)"
            }
            var step = Step(
                name: name, target: target, pathParameters: object["path"]?.objectValue ?? JSONObject(),
                query: object["query"]?.objectValue ?? JSONObject(),
                headers: object["headers"]?.objectValue ?? JSONObject(),
                auth: auth, body: body,
                expectation: expectation(object["expect"], at: object.valueLocation(of: "expect")),
                captures: captures(object["capture"], at: object.valueLocation(of: "capture")), table: table,
                poll: poll,
                location: place(object.location))
            step.repetitions = repetitions
            if let generate = object["generate"] {
                if let flag = generate.boolValue {
                    step.generate = flag
                } else {
                    error("generate: is true or false", at: object.valueLocation(of: "generate"))
                }
            }
            return step
        }

        mutating func expectation(_ value: JSONValue?, at location: SourceLocation) -> Expectation {
            guard let value else { return Expectation() }
            guard case .object(let object) = value else {
                error("expect: is a mapping with status:, headers:, body:, json: or conforms:", at: location)
                return Expectation()
            }
            checkKeys(object, allowed: SuiteLoader.expectKeys, context: "expect:")
            var expectation = Expectation()
            if let status = object["status"] {
                let items: [JSONValue] = status.arrayValue.map { Array($0) } ?? [status]
                for item in items {
                    let text = item.stringValue ?? item.intValue.map(String.init) ?? ""
                    if let pattern = StatusPattern(text) {
                        expectation.statuses.append(pattern)
                    } else {
                        error(
                            "'\(JSONSerializer.serialize(item))' is not a status (e.g. 200, 2XX)",
                            at: object.valueLocation(of: "status"))
                    }
                }
            }
            if let headers = object["headers"] {
                if case .object(let members) = headers {
                    for member in members {
                        expectation.headers.append(
                            (member.key, matcher(member.value, at: members.valueLocation(of: member.key))))
                    }
                } else {
                    error(
                        "expect.headers: must be a mapping of header names to matchers",
                        at: object.valueLocation(of: "headers"))
                }
            }
            if let body = object["body"] {
                expectation.body = body
                templates(in: body, at: object.valueLocation(of: "body"))
            }
            if let json = object["json"] {
                if case .object(let members) = json {
                    for member in members {
                        do {
                            let path = try JSONPath(member.key)
                            expectation.json.append(
                                (path, matcher(member.value, at: members.valueLocation(of: member.key))))
                        } catch {
                            self.error(error.description, at: members.keyLocation(of: member.key))
                        }
                    }
                } else {
                    error(
                        "expect.json: must be a mapping of JSON paths to matchers", at: object.valueLocation(of: "json")
                    )
                }
            }
            if let conforms = object["conforms"] {
                if case .bool(let flag) = conforms {
                    expectation.conforms = flag
                } else {
                    error("expect.conforms: must be true or false", at: object.valueLocation(of: "conforms"))
                }
            }
            return expectation
        }

        mutating func matcher(_ value: JSONValue, at location: SourceLocation) -> Matcher {
            templates(in: value, at: location)
            guard case .object(let object) = value, !object.isEmpty,
                object.keys.allSatisfy({ Matcher.keywords.contains($0) || $0.hasPrefix("$") })
            else {
                return .equals(value)
            }
            var matchers: [Matcher] = []
            for member in object {
                let here = object.valueLocation(of: member.key)
                switch member.key {
                case "equals": matchers.append(.equals(member.value))
                case "exists":
                    if case .bool(let flag) = member.value {
                        matchers.append(.exists(flag))
                    } else {
                        error("exists: is true or false", at: here)
                    }
                case "type":
                    let names = ["string", "number", "integer", "boolean", "array", "object", "null"]
                    if let name = member.value.stringValue, names.contains(name) {
                        matchers.append(.type(name))
                    } else {
                        error("type: is one of \(names.joined(separator: ", "))", at: here)
                    }
                case "matches":
                    if let pattern = member.value.stringValue,
                        pattern.contains("{{") || (try? NSRegularExpression(pattern: pattern)) != nil
                    {
                        templates(in: member.value, at: here)
                        matchers.append(.matches(pattern))
                    } else {
                        error("matches: must be a valid regular expression", at: here)
                    }
                case "min", "max":
                    if member.value.doubleValue != nil || member.value.stringValue?.contains("{{") == true {
                        templates(in: member.value, at: here)
                        matchers.append(member.key == "min" ? .minimum(member.value) : .maximum(member.value))
                    } else {
                        error("\(member.key): must be a number (or a template giving one)", at: here)
                    }
                case "length", "minLength", "maxLength":
                    if let count = member.value.intValue, count >= 0 {
                        matchers.append(
                            member.key == "length"
                                ? .length(count) : member.key == "minLength" ? .minLength(count) : .maxLength(count))
                    } else {
                        error("\(member.key): must be a whole number ≥ 0", at: here)
                    }
                case "contains": matchers.append(.contains(member.value))
                case "in":
                    if case .array(let options) = member.value {
                        matchers.append(.oneOf(Array(options)))
                    } else {
                        error("in: must be a list of values", at: here)
                    }
                case "each": matchers.append(.each(matcher(member.value, at: here)))
                case "not": matchers.append(.not(matcher(member.value, at: here)))
                default:
                    do {
                        matchers.append(.path(try JSONPath(member.key), matcher(member.value, at: here)))
                    } catch {
                        self.error(error.description, at: object.keyLocation(of: member.key))
                    }
                }
            }
            return matchers.count == 1 ? matchers[0] : .all(matchers)
        }

        mutating func captures(
            _ value: JSONValue?, at location: SourceLocation
        ) -> [(name: String, source: CaptureSource)] {
            guard let value else { return [] }
            guard case .object(let object) = value else {
                error("capture: is a mapping of variable names to $.paths, header:Name or status", at: location)
                return []
            }
            var result: [(name: String, source: CaptureSource)] = []
            for member in object {
                let here = object.valueLocation(of: member.key)
                guard let text = member.value.stringValue?.trimmingSpaces else {
                    error("capture \(member.key): must be a $.path, header:Name or status", at: here)
                    continue
                }
                if text == "status" {
                    result.append((member.key, .status))
                } else if text.lowercased().hasPrefix("header:") {
                    result.append((member.key, .header(String(text.dropFirst(7)).trimmingSpaces)))
                } else {
                    do {
                        result.append((member.key, .body(try JSONPath(text))))
                    } catch {
                        self.error("capture \(member.key): \(error.description)", at: here)
                    }
                }
            }
            return result
        }

        /// Reports every string in `value` whose `{{ }}` does not parse.
        mutating func templates(in value: JSONValue, at location: SourceLocation) {
            diagnostics += Diagnostic.malformedTemplates(in: value, at: location, file: file)
        }

        mutating func string(_ object: JSONObject, _ key: String, required: Bool) -> String? {
            guard let value = object[key] else {
                if required { error("missing \(key):", at: object.location) }
                return nil
            }
            guard let text = value.stringValue else {
                error("\(key): must be a string", at: object.valueLocation(of: key))
                return nil
            }
            return text
        }

        mutating func strings(_ object: JSONObject, _ key: String) -> [String] {
            guard let value = object[key] else { return [] }
            if let text = value.stringValue { return [text] }
            guard case .array(let list) = value, list.allSatisfy({ $0.stringValue != nil }) else {
                error("\(key): must be a list of strings", at: object.valueLocation(of: key))
                return []
            }
            return list.compactMap(\.stringValue)
        }

        /// Seconds from `10`, `10s`, `500ms`, `2m`; a number, like a text, at most
        /// ``DurationText/maximumSeconds``.
        mutating func duration(_ value: JSONValue, at location: SourceLocation) -> Double? {
            if let number = value.doubleValue, number > 0, let seconds = DurationText.bounded(number) {
                return seconds
            }
            if let text = value.stringValue, let seconds = DurationText.seconds(text, allowed: ["ms", "s", "m", "h"]),
                seconds > 0
            {
                return seconds
            }
            error("'\(JSONSerializer.serialize(value))' is not a duration (e.g. 10s, 500ms, 2m)", at: location)
            return nil
        }
    }
}
