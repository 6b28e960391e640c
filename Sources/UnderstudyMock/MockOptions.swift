/// Settings of a mock engine.
public struct MockOptions: Sendable {
    /// Seed for generated data: the same seed gives the same data.
    public var seed: UInt64
    /// Validate every response body the mock sends against its schema, and log mismatches loudly.
    public var selfCheck: Bool
    /// How many recent requests the admin API keeps.
    public var requestLogSize: Int
    /// Page size used when a list operation has a limit parameter without a default.
    public var defaultPageSize: Int

    public init(seed: UInt64 = 1, selfCheck: Bool = true, requestLogSize: Int = 200, defaultPageSize: Int = 20) {
        self.seed = seed
        self.selfCheck = selfCheck
        self.requestLogSize = requestLogSize
        self.defaultPageSize = defaultPageSize
    }
}
