import Foundation

/// What `understudy test` prints: a line per scenario as it finishes (coloured on a terminal), then each
/// failure with its request and response (bodies cut, secrets masked), the coverage table and the summary.
public struct ConsoleReporter: Sendable {
    public var colors: Bool
    /// Header and query names whose values are never printed.
    public var secretNames: Set<String>

    public init(colors: Bool, secretNames: Set<String> = []) {
        self.colors = colors
        self.secretNames = Set(
            (["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey"]
                + secretNames.map { $0.lowercased() }))
    }

    private func paint(_ text: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// The line for a finished scenario.
    public func scenarioLine(suite: String, _ scenario: ScenarioResult) -> String {
        let mark = scenario.passed ? paint("✓", "32") : paint("✗", "31")
        let steps = scenario.steps.filter { !$0.skipped }.count
        return
            "\(mark) \(suite) › \(scenario.name) (\(steps) step\(steps == 1 ? "" : "s"), \(Int(scenario.milliseconds)) ms)"
    }

    /// Everything after the progress lines.
    public func report(_ results: [SuiteResult]) -> String {
        var lines: [String] = []
        for suite in results {
            for error in suite.inputErrors { lines.append(paint("error: ", "31") + error) }
            for step in suite.setup where !step.failures.isEmpty {
                lines += describe(step, heading: "\(suite.name) › setup")
            }
            for scenario in suite.scenarios {
                for step in scenario.steps where !step.failures.isEmpty {
                    lines += describe(step, heading: "\(suite.name) › \(scenario.name)")
                }
            }
            for step in suite.teardown where !step.failures.isEmpty {
                lines += describe(step, heading: "\(suite.name) › teardown")
            }
        }
        for coverage in Self.mergedCoverage(results) { lines += table(coverage) }
        let summary = RunSummary(results)
        let line = summary.line + " (\(results.count) suite\(results.count == 1 ? "" : "s"))"
        lines.append(summary.failed > 0 || summary.inputErrors ? paint(line, "31") : paint(line, "32"))
        return lines.joined(separator: "\n")
    }

    func describe(_ step: StepResult, heading: String) -> [String] {
        var lines = ["", paint("✗ \(heading) › \(step.name)", "31") + "  (\(step.location))"]
        for failure in step.failures {
            lines.append("    " + failure.message)
            if let location = failure.contractLocation { lines.append("      contract: \(location)") }
        }
        if let request = step.request {
            lines.append("    request:  \(request.method) \(mask(query: request.target))")
            for (name, value) in request.headers { lines.append("              \(name): \(mask(name, value))") }
            if !request.body.isEmpty { lines.append("              " + Self.cut(request.body)) }
        }
        if let response = step.response {
            lines.append("    response: \(response.status) \(HTTPStatusText.text(for: response.status))")
            for (name, value) in response.headers where name.lowercased() != "date" {
                lines.append("              \(name): \(mask(name, value))")
            }
            if !response.body.isEmpty { lines.append("              " + Self.cut(response.body)) }
        }
        return lines
    }

    func mask(_ name: String, _ value: String) -> String { secretNames.contains(name.lowercased()) ? "•••" : value }

    func mask(query target: String) -> String {
        guard let question = target.firstIndex(of: "?") else { return target }
        let pairs = target[target.index(after: question)...].split(separator: "&").map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return secretNames.contains(name.lowercased()) ? "\(name)=•••" : String(pair)
        }
        return target[..<question] + "?" + pairs.joined(separator: "&")
    }

    /// A body cut to about 600 characters, on one line.
    static func cut(_ body: [UInt8], limit: Int = 600) -> String {
        var text = String(decoding: body.prefix(limit), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        if body.count > limit { text += "… (\(body.count) bytes in all)" }
        return text
    }

    func table(_ coverage: Coverage) -> [String] {
        var lines = [
            "",
            "coverage of \(coverage.contract): \(coverage.operationsExercised)/\(coverage.entries.count) operations, "
                + "\(coverage.responsesExercised)/\(coverage.responsesDeclared) declared responses",
        ]
        // Operations the run reached, one line each; the others are counted (all are in the JSON report).
        let reached = coverage.entries.filter { !$0.exercised.isEmpty }
        let width = min(48, reached.map { $0.method.count + $0.path.count + 1 }.max() ?? 0)
        for entry in reached {
            let name = "\(entry.method) \(entry.path)"
            let padded = name.count >= width ? name : name + String(repeating: " ", count: width - name.count)
            let statuses = entry.declared.map { entry.exercised.contains($0) ? paint($0, "32") : paint("·\($0)", "2") }
            let extra = entry.exercised.filter { !entry.declared.contains($0) }.sorted().map { paint($0, "31") }
            lines.append("  \(padded)  " + (statuses + extra).joined(separator: " "))
        }
        let missed = coverage.entries.count - reached.count
        if missed > 0 { lines.append("  (\(missed) operation\(missed == 1 ? "" : "s") not exercised)") }
        return lines
    }

    /// Coverage per contract, summed over the suites that use it.
    static func mergedCoverage(_ results: [SuiteResult]) -> [Coverage] {
        var merged: [String: Coverage] = [:]
        var order: [String] = []
        for coverage in results.compactMap(\.coverage) {
            if merged[coverage.contract] == nil {
                merged[coverage.contract] = coverage
                order.append(coverage.contract)
            } else {
                merged[coverage.contract]!.merge(coverage)
            }
        }
        return order.compactMap { merged[$0] }
    }
}
