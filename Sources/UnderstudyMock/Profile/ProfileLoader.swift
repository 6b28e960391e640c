import Foundation
import UnderstudyContract
import UnderstudySchema

/// Reads a mock profile and its contract, and checks the profile against the contract: every security
/// scheme, operationId and tag it names must exist, every template must parse. Problems are diagnostics with
/// `file:line:column`; the profile is nil when any is an error.
public struct ProfileLoader: Sendable {
    public init() {}

    public struct Outcome: Sendable {
        public var profile: MockProfile?
        public var contract: Contract?
        public var diagnostics: [Diagnostic]
    }

    static let topKeys = [
        "contract", "principals", "permissions", "errors", "rateLimits", "latency", "faults", "clock", "description",
        "resources", "operations", "sessions", "roles", "securitySchemes", "cors",
    ]
    static let selectorKeys = ["operation", "tag", "path", "method"]

    /// Whether `document` (read from `file`) is a mock profile rather than a contract or a suite: a
    /// `mock.yaml`, or a mapping with principals:, permissions:, errors: or rateLimits: and no openapi:,
    /// swagger: or suite:.
    public static func isProfile(_ document: JSONValue, file: String) -> Bool {
        guard case .object(let root) = document else { return false }
        if root["openapi"] != nil || root["swagger"] != nil || root["suite"] != nil { return false }
        return (file as NSString).lastPathComponent == "mock.yaml"
            || ["principals", "permissions", "errors", "rateLimits", "latency", "faults", "resources", "operations"]
                .contains { root[$0] != nil }
    }

