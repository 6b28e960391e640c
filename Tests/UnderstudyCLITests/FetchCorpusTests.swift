import Foundation
import Testing
import UnderstudyTestSupport

/// `scripts/fetch-corpus` against a local HTTP server standing in for GitHub: files arrive checked by
/// sha256; a mismatch is refused and named; an unreachable host is a clear error; in neither case is
/// anything half-written. And the pinned manifest matches the corpus it describes.
@Suite(.serialized) struct FetchCorpusTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static let script = Corpus.packageRoot.appendingPathComponent("scripts/fetch-corpus").path

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            errors: String(decoding: err, as: UTF8.self))
    }

    static func sha256(_ text: String) throws -> String {
        let result = try run(
            "/usr/bin/env",
            ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", text])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A folder served over HTTP on a free port by Python's http.server, stopped when done.
    final class FileServer {
        let process = Process()
        let port: Int

        init(folder: URL) throws {
            port = try Self.freePort()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder.path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 {
                if (try? RawHTTPConnection(port: port, timeoutSeconds: 1)) != nil { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        static func freePort() throws -> Int {
            let result = try FetchCorpusTests.run(
                "/usr/bin/env",
                [
                    "python3", "-c",
                    "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])",
                ])
            return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        deinit { process.terminate() }
    }

    @Test func filesArriveCheckedAndBadOnesAreRefusedWholesale() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString)")
        let served = work.appendingPathComponent("served/owner/repo/0123abcd")
        try FileManager.default.createDirectory(
            at: served.appendingPathComponent("dir"), withIntermediateDirectories: true)
        let files = ["a.txt": "alpha\n", "dir/b.json": "{\"b\": 1}\n", "c.yaml": "c: 3\n"]
        var manifest = "# path\tkind\tsource\tsha256\tbytes\tnote\n"
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            try text.write(to: served.appendingPathComponent(path), atomically: true, encoding: .utf8)
            manifest +=
                "\(path)\turl\thttps://raw.githubusercontent.com/owner/repo/0123abcd/\(path)\t\(try Self.sha256(text))\t\(text.utf8.count)\tt\n"
        }
        manifest += "notes.txt\tnone\t-\t\(try Self.sha256("x"))\t1\thand-made\n"
        let manifestFile = work.appendingPathComponent("manifest.tsv")
        try manifest.write(to: manifestFile, atomically: true, encoding: .utf8)
        let server = try FileServer(folder: work.appendingPathComponent("served"))
        let target = work.appendingPathComponent("corpus")
        let environment = [
            "CORPUS_MANIFEST": manifestFile.path, "CORPUS_URL_BASE": "http://127.0.0.1:\(server.port)",
        ]

        let fetched = try Self.run(Self.script, [target.path], environment: environment)
        #expect(fetched.status == 0, "\(fetched.errors)")
        #expect(fetched.output.hasPrefix("fetch-corpus: 3 fetched, 0 already in place, in \(target.path)\n"))
        #expect(fetched.output.contains("not fetchable: notes.txt"))
        #expect(try String(contentsOf: target.appendingPathComponent("dir/b.json"), encoding: .utf8) == "{\"b\": 1}\n")
        let again = try Self.run(Self.script, [target.path], environment: environment)
        #expect(again.output.hasPrefix("fetch-corpus: 0 fetched, 3 already in place"))

        // The server now has another a.txt: refused by name, and the good copy stays.
        try "tampered\n".write(to: served.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: target.appendingPathComponent("a.txt"))
        let tampered = try Self.run(Self.script, [target.path], environment: environment)
        #expect(tampered.status == 1)
        #expect(
            tampered.errors.contains(
                "fetch-corpus: a.txt: sha256 mismatch from http://127.0.0.1:\(server.port)/owner/repo/0123abcd/a.txt"))
        #expect(tampered.errors.contains("refused"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("a.txt").path))

        // Nobody answers: a clear error, and a new folder is not even made.
        let elsewhere = work.appendingPathComponent("elsewhere")
        let unreachable = try Self.run(
            Self.script, [elsewhere.path],
            environment: ["CORPUS_MANIFEST": manifestFile.path, "CORPUS_URL_BASE": "http://127.0.0.1:1"])
        #expect(unreachable.status == 1)
        #expect(unreachable.errors.contains("a.txt: http://127.0.0.1:1/owner/repo/0123abcd/a.txt: cannot reach it"))
        #expect(unreachable.errors.contains("3 of 3 files failed; nothing was written to \(elsewhere.path)"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path).filter {
            $0.hasPrefix(".fetch-corpus-")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func badUsageExitsTwo() throws {
        let result = try Self.run(Self.script, ["--only"])
        #expect(result.status == 2)
        #expect(result.errors.hasPrefix("fetch-corpus: --only needs a pattern"))
    }

    /// The pinned manifest describes the corpus at hand: every listed file is there with that hash and size,
    /// and every file there is listed.
    @Test(.needsCorpus) func theManifestMatchesTheCorpus() throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let check = """
            import hashlib, os, sys
            corpus, manifest = sys.argv[1], sys.argv[2]
            listed, problems = set(), []
            for line in open(manifest):
                if line.startswith("#") or not line.strip(): continue
                path, kind, source, digest, size = line.rstrip("\\n").split("\\t")[:5]
                listed.add(path)
                full = os.path.join(corpus, path)
                if not os.path.isfile(full): problems.append("missing " + path); continue
                data = open(full, "rb").read()
                if hashlib.sha256(data).hexdigest() != digest or len(data) != int(size): problems.append("differs " + path)
            for folder, _, names in os.walk(corpus):
                for name in names:
                    path = os.path.relpath(os.path.join(folder, name), corpus)
                    if path not in listed: problems.append("unlisted " + path)
            print(len(listed)); print("\\n".join(problems))
            """
        let result = try Self.run(
            "/usr/bin/env",
            [
                "python3", "-c", check, corpus.path,
                Corpus.packageRoot.appendingPathComponent("scripts/corpus-sources.tsv").path,
            ])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "267")
        #expect(lines.dropFirst().isEmpty, "\(lines.dropFirst())")
    }
}
