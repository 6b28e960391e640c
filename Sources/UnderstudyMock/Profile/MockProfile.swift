import Foundation
import UnderstudyContract
import UnderstudySchema

/// What a mock profile (`specs/<api>/mock.yaml`) says that the contract cannot: who the callers are and
/// which credentials they hold, what each operation needs, how errors look, and how fast callers may go.
public struct MockProfile: Sendable {
    /// The profile file, as given.
    public var file: String
    /// The contract's path, resolved against the profile's folder.
    public var contractPath: String
    public var principals: [Principal]
    /// Which permissions operations need; the first rule that matches an operation applies.
    public var permissionRules: [PermissionRule]
    /// Error bodies by status (templates: `{{ status }}`, `{{ message }}`, `{{ errors }}`, `{{ operation }}`,
    /// `{{ principal }}`, `{{ uuid }}`, `{{ now }}`).
    public var errorShapes: [Int: JSONValue]
    public var rateLimits: [RateLimit]
    /// Delays for the operations their selectors pick (the first that matches applies).
    public var latencies: [Latency] = []
    /// Broken answers injected at a rate (each that matches is drawn in turn).
    public var faults: [FaultRule] = []
    /// The clock the mock lives by (`clock: {fixed: …}` or `{offset: -1d}`; default real).
    public var clock: MockClock.Setting = .real
    /// Which browser origins may call this contract's mock (`cors:`), when `serve --cors` does not say; nil
    /// for the default (any).
    public var cors: CORSPolicy? = nil
    /// Stored resources: ids, ownership, uniqueness, seeds, lifecycles.
    public var resources: [ResourceRule] = []
    /// Per-operation behaviour, by operationId.
    public var operations: [String: OperationRule] = [:]
    /// Operations that log principals in.
    public var sessions: [SessionRule] = []
    /// Security schemes the API accepts beyond the contract's (each one more alternative of every
    /// operation that needs credentials).
    public var extraSchemes: [SecurityScheme] = []

    /// `contract` with ``extraSchemes`` added.
    public func extended(_ contract: Contract) -> Contract {
        guard !extraSchemes.isEmpty else { return contract }
        var extended = contract
        for scheme in extraSchemes { extended.securitySchemes[scheme.name] = scheme }
        for index in extended.operations.indices where !extended.operations[index].security.isEmpty {
            for scheme in extraSchemes {
                extended.operations[index].security.append(SecurityRequirement(schemes: [(scheme.name, [])]))
            }
        }
        return extended
    }

    public init(
        file: String, contractPath: String, principals: [Principal] = [], permissionRules: [PermissionRule] = [],
        errorShapes: [Int: JSONValue] = [:], rateLimits: [RateLimit] = []
    ) {
        self.file = file
        self.contractPath = contractPath
        self.principals = principals
        self.permissionRules = permissionRules
        self.errorShapes = errorShapes
        self.rateLimits = rateLimits
    }

    /// The principal holding `value` for the security scheme `scheme`, and when that credential expires.
    public func principal(scheme: String, credential value: String) -> Principal? {
        principals.first { $0.credentials[scheme] == value }
    }

    /// The principal who logs in as `username` with `password` (its `login:`, else a Basic credential).
    public func principal(username: String, password: String) -> Principal? {
        let pair = "\(username):\(password)"
        return principals.first { principal in
            principal.login == pair || principal.credentials.values.contains(pair)
        }
    }

    /// Whether answers may change while the store does not (rate counts, lifecycles that advance on reads
    /// or by time, expiring credentials, sessions, rules), so a repeated read must not be answered from the
    /// cache before the security, permission and rate-limit stages have seen it; after them, the reads whose
    /// answers depend only on the request, the caller and the store still are (see ``MockEngine``).
    public var disablesReadCache: Bool {
        !rateLimits.isEmpty || !sessions.isEmpty || !resources.isEmpty || !operations.isEmpty
            || principals.contains { !$0.expiries.isEmpty }
    }

    /// The resource rule named `name`.
    public func resource(named name: String) -> ResourceRule? { resources.first { $0.name == name } }
}

/// A caller of the API: its credentials per security scheme and the permissions it holds. Its members are
/// shared between copies until one changes (``SharedMembers``): every request under a profile hands its
/// caller from stage to stage.
public struct Principal: Sendable, Hashable {
    private struct Members: Sendable, Hashable {
        var name: String
        var credentials: [String: String]
        var permissions: Set<String>
        var tenant: String? = nil
        var attributes: JSONObject = JSONObject()
        var login: String? = nil
        var expiries: [String: CredentialExpiry] = [:]
    }

    private var shared: SharedMembers<Members>

    public var name: String {
        get { shared.members.name }
        set { shared.members.name = newValue }
    }
    /// Security scheme name → the credential: an API key, a bearer token, or `user:password` for Basic.
    public var credentials: [String: String] {
        get { shared.members.credentials }
        set { shared.members.credentials = newValue }
    }
    /// Permission names; `*` holds every permission. `name[param=value]` holds `name` only where the path
    /// parameter `param` is `value`.
    public var permissions: Set<String> {
        get { shared.members.permissions }
        set { shared.members.permissions = newValue }
    }
    /// Whose data it sees: items created by a principal of the same tenant (nil: shared data).
    public var tenant: String? {
        get { shared.members.tenant }
        set { shared.members.tenant = newValue }
    }
    /// Free values templates read as `principal.NAME` (email, display name, buckets …).
    public var attributes: JSONObject {
        get { shared.members.attributes }
        set { shared.members.attributes = newValue }
    }
    /// `user:password` a login operation accepts for this principal.
    public var login: String? {
        get { shared.members.login }
        set { shared.members.login = newValue }
    }
    /// Credential (scheme name) → when it stops being accepted.
    public var expiries: [String: CredentialExpiry] {
        get { shared.members.expiries }
        set { shared.members.expiries = newValue }
    }

    public init(name: String, credentials: [String: String], permissions: Set<String>) {
        shared = SharedMembers(Members(name: name, credentials: credentials, permissions: permissions))
    }

    public static func == (lhs: Principal, rhs: Principal) -> Bool {
        lhs.shared.shares(rhs.shared) || lhs.shared.members == rhs.shared.members
    }

    public func hash(into hasher: inout Hasher) { shared.members.hash(into: &hasher) }

    /// Whether the principal holds `permission` for a request with these path parameters.
    public func holds(_ permission: String, pathParameters: [String: String] = [:]) -> Bool {
        if permissions.contains("*") || permissions.contains(permission) { return true }
        return permissions.contains { held in
            guard held.hasPrefix(permission + "["), held.hasSuffix("]") else { return false }
            let condition = held.dropFirst(permission.count + 1).dropLast()
            let parts = condition.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 && pathParameters[parts[0]] == parts[1]
        }
    }

    /// What templates see as `principal`.
    public var templateValue: JSONValue {
        var object = attributes
        object.set("name", .string(name))
        object.set("tenant", tenant.map(JSONValue.string) ?? .null)
        object.set("permissions", .array(permissions.sorted().map(JSONValue.string)))
        return .object(object)
    }
}

/// When a principal's credential stops being accepted: at an instant, or some time after the mock starts
/// (both on the mock's clock, so `POST /__understudy/clock {"advance": …}` can expire it).
public enum CredentialExpiry: Sendable, Hashable {
    case at(Date)
    case after(Double)
}