    /// Loads `path` (a profile file) and the contract it names (`contract:`, default the openapi.yaml or
    /// openapi.json beside it).
    public func load(path: String) -> Outcome {
        let read: YAMLReader.Result
        do {
            read = try DocumentReader().read(path: path, displayPath: path)
        } catch {
            return Outcome(profile: nil, contract: nil, diagnostics: [error.diagnostic])
        }
        var diagnostics = read.diagnostics
        guard case .object(let root)? = read.value else {
            diagnostics.append(
                .error(
                    "a profile is a mapping (principals:, permissions:, errors:, rateLimits:)", file: path, at: .unknown
                ))
            return Outcome(profile: nil, contract: nil, diagnostics: diagnostics)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var contractPath: String
        if let named = root["contract"]?.stringValue {
            contractPath = named.hasPrefix("/") ? named : folder.appendingPathComponent(named).standardizedFileURL.path
        } else {
            contractPath =
                ["openapi.yaml", "openapi.yml", "openapi.json"].map { folder.appendingPathComponent($0).path }
                .first { FileManager.default.fileExists(atPath: $0) }
                ?? folder.appendingPathComponent("openapi.yaml").path
        }
        contractPath = CorpusReference.locate(contractPath)
        if let missing = CorpusReference.missing(contractPath, namedBy: path, at: root.valueLocation(of: "contract")) {
            return Outcome(profile: nil, contract: nil, diagnostics: diagnostics + [missing])
        }
        let loaded = ContractLoader().load(path: contractPath)
        guard let contract = loaded.contract, !loaded.diagnostics.hasErrors else {
            diagnostics.append(
                .error(
                    "its contract \(contractPath) cannot be loaded", file: path, at: root.valueLocation(of: "contract"),
                    hint: "run understudy lint on the contract"))
            return Outcome(profile: nil, contract: nil, diagnostics: diagnostics + loaded.diagnostics.errors)
        }
        var reader = Reader(file: path, contract: contract, diagnostics: [], folder: folder.standardizedFileURL.path)
        let profile = reader.profile(root, contractPath: contractPath)
        diagnostics += reader.diagnostics
        return Outcome(profile: diagnostics.hasErrors ? nil : profile, contract: contract, diagnostics: diagnostics)
    }

    struct Reader {
        let file: String
        /// The contract, with the profile's own security schemes added once they are read.
        var contract: Contract
        var diagnostics: [Diagnostic]
        /// The profile's folder: files it names (seeds, downloads) must be inside it.
        var folder: String = "."
        /// Role name → the permissions it grants (`roles:`).
        var roles: [String: Set<String>] = [:]

        mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
            diagnostics.append(.error(message, file: file, at: location, hint: hint))
        }

        mutating func checkKeys(_ object: JSONObject, allowed: [String], context: String) {
            diagnostics += Diagnostic.unknownKeys(in: object, allowed: allowed, context: context, file: file)
        }

        mutating func profile(_ root: JSONObject, contractPath: String) -> MockProfile {
            checkKeys(root, allowed: ProfileLoader.topKeys, context: "the profile")
            var profile = MockProfile(file: file, contractPath: contractPath)
            if let value = root["securitySchemes"] {
                profile.extraSchemes = securitySchemes(value, at: root.valueLocation(of: "securitySchemes"))
                for scheme in profile.extraSchemes { contract.securitySchemes[scheme.name] = scheme }
            }
            if let value = root["roles"] {
                if case .object(let members) = value {
                    for member in members {
                        let granted =
                            member.value.stringValue.map { [$0] } ?? member.value.arrayValue?.compactMap(\.stringValue)
                        guard let granted else {
                            error(
                                "role '\(member.key)' is a list of permissions",
                                at: members.valueLocation(of: member.key))
                            continue
                        }
                        roles[member.key] = Set(granted)
                    }
                } else {
                    error("roles: is a mapping of role names to permissions", at: root.valueLocation(of: "roles"))
                }
            }
            if let value = root["principals"] {
                if case .object(let members) = value {
                    for member in members {
                        if let principal = principal(
                            member.key, member.value, at: members.valueLocation(of: member.key))
                        {
                            profile.principals.append(principal)
                        }
                    }
                } else {
                    error(
                        "principals: is a mapping of names to {credentials:, permissions:}",
                        at: root.valueLocation(of: "principals"))
                }
            }
            if let value = root["permissions"] {
                if case .array(let rules) = value {
                    for (index, rule) in rules.enumerated() {
                        if let parsed = permissionRule(rule, at: rules.location(at: index)) {
                            profile.permissionRules.append(parsed)
                        }
                    }
                } else {
                    error(
                        "permissions: is a list of {operation:|tag:|path:, needs:}",
                        at: root.valueLocation(of: "permissions"))
                }
            }
            if let value = root["errors"] {
                if case .object(let shapes) = value {
                    for member in shapes {
                        let here = shapes.keyLocation(of: member.key)
                        guard let status = Int(member.key), (400...599).contains(status) else {
                            error("errors: keys are HTTP error statuses (400-599), got '\(member.key)'", at: here)
                            continue
                        }
                        templates(in: member.value, at: shapes.valueLocation(of: member.key))
                        profile.errorShapes[status] = member.value
                    }
                } else {
                    error("errors: is a mapping of statuses to bodies", at: root.valueLocation(of: "errors"))
                }
            }
            if let value = root["rateLimits"] {
                if case .array(let limits) = value {
                    for (index, limit) in limits.enumerated() {
                        if let parsed = rateLimit(limit, at: limits.location(at: index)) {
                            profile.rateLimits.append(parsed)
                        }
                    }
                } else {
                    error("rateLimits: is a list of {limit:, window:, per:}", at: root.valueLocation(of: "rateLimits"))
                }
            }
            for (key, parse) in [("latency", Self.latencyList), ("faults", Self.faultList)] {
                guard let value = root[key] else { continue }
                guard case .array(let items) = value else {
                    error("\(key): is a list", at: root.valueLocation(of: key))
                    continue
                }
                parse(&self, items, &profile)
            }
            if let value = root["clock"] {
                if let setting = clock(value, at: root.valueLocation(of: "clock")) { profile.clock = setting }
            }
            if let value = root["cors"] {
                profile.cors = cors(value, at: root.valueLocation(of: "cors"))
            }
            behaviour(root, into: &profile)
            let granted = Set(profile.principals.flatMap(\.permissions))
            for rule in profile.permissionRules {
                for permission in rule.needs where !granted.contains(permission) && !granted.contains("*") {
                    diagnostics.append(
                        .warning(
                            "no principal holds '\(permission)', which \(rule.selector) needs", file: file, at: .unknown
                        ))
                }
            }
            return profile
        }

        mutating func principal(_ name: String, _ value: JSONValue, at location: SourceLocation) -> Principal? {
            guard case .object(let object) = value else {
                error("principal '\(name)' is a mapping with credentials: and permissions:", at: location)
                return nil
            }
            checkKeys(
                object,
                allowed: ["credentials", "permissions", "roles", "description", "tenant", "attributes", "login"],
                context: "principal '\(name)'")
            var credentials: [String: String] = [:]
            var expiries: [String: CredentialExpiry] = [:]
            if case .object(let members)? = object["credentials"] {
                for member in members {
                    let here = members.keyLocation(of: member.key)
                    guard let scheme = contract.securitySchemes[member.key] else {
                        let known = contract.securitySchemes.keys.sorted().joined(separator: ", ")
                        error(
                            "principal '\(name)': the contract has no security scheme '\(member.key)'", at: here,
                            hint: known.isEmpty ? "the contract declares no security schemes" : "declared: \(known)")
                        continue
                    }
                    var given = member.value
                    if case .object(let detailed) = member.value {
                        checkKeys(detailed, allowed: ["value", "expires", "ttl"], context: "a credential")
                        given = detailed["value"] ?? .null
                        if let expiry = self.expiry(detailed) { expiries[member.key] = expiry }
                    }
                    guard let text = given.stringValue ?? given.intValue.map(String.init), !text.isEmpty
                    else {
                        error(
                            "principal '\(name)': the credential for '\(member.key)' must be a non-empty string",
                            at: members.valueLocation(of: member.key))
                        continue
                    }
                    if case .http(let kind, _) = scheme.kind, kind == "basic", !text.contains(":") {
                        error(
                            "principal '\(name)': a Basic credential is 'user:password'",
                            at: members.valueLocation(of: member.key))
                        continue
                    }
                    credentials[member.key] = text
                }
            } else if object["credentials"] != nil {
                error(
                    "principal '\(name)': credentials: is a mapping of security scheme names to credentials",
                    at: object.valueLocation(of: "credentials"))
            }
            var permissions = Set<String>()
            if let value = object["permissions"] {
                if let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) {
                    permissions = Set(list.compactMap(\.stringValue))
                } else if let single = value.stringValue {
                    permissions = [single]
                } else {
                    error(
                        "principal '\(name)': permissions: is a list of names",
                        at: object.valueLocation(of: "permissions"))
                }
            }
            if let value = object["roles"] {
                let names = value.stringValue.map { [$0] } ?? value.arrayValue?.compactMap(\.stringValue) ?? []
                for role in names {
                    if let granted = roles[role] {
                        permissions.formUnion(granted)
                    } else {
                        error(
                            "principal '\(name)': no role '\(role)' under roles:",
                            at: object.valueLocation(of: "roles"),
                            hint: Suggestion.hint(for: role, in: Array(roles.keys)))
                    }
                }
            }
            var principal = Principal(name: name, credentials: credentials, permissions: permissions)
            principal.expiries = expiries
            principal.tenant = object["tenant"]?.stringValue
            if let value = object["attributes"] {
                if let attributes = value.objectValue {
                    principal.attributes = attributes
                } else {
                    error(
                        "principal '\(name)': attributes: is a mapping of values",
                        at: object.valueLocation(of: "attributes"))
                }
            }
            if let value = object["login"] {
                if let text = value.stringValue, text.contains(":") {
                    principal.login = text
                } else {
                    error("principal '\(name)': login: is 'user:password'", at: object.valueLocation(of: "login"))
                }
            }
            return principal
        }

