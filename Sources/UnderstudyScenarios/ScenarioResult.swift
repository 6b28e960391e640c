/// The steps of one scenario as they ran.
public struct ScenarioResult: Sendable {
    public var name: String
    public var location: String
    public var tags: [String]
    public var steps: [StepResult]
    public var milliseconds: Double

    public init(name: String, location: String, tags: [String], steps: [StepResult], milliseconds: Double) {
        self.name = name
        self.location = location
        self.tags = tags
        self.steps = steps
        self.milliseconds = milliseconds
    }

    public var passed: Bool { steps.allSatisfy { $0.failures.isEmpty } }
    public var failures: [StepFailure] { steps.flatMap(\.failures) }
}
