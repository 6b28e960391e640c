import Foundation
import Testing
import UnderstudyTestSupport

/// A frontend team's day in headless Chromium (scripts/browser-check): CORS from another origin, a 401 and a
/// 429 read from script, the dashboard's journal (live), state browser and forced answers. Under CI=true it
/// always runs (scripts/test installs chromium); elsewhere it needs chromium on PATH and says so when absent.
@Suite struct BrowserTests {
    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin"]).lazy
            .flatMap { folder in ["chromium", "chromium-browser"].map { "\(folder)/\($0)" } }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var runs: Bool { ProcessInfo.processInfo.environment["CI"] == "true" || chromium != nil }

    @Test(.enabled(if: runs, "needs chromium (apt-get install chromium): the real-browser test did not run"))
    func aFrontendTeamsDayInARealBrowser() async throws {
        let script = Corpus.packageRoot.appendingPathComponent("scripts/browser-check").path
        var arguments = [script, CommandRunner.executable.path]
        if let chromium = Self.chromium { arguments += ["--chromium", chromium] }
        let run = try await CommandRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, in: Corpus.packageRoot)
        #expect(run.status == 0, "\(run.standardOutput)\n\(run.standardError)")
        #expect(run.standardOutput.contains("browser-check: all checks hold"), "\(run.standardOutput)")
    }
}
