import UnderstudySchema

/// A scenario suite as written: its contract, variables, credentials, and scenarios of steps, with setup
/// and teardown. Values stay as written (templates unrendered) until a step runs.
public struct Suite: Sendable {
    /// The suite's name (`suite:`).
    public var name: String
    /// The suite file, as given.
    public var file: String
    /// The contract's path, resolved against the suite's folder.
    public var contractPath: String
    /// A path prefix on the target (`baseURL:`); nil means the contract's first server URL path.
    public var basePath: String?
    /// Variables in the order written (later ones may use earlier ones in templates).
    public var variables: [(name: String, value: JSONValue)]
    public var credentials: [String: Credential]
    /// The credential every step uses unless it names another (`auth:`).
    public var defaultAuth: String?
    public var tags: [String]
    public var setup: [Step]
    public var scenarios: [Scenario]
    public var teardown: [Step]
    /// Seconds a request may take before it fails (`timeout:`), when the suite overrides the runner's.
    public var requestTimeout: Double?

    public init(
        name: String, file: String, contractPath: String, basePath: String? = nil,
        variables: [(name: String, value: JSONValue)] = [], credentials: [String: Credential] = [:],
        defaultAuth: String? = nil,
        tags: [String] = [], setup: [Step] = [], scenarios: [Scenario] = [], teardown: [Step] = [],
        requestTimeout: Double? = nil
    ) {
        self.name = name
        self.file = file
        self.contractPath = contractPath
        self.basePath = basePath
        self.variables = variables
        self.credentials = credentials
        self.defaultAuth = defaultAuth
        self.tags = tags
        self.setup = setup
        self.scenarios = scenarios
        self.teardown = teardown
        self.requestTimeout = requestTimeout
    }
}
