import Foundation
import Testing
import UnderstudyTestSupport

/// A bundled API or suite whose contract is the corpus's, in a checkout without the corpus: one line naming
/// the missing file and how to get it, exit 2 (never a stack of loader errors); with `UNDERSTUDY_CORPUS`
/// pointing at a corpus, the same files work.
@Suite struct MissingCorpusTests {
    /// The bundled Contract.fit profile and Alertmanager suite copied into a folder with no corpus anywhere
    /// around it, as in a plain clone.
    static func plainCheckout() throws -> URL {
        let root = Scratch.folder("plain").appendingPathComponent("repo")
        for folder in ["specs/contract-fit", "scenarios/alertmanager"] {
            let destination = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Corpus.packageRoot.appendingPathComponent(folder), to: destination)
        }
        return root
    }

    static func understudy(
        _ arguments: [String], in folder: URL, corpus: String? = nil
    ) async throws
        -> CommandRunner.Result
    {
        try await CommandRunner.run(
            CommandRunner.executable, arguments, in: folder, environment: ["UNDERSTUDY_CORPUS": corpus])
    }

    static let advice =
        "is missing: it comes from the test corpus, which this checkout does not have (get it with scripts/fetch-corpus, or set UNDERSTUDY_CORPUS=/path/to/corpus)\n"

    @Test func withoutTheCorpusOneLineSaysWhatIsMissing() async throws {
        let checkout = try Self.plainCheckout()
        let serve = try await Self.understudy(["serve", "specs/contract-fit", "--port", "0"], in: checkout)
        #expect(serve.status == 2)
        #expect(
            serve.standardError == "error: specs/contract-fit/mock.yaml:7: contract-fit.openapi.yaml " + Self.advice)
        let test = try await Self.understudy(["test", "scenarios/alertmanager"], in: checkout)
        #expect(test.status == 2)
        #expect(
            test.standardError
                == "error: scenarios/alertmanager/silences.yaml:5: real-servers/alertmanager-v0.25.0.openapi.yaml "
                + Self.advice + "error: scenarios/alertmanager/silences.arazzo.yaml:11: "
                + "real-servers/alertmanager-v0.25.0.openapi.yaml " + Self.advice)
        #expect(test.standardOutput.isEmpty)
    }

    @Test(.needsCorpus) func withTheCorpusNamedTheSameFilesWork() async throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let checkout = try Self.plainCheckout()
        let test = try await Self.understudy(
            ["test", "scenarios/alertmanager", "--no-color"], in: checkout, corpus: corpus.path)
        #expect(test.status == 0, "\(test.standardOutput)\(test.standardError)")
        #expect(test.standardOutput.hasSuffix("5 passed, 0 failed (2 suites)\n"))
    }
}
