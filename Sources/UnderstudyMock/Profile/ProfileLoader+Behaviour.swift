import Foundation
import UnderstudyContract
import UnderstudySchema

extension ProfileLoader.Reader {
    /// Reads `resources:`, `operations:` and `sessions:`.
    mutating func behaviour(_ root: JSONObject, into profile: inout MockProfile) {
        if let value = root["resources"] {
            if case .object(let members) = value {
                for member in members {
                    if let rule = resource(member.key, member.value, at: members.valueLocation(of: member.key)) {
                        profile.resources.append(rule)
                    }
                }
            } else {
                error("resources: is a mapping of names to resource rules", at: root.valueLocation(of: "resources"))
            }
        }
        if let value = root["operations"] {
            if case .object(let members) = value {
                for member in members {
                    if let rule = operation(
                        member.key, member.value, at: members.keyLocation(of: member.key), profile: profile)
                    {
                        profile.operations[member.key] = rule
                    }
                }
            } else {
                error("operations: is a mapping of operationIds to rules", at: root.valueLocation(of: "operations"))
            }
        }
        if root["resources"] != nil || root["operations"] != nil {
            let names = Set(profile.resources.map(\.name))
            unknownFinds(in: .object(root), at: root.location, resources: names)
        }
        if let value = root["sessions"] {
            if case .array(let items) = value {
                for (index, item) in items.enumerated() {
                    if let rule = session(item, at: items.location(at: index)) { profile.sessions.append(rule) }
                }
            } else {
                error("sessions: is a list of {operation:, scheme:, issues:}", at: root.valueLocation(of: "sessions"))
            }
        }
    }

