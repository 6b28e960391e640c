import UnderstudySchema

/// The run as JSON for tools: summary, every suite, scenario and step (with failures and their contract
/// locations), and coverage per contract.
public enum JSONReporter {
    public static func document(_ results: [SuiteResult]) -> JSONValue {
        let summary = RunSummary(results)
        return [
            "summary": [
                "passed": .int(summary.passed), "failed": .int(summary.failed), "skipped": .int(summary.skipped),
                "suites": .int(summary.suites), "exitCode": .int(Int(summary.exitCode)),
            ],
            "suites": .array(JSONArray(results.map(suite))),
            "coverage": .array(JSONArray(ConsoleReporter.mergedCoverage(results).map(coverage))),
        ]
    }

    static func suite(_ suite: SuiteResult) -> JSONValue {
        [
            "name": .string(suite.name), "file": .string(suite.file), "target": .string(suite.destination),
            "passed": .bool(suite.passed), "ms": .int(Int(suite.milliseconds)),
            "errors": .array(JSONArray(suite.inputErrors.map(JSONValue.string))),
            "setup": .array(JSONArray(suite.setup.map(step))),
            "scenarios": .array(
                JSONArray(
                    suite.scenarios.map { scenario in
                        [
                            "name": .string(scenario.name), "location": .string(scenario.location),
                            "tags": .array(JSONArray(scenario.tags.map(JSONValue.string))),
                            "passed": .bool(scenario.passed),
                            "ms": .int(Int(scenario.milliseconds)),
                            "steps": .array(JSONArray(scenario.steps.map(step))),
                        ]
                    })),
            "skipped": .array(JSONArray(suite.skipped.map(JSONValue.string))),
            "teardown": .array(JSONArray(suite.teardown.map(step))),
        ]
    }

    static func step(_ step: StepResult) -> JSONValue {
        let base: JSONValue = [
            "name": .string(step.name), "location": .string(step.location), "skipped": .bool(step.skipped),
            "attempts": .int(step.attempts), "ms": .int(Int(step.milliseconds)),
            "failures": .array(
                JSONArray(
                    step.failures.map { failure in
                        [
                            "kind": .string(failure.kind.rawValue), "message": .string(failure.message),
                            "contractLocation": failure.contractLocation.map(JSONValue.string) ?? .null,
                        ]
                    })),
        ]
        var object = base.objectValue ?? JSONObject()
        object.set("operationId", step.operationId.map(JSONValue.string) ?? .null)
        if let request = step.request {
            object.set("request", ["method": .string(request.method), "target": .string(request.target)])
        }
        if let response = step.response { object.set("status", .int(response.status)) }
        return .object(object)
    }

    static func coverage(_ coverage: Coverage) -> JSONValue {
        [
            "contract": .string(coverage.contract),
            "operations": .int(coverage.entries.count), "operationsExercised": .int(coverage.operationsExercised),
            "responses": .int(coverage.responsesDeclared), "responsesExercised": .int(coverage.responsesExercised),
            "entries": .array(
                JSONArray(
                    coverage.entries.map { entry in
                        [
                            "operation": .string(entry.operation), "method": .string(entry.method),
                            "path": .string(entry.path),
                            "declared": .array(JSONArray(entry.declared.map(JSONValue.string))),
                            "exercised": .array(JSONArray(entry.exercised.sorted().map(JSONValue.string))),
                        ]
                    })),
        ]
    }
}
