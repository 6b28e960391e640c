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

    /// The principal holding `value` for the security scheme `scheme`.
    public func principal(scheme: String, credential value: String) -> Principal? {
        principals.first { $0.credentials[scheme] == value }
    }
}

/// A caller of the API: its credentials per security scheme and the permissions it holds.
public struct Principal: Sendable, Hashable {
    public var name: String
    /// Security scheme name → the credential: an API key, a bearer token, or `user:password` for Basic.
    public var credentials: [String: String]
    /// Permission names; `*` holds every permission.
    public var permissions: Set<String>

    public init(name: String, credentials: [String: String], permissions: Set<String>) {
        self.name = name
        self.credentials = credentials
        self.permissions = permissions
    }

    public func holds(_ permission: String) -> Bool { permissions.contains("*") || permissions.contains(permission) }
}
