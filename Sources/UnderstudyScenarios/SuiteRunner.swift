import Foundation
import UnderstudyContract
import UnderstudySchema

/// Runs one suite against one target: setup once, then each scenario in order (its steps in order,
/// captures flowing forward, the rest skipped after a failure), then teardown. Every response is checked
/// against the step's expectations and, unless turned off, against the contract.
public struct SuiteRunner: Sendable {
    public let suite: Suite
    public let contract: Contract
    public let transport: any ScenarioTransport
    /// The path prefix requests get on the target (the contract's server path unless the target has one).
    public let basePath: String
    /// Sent as `X-Understudy-Session`, so suites sharing one mock never see each other's data.
    public let session: String
    public let options: RunOptions
    let routes: RouteTable
    let responses: ResponseValidator

    public init(
        suite: Suite, contract: Contract, transport: any ScenarioTransport, basePath: String, session: String,
        options: RunOptions
    ) {
        self.suite = suite
        self.contract = contract
        self.transport = transport
        self.basePath = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        self.session = session
        self.options = options
        routes = RouteTable(operations: contract.operations)
        responses = ResponseValidator(contract: contract)
    }

    /// Problems that stop the suite before anything is sent: steps naming operations the contract does not
    /// have. Each is `file:line: reason`.
    public static func bindingErrors(_ suite: Suite, contract: Contract) -> [String] {
        let routes = RouteTable(operations: contract.operations)
        let ids = contract.operations.compactMap(\.operationId)
        var errors: [String] = []
        let steps = suite.setup + suite.scenarios.flatMap(\.steps) + suite.teardown
        for step in steps {
            switch step.target {
            case .operation(let id):
                if contract.operation(id: id) == nil {
                    let hint = Suggestion.closest(to: id, in: ids).map { "; did you mean '\($0)'?" } ?? ""
                    errors.append("\(step.location): unknown operationId '\(id)' in \(contract.displayPath)\(hint)")
                }
            case .request(let method, let path):
                guard step.expectation.conforms else { continue }
                let probe = Self.placeholderPath(path)
                if contract.operation(method: method, path: path) == nil,
                    case .notFound = routes.match(method: method, path: probe)
                {
                    errors.append(
                        "\(step.location): \(method) \(path) is not an operation of \(contract.displayPath) (set expect.conforms: false to send it anyway)"
                    )
                } else if contract.operation(method: method, path: path) == nil,
                    case .methodNotAllowed(let allowed) = routes.match(method: method, path: probe)
                {
                    errors.append(
                        "\(step.location): \(path) has no \(method) in \(contract.displayPath) (it has \(allowed.joined(separator: ", ")))"
                    )
                }
            }
        }
        return errors
    }

