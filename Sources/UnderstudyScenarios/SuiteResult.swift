/// One suite's run: setup, scenarios, teardown, coverage, and any reason it could not run at all.
public struct SuiteResult: Sendable {
    public var name: String
    public var file: String
    /// Where it ran (`http://127.0.0.1:9093` or `in-process mock`).
    public var destination: String
    public var setup: [StepResult]
    public var scenarios: [ScenarioResult]
    /// Scenarios left out by `--tag`.
    public var skipped: [String]
    public var teardown: [StepResult]
    public var coverage: Coverage?
    /// Set when the suite could not run (bad file, missing contract): a one-line reason with file:line.
    public var inputErrors: [String]
    public var milliseconds: Double

    public init(
        name: String, file: String, destination: String, setup: [StepResult] = [], scenarios: [ScenarioResult] = [],
        skipped: [String] = [], teardown: [StepResult] = [], coverage: Coverage? = nil, inputErrors: [String] = [],
        milliseconds: Double = 0
    ) {
        self.name = name
        self.file = file
        self.destination = destination
        self.setup = setup
        self.scenarios = scenarios
        self.skipped = skipped
        self.teardown = teardown
        self.coverage = coverage
        self.inputErrors = inputErrors
        self.milliseconds = milliseconds
    }

    public var passed: Bool {
        inputErrors.isEmpty && scenarios.allSatisfy(\.passed) && setup.allSatisfy(\.passed)
            && teardown.allSatisfy { $0.failures.isEmpty }
    }

    /// Whether a failure is the suite's or the command line's fault (exit 2).
    public var hasInputErrors: Bool {
        !inputErrors.isEmpty
            || (setup + scenarios.flatMap(\.steps) + teardown).contains { $0.failures.contains(where: \.isInputError) }
    }
}
