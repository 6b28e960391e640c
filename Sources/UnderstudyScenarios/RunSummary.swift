/// Counts over all suites of a run, and the exit code they mean.
public struct RunSummary: Sendable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var suites = 0
    public var inputErrors = false

    public init(_ results: [SuiteResult]) {
        suites = results.count
        for suite in results {
            if suite.hasInputErrors { inputErrors = true }
            if !suite.inputErrors.isEmpty { failed += 1 }
            let setupFailed = !suite.setup.allSatisfy(\.passed) || !suite.teardown.allSatisfy { $0.failures.isEmpty }
            for scenario in suite.scenarios {
                if scenario.passed && !setupFailed { passed += 1 } else { failed += 1 }
            }
            if setupFailed && suite.scenarios.isEmpty { failed += 1 }
            skipped += suite.skipped.count
        }
    }

    /// 0 when everything passed, 2 when a suite or the command line was at fault, else 1.
    public var exitCode: Int32 { inputErrors ? 2 : (failed > 0 ? 1 : 0) }

    public var line: String {
        "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}