    /// `path` with every `{{ … }}` replaced by a plain segment, for route lookups before rendering.
    static func placeholderPath(_ path: String) -> String {
        var result = ""
        var rest = Substring(path)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            result += rest[..<open.lowerBound] + "x"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    public func run(onScenario: @Sendable (ScenarioResult) -> Void = { _ in }) async -> SuiteResult {
        let started = Date()
        let deadline = started.addingTimeInterval(options.suiteTimeout)
        var result = SuiteResult(name: suite.name, file: suite.file, destination: transport.destination)
        var coverage = Coverage(contract: contract)
        // Suite variables are filled in once, in the order written (`bucket: "b{{ random(8) }}"` is one value
        // for the whole run); --var values win and are taken as given.
        var variables = Variables(options.variables, clock: options.clock)
        variables["session"] = .string(session)
        for (name, value) in suite.variables where options.variables[name] == nil {
            do {
                variables[name] = try variables.render(value)
            } catch {
                result.inputErrors.append("\(suite.file): variable '\(name)': \(error)")
            }
        }
        guard result.inputErrors.isEmpty else { return result }

        var setupFailed = false
        for step in suite.setup {
            let results = await run(step, variables: &variables, coverage: &coverage, deadline: deadline)
            result.setup += results
            if results.contains(where: { !$0.failures.isEmpty }) {
                setupFailed = true
                break
            }
        }
        for scenario in suite.scenarios {
            guard Self.selected(scenario, suite: suite, tags: options.tags) else {
                result.skipped.append(scenario.name)
                continue
            }
            let scenarioStarted = Date()
            var scope = variables
            var steps: [StepResult] = []
            var failed = setupFailed
            for step in scenario.steps {
                if failed {
                    steps.append(StepResult(name: step.name, location: step.location, skipped: true))
                    continue
                }
                let results = await run(step, variables: &scope, coverage: &coverage, deadline: deadline)
                steps += results
                if results.contains(where: { !$0.failures.isEmpty }) { failed = true }
            }
            if setupFailed, let first = steps.indices.first {
                steps[first].skipped = false
                steps[first].failures = [StepFailure(.setup, "not run: a setup step failed")]
            }
            let finished = ScenarioResult(
                name: scenario.name, location: scenario.location, tags: scenario.tags, steps: steps,
                milliseconds: Date().timeIntervalSince(scenarioStarted) * 1000)
            result.scenarios.append(finished)
            onScenario(finished)
        }
        for step in suite.teardown {
            result.teardown += await run(
                step, variables: &variables, coverage: &coverage, deadline: deadline.addingTimeInterval(60))
        }
        result.coverage = coverage
        result.milliseconds = Date().timeIntervalSince(started) * 1000
        return result
    }

    static func selected(_ scenario: Scenario, suite: Suite, tags: [String]) -> Bool {
        tags.isEmpty || !Set(tags).isDisjoint(with: scenario.tags + suite.tags)
    }

    /// Runs a step once, or once per row of its table; captures go into `variables`.
    func run(_ step: Step, variables: inout Variables, coverage: inout Coverage, deadline: Date) async -> [StepResult] {
        if let repetitions = step.repetitions {
            let rendered = try? variables.render(repetitions)
            guard let count = rendered?.intValue ?? rendered?.stringValue.flatMap({ Int($0) }), count >= 1 else {
                var result = StepResult(name: step.name, location: step.location)
                result.failures = [
                    StepFailure(
                        .template,
                        "repeat: '\(rendered.map { JSONSerializer.serialize($0) } ?? "?")' is not a count of at least 1"
                    )
                ]
                return [result]
            }
            var results: [StepResult] = []
            for iteration in 1...count {
                variables["iteration"] = .int(iteration)
                let result = await attempt(
                    step, variables: &variables, coverage: &coverage, deadline: deadline,
                    label: "\(step.name) [\(iteration)/\(count)]")
                results.append(result)
                if !result.failures.isEmpty { break }
            }
            return results
        }
        guard !step.table.isEmpty else {
            return [
                await attempt(step, variables: &variables, coverage: &coverage, deadline: deadline, label: step.name)
            ]
        }
        var results: [StepResult] = []
        for (index, row) in step.table.enumerated() {
            for member in row { variables[member.key] = member.value }
            let label = "\(step.name) [\(index + 1)/\(step.table.count)]"
            let result = await attempt(
                step, variables: &variables, coverage: &coverage, deadline: deadline, label: label)
            results.append(result)
            if !result.failures.isEmpty { break }
        }
        return results
    }

    /// Sends the step (again while polling), checks the answer and captures.
    func attempt(
        _ step: Step, variables: inout Variables, coverage: inout Coverage, deadline: Date, label: String
    ) async -> StepResult {
        var result = StepResult(name: label, location: step.location)
        let started = Date()
        let pollUntil = step.poll.map { started.addingTimeInterval($0.timeout) }
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                result.failures = [
                    StepFailure(
                        .transport, "the suite's time limit (\(Int(options.suiteTimeout)) s) ran out before this step")
                ]
                return result
            }
            let prepared: PreparedRequest
            do {
                prepared = try prepare(step, variables: variables)
            } catch {
                result.failures = [error]
                return result
            }
            result.request = prepared.request
            result.operationId = prepared.operationIndex.map { contract.operations[$0].displayName }
            result.attempts += 1
            let timeout = min(suite.requestTimeout ?? options.requestTimeout, remaining)
            let response: ScenarioResponse
            do {
                response = try await transport.send(prepared.request, timeout: timeout)
            } catch {
                result.failures = [StepFailure(.transport, error.description)]
                result.milliseconds = Date().timeIntervalSince(started) * 1000
                return result
            }
            result.response = response
            if let index = prepared.operationIndex {
                coverage.record(operation: index, status: response.status, in: contract)
            }
            result.failures = check(step.expectation, response: response, prepared: prepared, variables: variables)
            if result.failures.isEmpty {
                result.failures = capture(step, response: response, into: &variables)
            }
            if result.failures.isEmpty || pollUntil == nil || Date() >= pollUntil! { break }
            try? await Task.sleep(nanoseconds: UInt64((step.poll?.interval ?? 0.5) * 1_000_000_000))
            if Date() >= pollUntil! { break }
        }
        if let poll = step.poll, !result.failures.isEmpty, !result.failures.contains(where: \.isInputError) {
            result.failures.append(
                StepFailure(
                    .status, "still failing after \(result.attempts) attempts over \(Int(poll.timeout)) s of polling"))
        }
        result.milliseconds = Date().timeIntervalSince(started) * 1000
        return result
    }

    // MARK: Checks

    func check(
        _ expectation: Expectation, response: ScenarioResponse, prepared: PreparedRequest, variables: Variables
    ) -> [StepFailure] {
        var failures: [StepFailure] = []
        if !expectation.accepts(response.status) {
            let excerpt = Self.excerpt(response.body)
            failures.append(
                StepFailure(
                    .status,
                    "status \(response.status), expected \(expectation.statusDescription)"
                        + (excerpt.isEmpty ? "" : "; body: \(excerpt)")))
        }
        for (name, matcher) in expectation.headers {
            let value = response.header(name).map(JSONValue.string)
            failures += matcher.check(value, at: "header \(name)", variables: variables).map {
                StepFailure(.header, $0)
            }
        }
        let json = response.value
        if let expected = expectation.body {
            do {
                let wanted = try variables.render(expected)
                if let json {
                    if json != wanted {
                        failures.append(
                            StepFailure(.body, "the body is \(Matcher.show(json)), expected \(Matcher.show(wanted))"))
                    }
                } else if wanted != .string(String(decoding: response.body, as: UTF8.self)) {
                    failures.append(
                        StepFailure(
                            .body, "the body is \(Self.excerpt(response.body)), expected \(Matcher.show(wanted))"))
                }
            } catch {
                failures.append(StepFailure(.template, "\(prepared.location): \(error)"))
            }
        }
        if !expectation.json.isEmpty {
            if let json {
                for (path, matcher) in expectation.json {
                    let found = path.evaluate(json)
                    if found.isEmpty {
                        failures += matcher.check(nil, at: path.text, variables: variables).map {
                            StepFailure(.json, $0)
                        }
                    }
                    for match in found {
                        let location = path.isWildcard ? "$" + Matcher.dotted(match.pointer) : path.text
                        failures += matcher.check(match.value, at: location, variables: variables).map {
                            StepFailure(.json, $0)
                        }
                    }
                }
            } else {
                failures.append(StepFailure(.json, "the body is not JSON: \(Self.excerpt(response.body))"))
            }
        }
        if expectation.conforms {
            if let index = prepared.operationIndex {
                let issues = responses.validate(
                    status: response.status, headers: response.headers, body: response.body,
                    operation: contract.operations[index])
                failures += issues.map {
                    StepFailure(
                        .conformance, "breaks the contract at \($0.location): \($0.message)",
                        contractLocation: $0.contractLocation)
                }
            } else {
                failures.append(
                    StepFailure(
                        .conformance,
                        "\(prepared.request.method) \(prepared.relativePath) matches no operation of \(contract.displayPath)"
                    ))
            }
        }
        return failures
    }

    func capture(_ step: Step, response: ScenarioResponse, into variables: inout Variables) -> [StepFailure] {
        var failures: [StepFailure] = []
        for (name, source) in step.captures {
            switch source {
            case .status:
                variables[name] = .int(response.status)
            case .header(let header):
                if let value = response.header(header) {
                    variables[name] = .string(value)
                } else {
                    failures.append(
                        StepFailure(
                            .capture,
                            "\(step.location): capture '\(name)' (header \(header)): the response has no \(header) header"
                        ))
                }
            case .body(let path):
                guard let json = response.value else {
                    failures.append(
                        StepFailure(
                            .capture,
                            "\(step.location): capture '\(name)' (\(path.text)): the body is not JSON: \(Self.excerpt(response.body))"
                        ))
                    continue
                }
                let found = path.evaluate(json)
                if found.isEmpty {
                    failures.append(
                        StepFailure(
                            .capture,
                            "\(step.location): capture '\(name)' (\(path.text)) matched nothing in \(Self.excerpt(response.body))"
                        ))
                } else {
                    variables[name] = path.isWildcard ? .array(JSONArray(found.map(\.value))) : found[0].value
                }
            }
        }
        return failures
    }

    static func excerpt(_ body: [UInt8], limit: Int = 300) -> String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
        return body.count > limit ? text + "… (\(body.count) bytes)" : text
    }
}
