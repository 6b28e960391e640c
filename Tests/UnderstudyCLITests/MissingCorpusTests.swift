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
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)/repo")
        for folder in ["specs/contract-fit", "scenarios/alertmanager"] {
            let destination = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Corpus.packageRoot.appendingPathComponent(folder), to: destination)
        }
        return root
    }

    static func understudy(_ arguments: [String], in folder: URL, corpus: String? = nil) throws -> FetchCorpusTests.Run
    {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["UNDERSTUDY_CORPUS"] = corpus
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            errors: String(decoding: err, as: UTF8.self))
    }

    static let advice =
        "is missing: it comes from the test corpus, which this checkout does not have (get it with scripts/fetch-corpus, or set UNDERSTUDY_CORPUS=/path/to/corpus)\n"

    @Test func withoutTheCorpusOneLineSaysWhatIsMissing() throws {
        let checkout = try Self.plainCheckout()
        let serve = try Self.understudy(["serve", "specs/contract-fit", "--port", "0"], in: checkout)
        #expect(serve.status == 2)
        #expect(serve.errors == "error: specs/contract-fit/mock.yaml:7: contract-fit.openapi.yaml " + Self.advice)
        let test = try Self.understudy(["test", "scenarios/alertmanager"], in: checkout)
        #expect(test.status == 2)
        #expect(
            test.errors
                == "error: scenarios/alertmanager/silences.yaml:5: real-servers/alertmanager-v0.25.0.openapi.yaml "
                + Self.advice)
        #expect(test.output.isEmpty)
    }

    @Test(.needsCorpus) func withTheCorpusNamedTheSameFilesWork() throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let checkout = try Self.plainCheckout()
        let test = try Self.understudy(
            ["test", "scenarios/alertmanager", "--no-color"], in: checkout, corpus: corpus.path)
        #expect(test.status == 0, "\(test.output)\(test.errors)")
        #expect(test.output.hasSuffix("4 passed, 0 failed (1 suite)\n"))
    }
}