        /// Security schemes the contract does not declare but the API accepts (`{type: apiKey, in: query,
        /// name: api_key}`, `{type: http, scheme: bearer}`): each becomes one more alternative of every
        /// operation that needs credentials.
        mutating func securitySchemes(_ value: JSONValue, at location: SourceLocation) -> [SecurityScheme] {
            guard case .object(let members) = value else {
                error("securitySchemes: is a mapping of names to {type: apiKey|http, …}", at: location)
                return []
            }
            var schemes: [SecurityScheme] = []
            for member in members {
                let here = members.valueLocation(of: member.key)
                guard case .object(let spec) = member.value else {
                    error("security scheme '\(member.key)' is a mapping", at: here)
                    continue
                }
                checkKeys(spec, allowed: ["type", "in", "name", "scheme", "description"], context: "a security scheme")
                if contract.securitySchemes[member.key] != nil {
                    error("the contract already declares the security scheme '\(member.key)'", at: here)
                    continue
                }
                switch spec["type"]?.stringValue {
                case "apiKey":
                    guard let name = spec["name"]?.stringValue,
                        let place = spec["in"]?.stringValue.flatMap(ParameterLocation.init(rawValue:)),
                        place != .path
                    else {
                        error("an apiKey scheme needs name: and in: header, query or cookie", at: here)
                        continue
                    }
                    schemes.append(SecurityScheme(name: member.key, kind: .apiKey(name: name, location: place)))
                case "http":
                    guard let scheme = spec["scheme"]?.stringValue?.lowercased() else {
                        error("an http scheme needs scheme: basic or bearer", at: here)
                        continue
                    }
                    schemes.append(SecurityScheme(name: member.key, kind: .http(scheme: scheme, bearerFormat: nil)))
                default:
                    error("a security scheme's type: is apiKey or http", at: here)
                }
            }
            return schemes
        }

