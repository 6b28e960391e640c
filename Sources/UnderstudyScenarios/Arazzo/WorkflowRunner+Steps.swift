import Foundation
import UnderstudyContract
import UnderstudySchema

extension WorkflowRunner {
    /// The mark of a failure an `onFailure` action handled.
    static var handled: String { "(handled) " }

    /// What to do after a step.
    enum Next {
        case step(Int)
        case end(passed: Bool)
    }

    /// Runs `workflow` with `inputs`; appends each step run to `steps`.
    func run(
        _ workflow: ArazzoDocument.Workflow, inputs: JSONObject, state: inout RunState, coverage: inout Coverage?,
        into steps: inout [StepResult], depth: Int
    ) async -> WorkflowOutcome {
        // Inputs not given take their schema's defaults.
        var inputs = inputs
        for (name, property) in workflow.inputs?["properties"]?.objectValue ?? JSONObject() where inputs[name] == nil {
            if let fallback = property["default"] { inputs.set(name, fallback) }
        }
        // The inputs' schema, read in the document (its `#/components/...` references resolve there).
        var registry = SchemaRegistry()
        registry.register(document.root, uri: document.schemaURI, dialect: .draft2020_12)
        let inputsURI = workflow.inputsPointer.map { document.schemaURI + $0.uriFragment }
        if generatesMissingInputs, let schema = workflow.inputs, let inputsURI {
            inputs = madeInputs(inputs, schema: schema, at: inputsURI, registry: registry, workflow: workflow.id)
        }
        var scope = Scope(inputs: inputs)
        state.workflowInputs[workflow.id] = inputs
        if let inputsURI {
            let errors = JSONSchemaValidator(registry: registry).validate(.object(inputs), against: inputsURI)
            if let first = errors.first {
                steps.append(
                    StepResult(
                        name: workflow.steps.first?.id ?? workflow.id, location: place(workflow.location),
                        failures: [
                            StepFailure(
                                .request,
                                "\(place(workflow.location)): the inputs of workflow '\(workflow.id)' do not fit its schema:"
                                    + " \(first.instancePath): \(first.message) (give them with --inputs FILE or --var NAME=VALUE)"
                            )
                        ]))
                return WorkflowOutcome(passed: false, outputs: JSONObject())
            }
        }
        var index = 0
        var runs = 0
        var retries: [String: Int] = [:]
        var passed = true
        while index < workflow.steps.count {
            runs += 1
            if runs > Self.maxStepRuns {
                steps.append(
                    StepResult(
                        name: workflow.steps[index].id, location: place(workflow.steps[index].location),
                        failures: [
                            StepFailure(
                                .body, "workflow '\(workflow.id)' ran \(Self.maxStepRuns) steps without ending: stopped"
                            )
                        ]))
                passed = false
                break
            }
            let step = workflow.steps[index]
            var result = await runStep(
                step, of: workflow, scope: &scope, state: &state, coverage: &coverage, depth: depth, into: &steps)
            let succeeded = result.failures.isEmpty
            let next: Next
            if succeeded {
                next = await successAction(
                    step, workflow, index: index, scope: scope, state: &state, coverage: &coverage, into: &steps,
                    depth: depth)
            } else {
                let decided = await failureAction(
                    step, workflow, index: index, scope: scope, retries: &retries, state: &state, coverage: &coverage,
                    into: &steps, depth: depth)
                next = decided.next
                if let wait = decided.wait, wait > 0 {
                    try? await Task.sleep(nanoseconds: UInt64(min(wait, Self.maxRetryAfter) * 1_000_000_000))
                }
                if case .step = decided.next, let last = steps.indices.last {
                    // A failure an action handles (a retry, a goto to a step) is kept, marked; it fails the
                    // workflow only when the workflow does not pass in the end.
                    result.failures = result.failures.map {
                        StepFailure($0.kind, Self.handled + $0.message, contractLocation: $0.contractLocation)
                    }
                    steps[last] = result
                }
            }
            switch next {
            case .step(let target): index = target
            case .end(let ended):
                passed = ended
                index = workflow.steps.count
            }
            if !succeeded, case .end = next { passed = false }
        }
        for (name, expression) in workflow.outputs {
            scope.outputs.set(name, evaluate(expression, in: scope, state: state))
        }
        state.workflowOutputs[workflow.id] = scope.outputs
        // Failures an action handled do not fail a workflow that passes.
        if passed {
            for position in steps.indices
            where steps[position].failures.allSatisfy({ $0.message.hasPrefix(Self.handled) }) {
                steps[position].failures = []
            }
        }
        return WorkflowOutcome(
            passed: passed, outputs: scope.outputs, lastResponse: scope.response, lastRequest: scope.request)
    }

