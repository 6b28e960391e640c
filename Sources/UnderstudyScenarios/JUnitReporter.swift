import Foundation

/// JUnit XML as CI systems read it: a `testsuite` per suite, a `testcase` per scenario (and one for a
/// failing setup or teardown), `failure` with the first problem as its message and all of them as text.
public enum JUnitReporter {
    public static func xml(_ results: [SuiteResult]) -> String {
        let summary = RunSummary(results)
        let seconds = results.reduce(0) { $0 + $1.milliseconds } / 1000
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites name=\"understudy\" tests=\"\(summary.passed + summary.failed)\" failures=\"\(summary.failed)\" "
            + "skipped=\"\(summary.skipped)\" time=\"\(format(seconds))\">\n"
        for suite in results {
            var cases: [String] = []
            for error in suite.inputErrors {
                cases.append(
                    testcase(suite.name, "suite", file: suite.file, seconds: 0, failures: [("input", error, error)]))
            }
            for (label, steps) in [("setup", suite.setup), ("teardown", suite.teardown)]
            where steps.contains(where: { !$0.failures.isEmpty }) {
                cases.append(testcase(suite.name, label, file: suite.file, seconds: 0, failures: failures(steps)))
            }
            for scenario in suite.scenarios {
                cases.append(
                    testcase(
                        suite.name, scenario.name, file: scenario.location, seconds: scenario.milliseconds / 1000,
                        failures: failures(scenario.steps)))
            }
            for name in suite.skipped {
                cases.append(
                    "    <testcase classname=\"\(escape(suite.name))\" name=\"\(escape(name))\" time=\"0\"><skipped/></testcase>"
                )
            }
            let failed = cases.filter { $0.contains("<failure") }.count
            xml +=
                "  <testsuite name=\"\(escape(suite.name))\" tests=\"\(cases.count - suite.skipped.count)\" failures=\"\(failed)\" "
                + "skipped=\"\(suite.skipped.count)\" time=\"\(format(suite.milliseconds / 1000))\" file=\"\(escape(suite.file))\">\n"
            xml += cases.joined(separator: "\n") + (cases.isEmpty ? "" : "\n")
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func failures(_ steps: [StepResult]) -> [(String, String, String)] {
        steps.flatMap { step in
            step.failures.map { failure in
                (
                    failure.kind.rawValue, failure.message,
                    "\(step.name) (\(step.location)): \(failure.description)"
                        + (step.request.map { "\nrequest: \($0.method) \($0.target)" } ?? "")
                        + (step.response.map { "\nresponse: \($0.status) \(ConsoleReporter.cut($0.body))" } ?? "")
                )
            }
        }
    }

    static func testcase(
        _ suite: String, _ name: String, file: String, seconds: Double, failures: [(String, String, String)]
    ) -> String {
        let open =
            "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(name))\" time=\"\(format(seconds))\" file=\"\(escape(file))\""
        guard let first = failures.first else { return open + "/>" }
        let text = failures.map(\.2).joined(separator: "\n\n")
        return open
            + ">\n      <failure type=\"\(escape(first.0))\" message=\"\(escape(first.1))\">\(escape(text))</failure>\n    </testcase>"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                // XML 1.0 has no way to write other control characters.
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    output += "?"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}