        /// `{expires: RFC 3339}` or `{ttl: 10m}` of a credential.
        mutating func expiry(_ object: JSONObject) -> CredentialExpiry? {
            if let text = object["expires"]?.stringValue {
                if let date = DateText.parse(text) { return .at(date) }
                error("expires: '\(text)' is not an RFC 3339 date-time", at: object.valueLocation(of: "expires"))
            }
            if let value = object["ttl"] {
                if let seconds = Self.seconds(value), seconds > 0 { return .after(seconds) }
                error("ttl: is a duration such as 10m", at: object.valueLocation(of: "ttl"))
            }
            return nil
        }

        mutating func selector(_ object: JSONObject, context: String) -> OperationSelector? {
            var selector = OperationSelector(
                operationId: object["operation"]?.stringValue, tag: object["tag"]?.stringValue,
                pathPattern: object["path"]?.stringValue, method: object["method"]?.stringValue)
            if let id = selector.operationId, id != "*",
                !knownOperation(id, at: object.valueLocation(of: "operation"), context: context)
            {
                return nil
            }
            if let tag = selector.tag, !contract.operations.contains(where: { $0.tags.contains(tag) }) {
                error("\(context): no operation has the tag '\(tag)'", at: object.valueLocation(of: "tag"))
                return nil
            }
            if selector.pathPattern != nil || selector.method != nil,
                !contract.operations.contains(where: selector.matches)
            {
                error("\(context): \(selector) matches no operation", at: object.location)
                return nil
            }
            if selector.operationId == "*" { selector.operationId = nil }
            return selector
        }

        mutating func permissionRule(_ value: JSONValue, at location: SourceLocation) -> PermissionRule? {
            guard case .object(let object) = value else {
                error("a permission rule is a mapping: {operation: id, needs: permission}", at: location)
                return nil
            }
            checkKeys(object, allowed: ProfileLoader.selectorKeys + ["needs"], context: "a permission rule")
            let needs =
                object["needs"].flatMap { $0.stringValue.map { [$0] } ?? $0.arrayValue?.compactMap(\.stringValue) }
                ?? []
            guard !needs.isEmpty else {
                error("a permission rule needs needs: (a permission or a list)", at: object.location)
                return nil
            }
            guard let selector = selector(object, context: "a permission rule") else { return nil }
            return PermissionRule(selector: selector, needs: needs)
        }

        mutating func rateLimit(_ value: JSONValue, at location: SourceLocation) -> RateLimit? {
            guard case .object(let object) = value else {
                error("a rate limit is a mapping: {limit: 100, window: 60s, per: principal}", at: location)
                return nil
            }
            checkKeys(
                object, allowed: ProfileLoader.selectorKeys + ["limit", "window", "per"], context: "a rate limit")
            guard let limit = object["limit"]?.intValue, limit > 0 else {
                error("a rate limit needs limit: a whole number > 0", at: object.location)
                return nil
            }
            guard let window = object["window"].flatMap(Self.seconds), window > 0 else {
                error("a rate limit needs window: a duration such as 60s or 1m", at: object.valueLocation(of: "window"))
                return nil
            }
            let per = object["per"]?.stringValue ?? "principal"
            guard per == "principal" || per == "global" else {
                error("per: is principal or global", at: object.valueLocation(of: "per"))
                return nil
            }
            guard let selector = selector(object, context: "a rate limit") else { return nil }
            return RateLimit(selector: selector, limit: limit, window: window, perPrincipal: per == "principal")
        }

        static func latencyList(_ reader: inout Reader, _ items: JSONArray, _ profile: inout MockProfile) {
            for (index, item) in items.enumerated() {
                if let latency = reader.latency(item, at: items.location(at: index)) {
                    profile.latencies.append(latency)
                }
            }
        }

        static func faultList(_ reader: inout Reader, _ items: JSONArray, _ profile: inout MockProfile) {
            for (index, item) in items.enumerated() {
                if let fault = reader.fault(item, at: items.location(at: index)) { profile.faults.append(fault) }
            }
        }