    /// `given` with each declared input it lacks made from the inputs' schema (seeded by the workflow).
    func madeInputs(
        _ given: JSONObject, schema: JSONValue, at uri: String, registry: SchemaRegistry, workflow: String
    ) -> JSONObject {
        let required =
            (schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            + (schema["properties"]?.objectValue.map { Array($0.keys) } ?? [])
        guard required.contains(where: { given[$0] == nil }) else { return given }
        let made = ValueGenerator(registry: registry, direction: .request).generate(schemaAt: uri, salt: workflow)
        var inputs = given
        for name in required where inputs[name] == nil {
            if let value = made[name] { inputs.set(name, value) }
        }
        return inputs
    }

    /// One run of a step: its request (or sub-workflow), the contract check, the criteria, the outputs.
    func runStep(
        _ step: ArazzoDocument.Step, of workflow: ArazzoDocument.Workflow, scope: inout Scope, state: inout RunState,
        coverage: inout Coverage?, depth: Int, into steps: inout [StepResult]
    ) async -> StepResult {
        let location = place(step.location)
        var result = StepResult(name: step.id, location: location, operationId: step.operationId)
        let started = Date()
        if let target = step.workflowId {
            guard depth < 16, let (owner, called) = callee(target) else {
                result.failures = [StepFailure(.request, "\(location): workflow '\(target)' cannot be run here")]
                steps.append(result)
                return result
            }
            var inputs = JSONObject()
            for parameter in parameters(for: step, workflow) where parameter["in"] == nil {
                guard let name = parameter["name"]?.stringValue else { continue }
                // An input that evaluates to nothing is not given (the called workflow's default applies).
                let value = evaluate(parameter["value"] ?? .null, in: scope, state: state)
                if value != .null { inputs.set(name, value) }
            }
            let outcome = await runCalled(
                called, of: owner, inputs: inputs, named: target, state: &state, coverage: &coverage, into: &steps,
                depth: depth)
            scope.response = outcome.lastResponse
            scope.request = outcome.lastRequest
            var judged = scope
            judged.outputs = outcome.outputs
            if !outcome.passed {
                result.failures.append(StepFailure(.body, "\(location): workflow '\(target)' did not pass"))
            }
            result.failures += criteriaFailures(step, in: judged, state: state)
            return finish(
                step, result, outputsFrom: judged, into: &scope, started: started, steps: &steps, state: state)
        }
        guard let (sourceName, contract, operation) = locateOperation(step) else {
            result.failures = [
                StepFailure(
                    .request,
                    "\(location): step '\(step.id)' names \(step.operationId ?? step.operationPath ?? "?"), which no source declares"
                )
            ]
            steps.append(result)
            return result
        }
        result.operationId = operation.operationId ?? operation.displayName
        let request = buildRequest(
            step, workflow, operation: operation, source: sourceName, scope: &scope, state: state)
        scope.request = request
        do {
            let response = try await (sourceTransports[sourceName] ?? transport).send(
                request, timeout: options.requestTimeout)
            scope.response = response
            result.request = request
            result.response = response
            if sourceName == primarySource,
                let index = contract.operations.firstIndex(where: {
                    $0.pointer == operation.pointer && $0.documentURI == operation.documentURI
                })
            {
                coverage?.record(operation: index, status: response.status, in: contract)
            }
            for issue in ResponseValidator(contract: contract).validate(
                status: response.status, headers: response.headers, body: response.body, operation: operation)
            {
                result.failures.append(
                    StepFailure(
                        .conformance, "breaks the contract at \(issue.location): \(issue.message)",
                        contractLocation: issue.contractLocation))
            }
            result.failures += criteriaFailures(step, in: scope, state: state)
        } catch {
            result.failures.append(StepFailure(.transport, "\(location): \(error)"))
        }
        return finish(step, result, outputsFrom: scope, into: &scope, started: started, steps: &steps, state: state)
    }

    /// A step run's end: its outputs read from `judged` into `scope`, its time, and the result recorded.
    private func finish(
        _ step: ArazzoDocument.Step, _ result: StepResult, outputsFrom judged: Scope, into scope: inout Scope,
        started: Date, steps: inout [StepResult], state: RunState
    ) -> StepResult {
        var outputs = JSONObject()
        for (name, expression) in step.outputs { outputs.set(name, evaluate(expression, in: judged, state: state)) }
        scope.stepOutputs[step.id] = outputs
        var finished = result
        finished.milliseconds = Date().timeIntervalSince(started) * 1000
        finished.attempts = 1
        steps.append(finished)
        return finished
    }

    /// Runs a called workflow (a step's `workflowId`, a goto's): this document's in the same state and
    /// coverage, another document's in its own; its step runs are added to `steps` named after the call.
    func runCalled(
        _ called: ArazzoDocument.Workflow, of owner: WorkflowRunner, inputs: JSONObject, named name: String,
        state: inout RunState, coverage: inout Coverage?, into steps: inout [StepResult], depth: Int
    ) async -> WorkflowOutcome {
        var inner: [StepResult] = []
        let outcome: WorkflowOutcome
        if owner.document.file == document.file {
            outcome = await run(
                called, inputs: inputs, state: &state, coverage: &coverage, into: &inner, depth: depth + 1)
        } else {
            var otherState = RunState()
            var otherCoverage: Coverage? = nil
            outcome = await owner.run(
                called, inputs: inputs, state: &otherState, coverage: &otherCoverage, into: &inner, depth: depth + 1)
        }
        steps += inner.map { step in
            var nested = step
            nested.name = "\(name) › \(step.name)"
            return nested
        }
        return outcome
    }

    /// The criteria that do not hold, each with its place, condition and what it saw. Without criteria, an
    /// answer below 400 is a success.
    func criteriaFailures(_ step: ArazzoDocument.Step, in scope: Scope, state: RunState) -> [StepFailure] {
        guard !step.successCriteria.isEmpty else {
            guard let status = scope.response?.status, status >= 400 else { return [] }
            return [StepFailure(.status, "status \(status): a step without successCriteria expects a status below 400")]
        }
        var failures: [StepFailure] = []
        for criterion in step.successCriteria {
            let (holds, saw) = check(criterion, in: scope, state: state)
            guard !holds else { continue }
            let line = criterion.objectValue.map { place($0.valueLocation(of: "condition")) } ?? place(step.location)
            failures.append(
                StepFailure(.json, "\(line): '\(criterion["condition"]?.stringValue ?? "")' does not hold (\(saw))"))
        }
        return failures
    }

    /// The workflow's parameters overridden by the step's (same name and location), references resolved.
    func parameters(for step: ArazzoDocument.Step, _ workflow: ArazzoDocument.Workflow) -> [JSONValue] {
        var merged: [JSONValue] = []
        func key(_ parameter: JSONValue) -> String {
            "\(parameter["in"]?.stringValue ?? "")|\(parameter["name"]?.stringValue ?? "")"
        }
        for parameter in (workflow.parameters + step.parameters).map(resolved) {
            merged.removeAll { key($0) == key(parameter) }
            merged.append(parameter)
        }
        return merged
    }

    /// A reusable object (`reference: $components.parameters.x`, with `value` overriding) as the object it names.
    func resolved(_ object: JSONValue) -> JSONValue {
        guard let reference = object["reference"]?.stringValue else { return object }
        let parts = reference.split(separator: ".").map(String.init)
        guard parts.count == 3, case .object(var target)? = document.components[parts[1]]?[parts[2]] else {
            return object
        }
        if let value = object["value"] { target.set("value", value) }
        return .object(target)
    }

    /// The operation a step calls: by `operationId` (qualified or searched in every OpenAPI source) or by
    /// `operationPath` (`{$sourceDescriptions.NAME.url}#/paths/~1pets/get`).
    func locateOperation(_ step: ArazzoDocument.Step) -> (String, Contract, ContractOperation)? {
        Self.locateOperation(step, in: document, contracts: contracts)
    }

    /// ``locateOperation(_:)`` for any document and contracts (the command line checks every step before
    /// anything runs).
    public static func locateOperation(
        _ step: ArazzoDocument.Step, in document: ArazzoDocument, contracts: [String: Contract]
    ) -> (String, Contract, ContractOperation)? {
        if let written = step.operationId {
            var name: String?
            var id = written
            if written.hasPrefix("$sourceDescriptions.") {
                let parts = written.split(separator: ".", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { return nil }
                name = parts[1]
                id = parts[2]
            }
            for source in document.sources where name == nil || source.name == name {
                if let contract = contracts[source.name], let operation = contract.operation(id: id) {
                    return (source.name, contract, operation)
                }
            }
            return nil
        }
        guard let path = step.operationPath, let hash = path.firstIndex(of: "#"),
            let pointer = JSONPointer(fragment: String(path[path.index(after: hash)...])),
            pointer.tokens.count == 3, pointer.tokens[0] == "paths"
        else { return nil }
        let prefix = String(path[..<hash])
        for source in document.sources where prefix.contains(source.name) || prefix == source.url {
            if let contract = contracts[source.name],
                let operation = contract.operation(method: pointer.tokens[2], path: pointer.tokens[1])
            {
                return (source.name, contract, operation)
            }
        }
        return nil
    }

    /// The request of an operation step: parameters into the path, query, headers and cookies; the body from
    /// `payload` with `replacements` applied.
    func buildRequest(
        _ step: ArazzoDocument.Step, _ workflow: ArazzoDocument.Workflow, operation: ContractOperation, source: String,
        scope: inout Scope, state: RunState
    ) -> ScenarioRequest {
        var path = operation.path
        var query: [(String, String)] = []
        var headers: [(name: String, value: String)] = [("X-Understudy-Session", session)]
        var cookies: [String] = []
        scope.pathValues = [:]
        scope.queryValues = [:]
        for parameter in parameters(for: step, workflow) {
            guard let name = parameter["name"]?.stringValue, let place = parameter["in"]?.stringValue else { continue }
            let value = evaluate(parameter["value"] ?? .null, in: scope, state: state)
            // A value that evaluates to nothing (an input not given) is not sent, rather than sent as "null".
            if value == .null { continue }
            let text = value.stringValue ?? JSONSerializer.serialize(value)
            switch place {
            case "path":
                scope.pathValues[name] = text
                path = path.replacingOccurrences(
                    of: "{\(name)}",
                    with: text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? text)
            case "query":
                scope.queryValues[name] = text
                if case .array(let items) = value {
                    for item in items { query.append((name, item.stringValue ?? JSONSerializer.serialize(item))) }
                } else {
                    query.append((name, text))
                }
            case "header": headers.append((name, text))
            case "cookie": cookies.append("\(name)=\(text)")
            default: break
            }
        }
        if !cookies.isEmpty { headers.append(("Cookie", cookies.joined(separator: "; "))) }
        var body: [UInt8] = []
        if let requestBody = step.requestBody {
            var payload = evaluate(requestBody["payload"] ?? .null, in: scope, state: state)
            for replacement in requestBody["replacements"]?.arrayValue ?? JSONArray() {
                guard let target = replacement["target"]?.stringValue,
                    let pointer = JSONPointer(fragment: target)
                        ?? JSONPointer(fragment: String(target.drop { $0 == "#" }))
                else { continue }
                _ = payload.setValue(evaluate(replacement["value"] ?? .null, in: scope, state: state), at: pointer)
            }
            let declared = operation.requestBody?.content.first?.mediaType
            let contentType = requestBody["contentType"]?.stringValue ?? declared ?? "application/json"
            headers.append(("Content-Type", contentType))
            if case .string(let text) = payload {
                body = Array(text.utf8)
            } else if contentType.contains("x-www-form-urlencoded"), case .object(let fields) = payload {
                body = Array(
                    fields.compactMap { key, value -> String? in
                        guard value != .null else { return nil }
                        let text = value.stringValue ?? JSONSerializer.serialize(value)
                        return "\(Self.formEncode(key))=\(Self.formEncode(text))"
                    }.joined(separator: "&").utf8)
            } else {
                body = JSONSerializer.data(payload)
            }
        }
        var target = (basePaths[source] ?? "") + path
        if !query.isEmpty {
            target += "?" + query.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        }
        scope.url = target
        return ScenarioRequest(method: operation.method, target: target, headers: headers, body: body)
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: actions

    /// The first success action whose criteria hold (the step's, then the workflow's): end, or go to a step
    /// or a workflow; none: the next step.
    func successAction(
        _ step: ArazzoDocument.Step, _ workflow: ArazzoDocument.Workflow, index: Int, scope: Scope,
        state: inout RunState,
        coverage: inout Coverage?, into steps: inout [StepResult], depth: Int
    ) async -> Next {
        for action in (step.onSuccess + workflow.successActions).map(resolved) where applies(action, scope, state) {
            switch action["type"]?.stringValue {
            case "end": return .end(passed: true)
            case "goto":
                return await goto(
                    action, workflow, scope: scope, state: &state, coverage: &coverage, into: &steps, depth: depth,
                    passed: true)
            default: continue
            }
        }
        return .step(index + 1)
    }

    /// The first failure action whose criteria hold: end (failed), go to a step or workflow, or retry
    /// (`retryLimit` times, default once, after `retryAfter` seconds or the answer's Retry-After); none: fail.
    func failureAction(
        _ step: ArazzoDocument.Step, _ workflow: ArazzoDocument.Workflow, index: Int, scope: Scope,
        retries: inout [String: Int], state: inout RunState, coverage: inout Coverage?, into steps: inout [StepResult],
        depth: Int
    ) async -> (next: Next, wait: Double?, retrying: Bool) {
        for action in (step.onFailure + workflow.failureActions).map(resolved) where applies(action, scope, state) {
            switch action["type"]?.stringValue {
            case "end": return (.end(passed: false), nil, false)
            case "goto":
                let next = await goto(
                    action, workflow, scope: scope, state: &state, coverage: &coverage, into: &steps, depth: depth,
                    passed: false)
                return (next, nil, false)
            case "retry":
                let name = action["name"]?.stringValue ?? "retry"
                let key = "\(step.id)|\(name)"
                let limit = action["retryLimit"]?.intValue ?? 1
                guard retries[key, default: 0] < limit else { continue }
                retries[key, default: 0] += 1
                if action["stepId"] != nil || action["workflowId"] != nil {
                    _ = await goto(
                        action, workflow, scope: scope, state: &state, coverage: &coverage, into: &steps, depth: depth,
                        passed: false)
                }
                let header = scope.response?.header("Retry-After").flatMap { Double(text: $0) }
                let wait = header ?? action["retryAfter"]?.numberValue?.doubleValue ?? 0
                return (.step(index), wait, true)
            default: continue
            }
        }
        return (.end(passed: false), nil, false)
    }

    func applies(_ action: JSONValue, _ scope: Scope, _ state: RunState) -> Bool {
        (action["criteria"]?.arrayValue ?? JSONArray()).allSatisfy { check($0, in: scope, state: state).holds }
    }

    /// A goto: to a step of this workflow, or to another workflow (run in full; this one then ends).
    func goto(
        _ action: JSONValue, _ workflow: ArazzoDocument.Workflow, scope: Scope, state: inout RunState,
        coverage: inout Coverage?, into steps: inout [StepResult], depth: Int, passed: Bool
    ) async -> Next {
        if let stepId = action["stepId"]?.stringValue,
            let target = workflow.steps.firstIndex(where: { $0.id == stepId })
        {
            return .step(target)
        }
        guard let workflowId = action["workflowId"]?.stringValue, depth < 16, let (owner, other) = callee(workflowId)
        else { return .end(passed: false) }
        let outcome = await runCalled(
            other, of: owner, inputs: owner.inputsFor(other), named: other.id, state: &state, coverage: &coverage,
            into: &steps, depth: depth)
        return .end(passed: outcome.passed && passed)
    }
}