    /// An error for every `find('name', …)` whose resource the profile does not define, where it is written.
    mutating func unknownFinds(in value: JSONValue, at location: SourceLocation, resources: Set<String>) {
        switch value {
        case .string(let text) where text.contains("find("):
            let pattern = /find\(\s*['"]([^'"]+)['"]/
            for match in text.matches(of: pattern) where !resources.contains(String(match.1)) {
                error(
                    "find('\(match.1)', …): no resource '\(match.1)' under resources:", at: location,
                    hint: Suggestion.hint(for: String(match.1), in: Array(resources)))
            }
        case .array(let array):
            for (index, element) in array.enumerated() {
                unknownFinds(in: element, at: array.location(at: index), resources: resources)
            }
        case .object(let object):
            for member in object {
                unknownFinds(in: member.value, at: object.valueLocation(of: member.key), resources: resources)
            }
        default:
            break
        }
    }

    // MARK: Resources

    mutating func resource(_ name: String, _ value: JSONValue, at location: SourceLocation) -> ResourceRule? {
        guard case .object(let object) = value else {
            error("resource '\(name)' is a mapping (operations:, id:, owner:, seed: …)", at: location)
            return nil
        }
        checkKeys(
            object,
            allowed: [
                "operations", "path", "putCreates", "id", "owner", "scope", "unique", "defaults", "omit", "computed",
                "seed",
                "lifecycle",
                "description",
            ], context: "resource '\(name)'")
        var rule = ResourceRule(name: name)
        if let value = object["operations"] {
            if case .object(let members) = value {
                for member in members {
                    let here = members.keyLocation(of: member.key)
                    guard knownOperation(member.key, at: here, context: "resource '\(name)'") else { continue }
                    guard let kind = member.value.stringValue.flatMap(OperationKind.init(rawValue:)) else {
                        error(
                            "resource '\(name)': \(member.key) is one of \(OperationKind.allCases.map(\.rawValue).joined(separator: ", "))",
                            at: members.valueLocation(of: member.key))
                        continue
                    }
                    rule.operations[member.key] = kind
                }
            } else {
                error(
                    "resource '\(name)': operations: maps operationIds to create, list, read …",
                    at: object.valueLocation(of: "operations"))
            }
        }
        if let path = object["path"]?.stringValue {
            if contract.operations.contains(where: { $0.path == path }) {
                rule.path = path
            } else {
                error(
                    "resource '\(name)': the contract has no path '\(path)'", at: object.valueLocation(of: "path"),
                    hint: Suggestion.hint(for: path, in: Array(Set(contract.operations.map(\.path)))))
            }
        }
        switch object["id"] {
        case nil: break
        case .string(let field)?: rule.idField = field
        case .object(let id)?:
            checkKeys(id, allowed: ["field", "format"], context: "resource '\(name)' id")
            rule.idField = id["field"]?.stringValue
            if let format = id["format"]?.stringValue {
                switch format {
                case "sequence": rule.idFormat = .sequence
                case "uuid": rule.idFormat = .uuid
                default:
                    if let template = template(format, at: id.valueLocation(of: "format")) {
                        rule.idFormat = .template(template)
                    }
                }
            }
        default:
            error("resource '\(name)': id: is a field name or {field:, format:}", at: object.valueLocation(of: "id"))
        }
        if let owner = object["owner"] {
            if owner.stringValue == "tenant" {
                rule.ownedByTenant = true
            } else if owner.stringValue != "none" {
                error(
                    "resource '\(name)': owner: is tenant (items belong to the creator's tenant) or none",
                    at: object.valueLocation(of: "owner"))
            }
        }
        if let value = object["putCreates"] {
            if let flag = value.boolValue {
                rule.putCreates = flag
            } else {
                error("resource '\(name)': putCreates: is true or false", at: object.valueLocation(of: "putCreates"))
            }
        }
        rule.scope = strings(object["scope"]) ?? []
        rule.unique = strings(object["unique"]) ?? []
        rule.omit = strings(object["omit"]) ?? []
        rule.defaults = fieldValues(object, "defaults", context: "resource '\(name)'")
        rule.computed = fieldValues(object, "computed", context: "resource '\(name)'")
        if let seed = object["seed"] {
            if case .array(let sets) = seed {
                for (index, set) in sets.enumerated() {
                    if let parsed = seedSet(set, resource: name, at: sets.location(at: index)) {
                        rule.seeds.append(parsed)
                    }
                }
            } else {
                error(
                    "resource '\(name)': seed: is a list of items, {file:}, or {generate: N, values:}",
                    at: object.valueLocation(of: "seed"))
            }
        }
        if let value = object["lifecycle"] {
            if case .object(let life) = value, let field = life["field"]?.stringValue, let from = life["from"],
                let to = life["to"]
            {
                checkKeys(life, allowed: ["field", "from", "to", "after", "polls"], context: "a lifecycle")
                let after = life["after"].flatMap(Self.seconds)
                let polls = life["polls"]?.intValue
                if after == nil && polls == nil {
                    error("a lifecycle needs after: (a duration) or polls: (a count)", at: life.location)
                }
                rule.lifecycle = .init(field: field, from: from, to: to, after: after, polls: polls)
            } else {
                error(
                    "resource '\(name)': lifecycle: is {field:, from:, to:, after: 5s | polls: 2}",
                    at: object.valueLocation(of: "lifecycle"))
            }
        }
        return rule
    }

    /// One entry of `seed:`: an item, `{file: seed.yaml}`, or `{generate: 12, values: {…}}`, each with an
    /// optional `tenant:` and `scope:`.
    mutating func seedSet(_ value: JSONValue, resource: String, at location: SourceLocation) -> ResourceRule.SeedSet? {
        var set = ResourceRule.SeedSet()
        guard case .object(let object) = value else {
            error("resource '\(resource)': a seed entry is an item or {file:} or {generate:}", at: location)
            return nil
        }
        let isGroup = object["file"] != nil || object["generate"] != nil || object["items"] != nil
        if isGroup {
            checkKeys(
                object, allowed: ["file", "generate", "values", "items", "tenant", "scope"], context: "a seed entry")
            set.tenant = object["tenant"]?.stringValue
            if let scope = object["scope"]?.objectValue {
                for member in scope {
                    set.scope[member.key] = member.value.stringValue ?? JSONSerializer.serialize(member.value)
                }
            }
        }
        if let file = object["file"]?.stringValue {
            guard let path = insideFolder(file, at: object.valueLocation(of: "file")) else { return nil }
            do {
                let read = try DocumentReader().read(path: path, displayPath: file)
                guard case .array(let items)? = read.value else {
                    error("seed file \(file) must hold a list of items", at: object.valueLocation(of: "file"))
                    return nil
                }
                set.items = Array(items)
            } catch {
                self.error(
                    "seed file \(file) cannot be read: \(error.diagnostic.message)",
                    at: object.valueLocation(of: "file"))
                return nil
            }
        } else if let count = object["generate"] {
            guard let count = count.intValue, (1...100_000).contains(count) else {
                error("generate: is a count from 1 to 100000", at: object.valueLocation(of: "generate"))
                return nil
            }
            set.count = count
            set.values = object["values"]?.objectValue ?? JSONObject()
            templates(in: .object(set.values), at: object.valueLocation(of: "values"))
        } else if case .array(let items)? = object["items"] {
            set.items = Array(items)
        } else {
            set.items = [value]
        }
        return set
    }

    /// The absolute path of `file`, when it is inside the profile's folder.
    mutating func insideFolder(_ file: String, at location: SourceLocation) -> String? {
        let path = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: folder, isDirectory: true))
            .standardizedFileURL.resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: folder, isDirectory: true).resolvingSymlinksInPath().path
        guard path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            error("\(file) is outside the profile's folder; a profile reads files only beside it", at: location)
            return nil
        }
        return path
    }

    // MARK: Operations

    mutating func operation(
        _ id: String, _ value: JSONValue, at location: SourceLocation, profile: MockProfile
    ) -> OperationRule? {
        guard knownOperation(id, at: location, context: "operations") else { return nil }
        guard case .object(let object) = value else {
            error("operation '\(id)' is a mapping (kind:, guards:, effects:, list: …)", at: location)
            return nil
        }
        checkKeys(
            object,
            allowed: [
                "kind", "resource", "guards", "effects", "status", "body", "headers", "download", "list", "keepWhen",
                "description",
            ], context: "operation '\(id)'")
        var rule = OperationRule(operationId: id)
        if let kind = object["kind"] {
            rule.kind = kind.stringValue.flatMap(OperationKind.init(rawValue:))
            if rule.kind == nil {
                error(
                    "operation '\(id)': kind: is one of \(OperationKind.allCases.map(\.rawValue).joined(separator: ", "))",
                    at: object.valueLocation(of: "kind"))
            }
        }
        if let resource = object["resource"]?.stringValue {
            if profile.resource(named: resource) == nil {
                error(
                    "operation '\(id)': no resource '\(resource)' under resources:",
                    at: object.valueLocation(of: "resource"),
                    hint: Suggestion.hint(for: resource, in: profile.resources.map(\.name)))
            }
            rule.resource = resource
        }
        if let value = object["guards"] {
            if case .array(let items) = value {
                for (index, item) in items.enumerated() {
                    if let parsed = guardRule(item, at: items.location(at: index)) { rule.guards.append(parsed) }
                }
            } else {
                error(
                    "operation '\(id)': guards: is a list of {when:, status:, message:}",
                    at: object.valueLocation(of: "guards"))
            }
        }
        rule.effects = fieldValues(object, "effects", context: "operation '\(id)'")
        if let status = object["status"] {
            if let code = status.intValue, (100...599).contains(code) {
                rule.status = code
            } else {
                error("operation '\(id)': status: is an HTTP status", at: object.valueLocation(of: "status"))
            }
        }
        if let body = object["body"] {
            templates(in: body, at: object.valueLocation(of: "body"))
            rule.body = body
        }
        if let headers = object["headers"]?.objectValue {
            for member in headers {
                rule.headers[member.key] = member.value.stringValue ?? JSONSerializer.serialize(member.value)
            }
            templates(in: .object(headers), at: object.valueLocation(of: "headers"))
        }
        if let download = object["download"] {
            rule.download = self.download(download, at: object.valueLocation(of: "download"))
        }
        if let keep = object["keepWhen"]?.stringValue {
            rule.keepWhen = condition(keep, at: object.valueLocation(of: "keepWhen"))
        }
        if let list = object["list"] {
            rule.list = listRule(list, operationId: id, at: object.valueLocation(of: "list"))
        }
        return rule
    }

    mutating func guardRule(_ value: JSONValue, at location: SourceLocation) -> OperationRule.Guard? {
        guard case .object(let object) = value, let text = object["when"]?.stringValue else {
            error("a guard is {when: condition, status: 403, message: …}", at: location)
            return nil
        }
        checkKeys(object, allowed: ["when", "status", "message", "code"], context: "a guard")
        let condition: TemplateExpression
        do {
            condition = try TemplateExpression(Self.unwrapped(text))
        } catch {
            self.error("guard: \(error.description)", at: object.valueLocation(of: "when"))
            return nil
        }
        guard let status = object["status"]?.intValue, (400...599).contains(status) else {
            error("a guard needs status: an error status (400-599)", at: object.location)
            return nil
        }
        let message = object["message"]?.stringValue ?? "the request is refused (\(text))"
        templates(in: .string(message), at: object.valueLocation(of: "message"))
        return .init(when: condition, status: status, message: message, code: object["code"]?.stringValue)
    }

    /// `{{ x }}` → `x`, so conditions may be written either way.
    static func unwrapped(_ text: String) -> String {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.components(separatedBy: "{{").count == 2 {
            return String(trimmed.dropFirst(2).dropLast(2)).trimmingSpaces
        }
        return trimmed
    }

    mutating func download(_ value: JSONValue, at location: SourceLocation) -> OperationRule.Download? {
        guard case .object(let object) = value else {
            error("download: is {contentType:, body: | file:} or {by:, variants: {…}}", at: location)
            return nil
        }
        checkKeys(
            object, allowed: ["by", "variants", "default", "filename", "contentType", "body", "file"],
            context: "download")
        var download = OperationRule.Download()
        if let by = object["by"]?.stringValue { download.by = template(by, at: object.valueLocation(of: "by")) }
        if let name = object["filename"]?.stringValue {
            download.filename = template(name, at: object.valueLocation(of: "filename"))
        }
        if case .object(let variants)? = object["variants"] {
            for member in variants {
                if let variant = self.variant(member.value, at: variants.valueLocation(of: member.key)) {
                    download.variants[member.key] = variant
                }
            }
            if let name = object["default"]?.stringValue {
                download.fallback = download.variants[name]
                if download.fallback == nil {
                    error("download default: '\(name)' is not a variant", at: object.valueLocation(of: "default"))
                }
            }
        } else {
            download.fallback = variant(value, at: location)
        }
        if download.variants.isEmpty && download.fallback == nil { return nil }
        return download
    }

    mutating func variant(_ value: JSONValue, at location: SourceLocation) -> OperationRule.Download.Variant? {
        guard case .object(let object) = value, let type = object["contentType"]?.stringValue else {
            error("a download needs contentType: and body: or file:", at: location)
            return nil
        }
        var variant = OperationRule.Download.Variant(contentType: type, body: nil, file: nil)
        if let file = object["file"]?.stringValue {
            guard let path = insideFolder(file, at: object.valueLocation(of: "file")) else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                error("download file \(file) cannot be read", at: object.valueLocation(of: "file"))
                return nil
            }
            variant.file = Array(data)
        } else if let body = object["body"]?.stringValue {
            variant.body = template(body, at: object.valueLocation(of: "body"))
        } else {
            error("a download needs body: (a template) or file: (beside the profile)", at: object.location)
            return nil
        }
        return variant
    }

    mutating func listRule(_ value: JSONValue, operationId: String, at location: SourceLocation) -> ListRule? {
        guard case .object(let object) = value else {
            error("list: is a mapping (limit:, filters:, sort:, only: …)", at: location)
            return nil
        }
        checkKeys(
            object, allowed: ["limit", "filters", "only", "defaultFilter", "sort", "across"], context: "list")
        let queryNames = Set(contract.operation(id: operationId)?.parameters(in: .query).map(\.name) ?? [])
        func checkParameter(_ name: String, at here: SourceLocation) {
            guard !queryNames.contains(name) else { return }
            diagnostics.append(
                .error(
                    "\(operationId) has no query parameter '\(name)'", file: file, at: here,
                    hint: Suggestion.hint(for: name, in: Array(queryNames))))
        }
        var rule = ListRule()
        if case .object(let limit)? = object["limit"] {
            checkKeys(limit, allowed: ["param", "default", "max", "overMax"], context: "list limit")
            rule.limitParameter = limit["param"]?.stringValue
            if let name = rule.limitParameter { checkParameter(name, at: limit.valueLocation(of: "param")) }
            rule.limitDefault = limit["default"]?.intValue
            rule.limitMaximum = limit["max"]?.intValue
            switch limit["overMax"]?.stringValue {
            case nil, "clamp": break
            case "error": rule.rejectOverMaximum = true
            default: error("overMax: is clamp or error", at: limit.valueLocation(of: "overMax"))
            }
        }
        if case .object(let filters)? = object["filters"] {
            for member in filters {
                let here = filters.keyLocation(of: member.key)
                checkParameter(member.key, at: here)
                switch member.value {
                case .string(let field): rule.filters[member.key] = .init(field: field, op: .eq)
                case .object(let spec):
                    checkKeys(spec, allowed: ["field", "op"], context: "filter '\(member.key)'")
                    let op = spec["op"].map { $0.stringValue.flatMap(ListRule.Operator.init(rawValue:)) } ?? .eq
                    guard let op else {
                        error(
                            "filter '\(member.key)': op: is one of \(ListRule.Operator.allCases.map(\.rawValue).joined(separator: ", "))",
                            at: spec.valueLocation(of: "op"))
                        continue
                    }
                    rule.filters[member.key] = .init(field: spec["field"]?.stringValue ?? member.key, op: op)
                default:
                    error(
                        "filter '\(member.key)' is a field name or {field:, op:}",
                        at: filters.valueLocation(of: member.key))
                }
            }
        }
        if let only = object["only"]?.stringValue { rule.only = condition(only, at: object.valueLocation(of: "only")) }
        if case .object(let fallback)? = object["defaultFilter"] {
            checkKeys(fallback, allowed: ["where", "unless"], context: "defaultFilter")
            if let text = fallback["where"]?.stringValue {
                rule.defaultFilter = condition(text, at: fallback.valueLocation(of: "where"))
            }
            rule.defaultFilterUnless = strings(fallback["unless"]) ?? []
            for name in rule.defaultFilterUnless { checkParameter(name, at: fallback.valueLocation(of: "unless")) }
        }
        switch object["sort"] {
        case nil: break
        case .string(let order)?: rule.defaultSort = order
        case .object(let sort)?:
            checkKeys(sort, allowed: ["default", "param", "allowed"], context: "sort")
            rule.defaultSort = sort["default"]?.stringValue
            rule.sortParameter = sort["param"]?.stringValue
            if let name = rule.sortParameter { checkParameter(name, at: sort.valueLocation(of: "param")) }
            rule.sortable = strings(sort["allowed"]) ?? []
        default:
            error(
                "sort: is an order (-created_at) or {default:, param:, allowed:}", at: object.valueLocation(of: "sort"))
        }
        if let across = object["across"] {
            rule.acrossScopes = across.stringValue == "scopes" || across.boolValue == true
        }
        return rule
    }

    // MARK: Sessions

    mutating func session(_ value: JSONValue, at location: SourceLocation) -> SessionRule? {
        guard case .object(let object) = value, let id = object["operation"]?.stringValue,
            let scheme = object["scheme"]?.stringValue
        else {
            error("a session rule is {operation: login, scheme: bearerAuth, issues: token|jwt|cookie}", at: location)
            return nil
        }
        checkKeys(
            object, allowed: ["operation", "scheme", "issues", "ttl", "username", "password"], context: "a session rule"
        )
        guard knownOperation(id, at: object.valueLocation(of: "operation"), context: "a session rule") else {
            return nil
        }
        guard contract.securitySchemes[scheme] != nil else {
            error(
                "a session rule: the contract has no security scheme '\(scheme)'",
                at: object.valueLocation(of: "scheme"),
                hint: "declared: \(contract.securitySchemes.keys.sorted().joined(separator: ", "))")
            return nil
        }
        let issues = object["issues"].map { $0.stringValue.flatMap(SessionRule.Issued.init(rawValue:)) } ?? .token
        guard let issues else {
            error("issues: is token, jwt or cookie", at: object.valueLocation(of: "issues"))
            return nil
        }
        let lifetime = object["ttl"].flatMap(Self.seconds) ?? 3600
        let username =
            template(
                object["username"]?.stringValue
                    ?? "{{ request.body.username ?? request.body.email ?? request.body.login }}",
                at: object.valueLocation(of: "username"))
        let password = template(
            object["password"]?.stringValue ?? "{{ request.body.password }}", at: object.valueLocation(of: "password"))
        guard let username, let password else { return nil }
        return SessionRule(
            operationId: id, username: username, password: password, scheme: scheme, issues: issues, lifetime: lifetime)
    }

    // MARK: Helpers

    /// `object[key]` when it is a mapping of fields to values (templates checked); empty, with an error,
    /// when it is something else; empty when absent.
    mutating func fieldValues(_ object: JSONObject, _ key: String, context: String) -> JSONObject {
        guard let value = object[key] else { return JSONObject() }
        guard let members = value.objectValue else {
            error("\(context): \(key): is a mapping of fields to values", at: object.valueLocation(of: key))
            return JSONObject()
        }
        templates(in: value, at: object.valueLocation(of: key))
        return members
    }

    mutating func knownOperation(_ id: String, at location: SourceLocation, context: String) -> Bool {
        guard contract.operation(id: id) == nil else { return true }
        error(
            "\(context): the contract has no operation '\(id)'", at: location,
            hint: Suggestion.hint(for: id, in: contract.operations.compactMap(\.operationId)))
        return false
    }

    mutating func template(_ text: String, at location: SourceLocation) -> Template? {
        do {
            return try Template(text)
        } catch {
            self.error("template: \(error.description)", at: location)
            return nil
        }
    }

    mutating func condition(_ text: String, at location: SourceLocation) -> TemplateExpression? {
        do {
            return try TemplateExpression(Self.unwrapped(text))
        } catch {
            self.error("condition: \(error.description)", at: location)
            return nil
        }
    }

    func strings(_ value: JSONValue?) -> [String]? {
        guard let value else { return nil }
        if let single = value.stringValue { return [single] }
        return value.arrayValue?.compactMap(\.stringValue)
    }
}