        /// `{fixed: 200ms}`, `{uniform: [50ms, 300ms]}` or `{lognormal: {median: 100ms, sigma: 0.5}}`, with a
        /// selector.
        mutating func latency(_ value: JSONValue, at location: SourceLocation) -> Latency? {
            guard case .object(let object) = value else {
                error(
                    "a latency is a mapping: {fixed: 200ms}, {uniform: [50ms, 300ms]} or {lognormal: {median: 100ms, sigma: 0.5}}",
                    at: location)
                return nil
            }
            checkKeys(
                object, allowed: ProfileLoader.selectorKeys + ["fixed", "uniform", "lognormal"], context: "a latency")
            let distribution: Latency.Distribution
            if let fixed = object["fixed"].flatMap(Self.seconds), fixed >= 0 {
                distribution = .fixed(fixed)
            } else if case .array(let bounds)? = object["uniform"], bounds.count == 2,
                let low = Self.seconds(bounds[0]), let high = Self.seconds(bounds[1]), 0 <= low, low <= high
            {
                distribution = .uniform(low, high)
            } else if case .object(let shape)? = object["lognormal"],
                let median = shape["median"].flatMap(Self.seconds),
                median > 0, let sigma = shape["sigma"]?.doubleValue, sigma >= 0
            {
                distribution = .lognormal(median: median, sigma: sigma)
            } else {
                error(
                    "a latency needs fixed:, uniform: [low, high] or lognormal: {median:, sigma:} with durations",
                    at: object.location)
                return nil
            }
            guard let selector = selector(object, context: "a latency") else { return nil }
            return Latency(selector: selector, distribution: distribution)
        }

        /// `{status: 503, rate: 0.1}` or `{kind: close|truncate, rate: 0.05}`, with a selector.
        mutating func fault(_ value: JSONValue, at location: SourceLocation) -> FaultRule? {
            guard case .object(let object) = value else {
                error("a fault is a mapping: {status: 503, rate: 0.1} or {kind: close, rate: 0.05}", at: location)
                return nil
            }
            checkKeys(object, allowed: ProfileLoader.selectorKeys + ["status", "kind", "rate"], context: "a fault")
            let rate = object["rate"]?.doubleValue ?? 1
            guard (0...1).contains(rate) else {
                error("a fault's rate: is between 0 and 1", at: object.valueLocation(of: "rate"))
                return nil
            }
            let kind: FaultRule.Kind
            if let status = object["status"]?.intValue, (400...599).contains(status) {
                kind = .status(status)
            } else if let name = object["kind"]?.stringValue, let wire = MockResponse.Fault(rawValue: name) {
                kind = .wire(wire)
            } else {
                error("a fault needs status: (400-599) or kind: close or truncate", at: object.location)
                return nil
            }
            guard let selector = selector(object, context: "a fault") else { return nil }
            return FaultRule(selector: selector, kind: kind, rate: rate)
        }

        /// `real`, `{fixed: 2024-06-01T12:00:00Z}` or `{offset: -1d}`.
        /// `cors: off | any | [origin, …]`.
        mutating func cors(_ value: JSONValue, at location: SourceLocation) -> CORSPolicy? {
            let text: String
            switch value {
            case .string(let single): text = single
            case .array(let list) where list.allSatisfy({ $0.stringValue != nil }) && !list.isEmpty:
                text = list.compactMap(\.stringValue).joined(separator: ",")
            default:
                error("cors: is off, any, or a list of origins such as http://localhost:5173", at: location)
                return nil
            }
            let (policy, problem) = CORSPolicy.parse(text)
            if let problem { error("cors: \(problem)", at: location) }
            return policy
        }

        mutating func clock(_ value: JSONValue, at location: SourceLocation) -> MockClock.Setting? {
            if value.stringValue == "real" { return .real }
            if case .object(let object) = value, object.count == 1 {
                if let text = object["fixed"]?.stringValue {
                    if text.count > 10, let date = DateText.parse(text) { return .fixed(date) }
                    error(
                        "clock.fixed: '\(text)' is not an RFC 3339 date-time (e.g. 2024-06-01T12:00:00Z)",
                        at: object.valueLocation(of: "fixed"))
                    return nil
                }
                if let offset = object["offset"] {
                    if let seconds = Self.seconds(offset) { return .offset(seconds) }
                    error(
                        "clock.offset: '\(offset.stringValue ?? JSONSerializer.serialize(offset))' is not a duration (e.g. -1d, +2h, 30m)",
                        at: object.valueLocation(of: "offset"))
                    return nil
                }
            }
            error("clock: is real, {fixed: 2024-06-01T12:00:00Z} or {offset: -1d}", at: location)
            return nil
        }

        mutating func templates(in value: JSONValue, at location: SourceLocation) {
            diagnostics += Diagnostic.malformedTemplates(in: value, at: location, file: file)
        }

        /// Seconds from `60`, `"60s"`, `"500ms"`, `"1m"`, `"-1d"`, `"+2h"`.
        static func seconds(_ value: JSONValue) -> Double? {
            value.doubleValue.flatMap(DurationText.bounded) ?? value.stringValue.flatMap { DurationText.seconds($0) }
        }
    }
}
