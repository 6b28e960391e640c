/// What one run of a step did and found.
public struct StepResult: Sendable {
    public var name: String
    /// Where the step is written (`file:line`).
    public var location: String
    public var operationId: String?
    public var request: ScenarioRequest?
    public var response: ScenarioResponse?
    public var failures: [StepFailure]
    public var milliseconds: Double
    /// How many times it was sent (more than one when polling).
    public var attempts: Int
    /// Set when an earlier step of the scenario failed, so this one was not sent.
    public var skipped: Bool

    public init(
        name: String, location: String, operationId: String? = nil, request: ScenarioRequest? = nil,
        response: ScenarioResponse? = nil, failures: [StepFailure] = [], milliseconds: Double = 0, attempts: Int = 0,
        skipped: Bool = false
    ) {
        self.name = name
        self.location = location
        self.operationId = operationId
        self.request = request
        self.response = response
        self.failures = failures
        self.milliseconds = milliseconds
        self.attempts = attempts
        self.skipped = skipped
    }

    public var passed: Bool { failures.isEmpty && !skipped }
}

/// One expectation that did not hold, or a reason the step could not run.
public struct StepFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case status, header, body, json, conformance, capture, template, request, transport
        /// Not run because a setup step failed.
        case setup
    }

    public var kind: Kind
    public var message: String
    /// Where in the contract the broken rule is (`file:line:column`), for conformance failures.
    public var contractLocation: String?

    public init(_ kind: Kind, _ message: String, contractLocation: String? = nil) {
        self.kind = kind
        self.message = message
        self.contractLocation = contractLocation
    }

    /// Whether this is a problem of the suite or the command line (exit 2), not of the server. A capture
    /// that matches nothing in an answer, and a connection cut or timed out once the target has answered
    /// (the command line probes it before any step), are the server's failures (exit 1).
    public var isInputError: Bool {
        switch kind {
        case .template, .request: return true
        default: return false
        }
    }

    public var description: String {
        message + (contractLocation.map { " (contract: \($0))" } ?? "")
    }
}
