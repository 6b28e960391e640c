import Foundation
import UnderstudySchema

/// How `understudy test` runs suites.
public struct RunOptions: Sendable {
    /// Only scenarios (or suites) with one of these tags run; empty runs everything.
    public var tags: [String]
    /// `--var k=v`: overrides the suites' own variables.
    public var variables: [String: JSONValue]
    /// Seconds one request may take (a suite's `timeout:` overrides it).
    public var requestTimeout: Double
    /// Seconds a whole suite may take.
    public var suiteTimeout: Double
    /// The clock templates read.
    public var clock: @Sendable () -> Date

    public init(
        tags: [String] = [], variables: [String: JSONValue] = [:], requestTimeout: Double = 30,
        suiteTimeout: Double = 600, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.tags = tags
        self.variables = variables
        self.requestTimeout = requestTimeout
        self.suiteTimeout = suiteTimeout
        self.clock = clock
    }
}
