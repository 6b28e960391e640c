import Foundation
import UnderstudyContract
import UnderstudySchema

/// Runs the workflows of an ``ArazzoDocument`` against a server or an in-process mock, one session for the
/// document, and reports them as a suite: each workflow a scenario, each step run a step (criteria that do
/// not hold, answers that break the contract, and runtime problems as failures with the step's file:line).
///
/// Steps call operations of the OpenAPI sources (by `operationId`, `$sourceDescriptions.NAME.operationId` or
/// `operationPath`) or other workflows (`workflowId`, whose outputs the step reads as `$outputs.NAME`).
/// `onSuccess`/`onFailure` (and the workflow's `successActions`/`failureActions`) `end`, `goto` a step or a
/// workflow, or `retry` after `retryAfter` seconds up to `retryLimit` times; a workflow runs at most
/// ``maxStepRuns`` steps, so no goto loop runs away.
public struct WorkflowRunner: Sendable {
    public let document: ArazzoDocument
    /// The contract of each OpenAPI source, by source name.
    public let contracts: [String: Contract]
    public let transport: any ScenarioTransport
    /// The path the operations' paths are prefixed with, by source name.
    public let basePaths: [String: String]
    /// Sent as `X-Understudy-Session`.
    public let session: String
    /// Inputs by workflow id (`--inputs`), and inputs for every workflow (`--var`).
    public let inputs: [String: JSONObject]
    public let sharedInputs: JSONObject
    public let options: RunOptions
    /// Whether required inputs nobody gave are made from the inputs' schema (against the in-process mock,
    /// so a workflow runs unchanged; never against a server).
    public var generatesMissingInputs = false
    /// Runners of the documents of `arazzo` sources, by source name: their workflows are called as
    /// `$sourceDescriptions.NAME.workflowId`.
    public var externals: [String: WorkflowRunner] = [:]
    /// Where each OpenAPI source's operations are sent, by source name, when not `transport` (in process:
    /// each source's own mock).
    public var sourceTransports: [String: any ScenarioTransport] = [:]

    /// At most this many step runs per workflow run (gotos and retries included).
    public static let maxStepRuns = 1_000
    /// A `retryAfter` longer than this is cut to it.
    public static let maxRetryAfter = 60.0

    public init(
        document: ArazzoDocument, contracts: [String: Contract], transport: any ScenarioTransport,
        basePaths: [String: String], session: String, inputs: [String: JSONObject] = [:],
        sharedInputs: JSONObject = JSONObject(), options: RunOptions = RunOptions()
    ) {
        self.document = document
        self.contracts = contracts
        self.transport = transport
        self.basePaths = basePaths
        self.session = session
        self.inputs = inputs
        self.sharedInputs = sharedInputs
        self.options = options
    }

    /// The contract coverage is counted against: the first OpenAPI source's.
    var primarySource: String? { document.sources.first { $0.type == "openapi" && contracts[$0.name] != nil }?.name }

    public func run(onScenario: @Sendable (ScenarioResult) -> Void = { _ in }) async -> SuiteResult {
        let started = Date()
        var result = SuiteResult(name: document.title, file: document.file, destination: transport.destination)
        var coverage = primarySource.flatMap { contracts[$0] }.map(Coverage.init(contract:))
        var state = RunState()
        var finished: [String: Bool] = [:]
        // `--tag` selects scenarios by their tags: workflows have none, so a tagged run leaves them out.
        if !options.tags.isEmpty {
            result.skipped = document.workflows.map(\.id)
            return result
        }
        for workflow in ordered() {
            let workflowStarted = Date()
            var steps: [StepResult] = []
            let blocked = workflow.dependsOn.map(ArazzoLoader.Reader.local).filter { finished[$0] != true }
            if !blocked.isEmpty {
                steps.append(
                    StepResult(
                        name: workflow.steps.first?.id ?? workflow.id, location: place(workflow.location),
                        failures: [
                            StepFailure(
                                .setup, "not run: it depends on \(blocked.joined(separator: ", ")), which did not pass")
                        ]))
                finished[workflow.id] = false
            } else {
                let outcome = await run(
                    workflow, inputs: inputsFor(workflow), state: &state, coverage: &coverage, into: &steps, depth: 0)
                finished[workflow.id] = outcome.passed
            }
            let scenario = ScenarioResult(
                name: workflow.id, location: place(workflow.location), tags: [], steps: steps,
                milliseconds: Date().timeIntervalSince(workflowStarted) * 1000)
            onScenario(scenario)
            result.scenarios.append(scenario)
        }
        result.coverage = coverage
        result.milliseconds = Date().timeIntervalSince(started) * 1000
        return result
    }

    /// Workflows in document order, each after those it depends on.
    func ordered() -> [ArazzoDocument.Workflow] {
        var done = Set<String>()
        var order: [ArazzoDocument.Workflow] = []
        func visit(_ workflow: ArazzoDocument.Workflow, depth: Int) {
            guard depth < 64, !done.contains(workflow.id) else { return }
            for dependency in workflow.dependsOn {
                if let other = document.workflow(ArazzoLoader.Reader.local(dependency)) {
                    visit(other, depth: depth + 1)
                }
            }
            if done.insert(workflow.id).inserted { order.append(workflow) }
        }
        for workflow in document.workflows { visit(workflow, depth: 0) }
        return order
    }

    /// The runner and workflow a `workflowId` names: this document's, or (qualified by an `arazzo` source) the
    /// other document's.
    func callee(_ reference: String) -> (WorkflowRunner, ArazzoDocument.Workflow)? {
        if reference.hasPrefix("$sourceDescriptions.") {
            let parts = reference.split(separator: ".").map(String.init)
            if parts.count == 3, let external = externals[parts[1]] {
                return external.document.workflow(parts[2]).map { (external, $0) }
            }
        }
        return document.workflow(ArazzoLoader.Reader.local(reference)).map { (self, $0) }
    }

    func inputsFor(_ workflow: ArazzoDocument.Workflow) -> JSONObject {
        var values = sharedInputs
        for (name, value) in inputs[workflow.id] ?? JSONObject() { values.set(name, value) }
        return values
    }

    func place(_ location: SourceLocation) -> String {
        location.isKnown ? "\(document.file):\(location.line)" : document.file
    }

    // MARK: state

    /// What a run knows: outputs of finished workflows.
    struct RunState {
        var workflowOutputs: [String: JSONObject] = [:]
        var workflowInputs: [String: JSONObject] = [:]
    }

    /// What one workflow run knows while it runs.
    struct Scope {
        var inputs: JSONObject
        var stepOutputs: [String: JSONObject] = [:]
        /// `$outputs`: the workflow's own, or while a workflow step is judged, the called workflow's.
        var outputs = JSONObject()
        var request: ScenarioRequest?
        var response: ScenarioResponse?
        var pathValues: [String: String] = [:]
        var queryValues: [String: String] = [:]
        var url = ""
    }

    struct WorkflowOutcome {
        var passed: Bool
        var outputs: JSONObject
        var lastResponse: ScenarioResponse?
        var lastRequest: ScenarioRequest?
    }
}
