import Foundation
import Testing
import UnderstudyTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `scripts/fetch-corpus` against a local HTTP server standing in for GitHub: files arrive checked by
/// sha256; a mismatch is refused and named; an unreachable host is a clear error; in neither case is
/// anything half-written. And the pinned manifest matches the corpus it describes.
@Suite(.serialized) struct FetchCorpusTests {
    static let script = Corpus.packageRoot.appendingPathComponent("scripts/fetch-corpus").path

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:]
    ) async throws
        -> CommandRunner.Result
    {
        try await CommandRunner.run(URL(fileURLWithPath: executable), arguments, environment: environment)
    }

    static func sha256(_ text: String) async throws -> String {
        let result = try await run(
            "/usr/bin/env",
            ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", text])
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
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
            try CommandRunner.launch(process)
            for _ in 0..<100 {
                if (try? RawHTTPConnection(port: port, timeoutSeconds: 1)) != nil { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        /// A port nobody listens on now: bound to 0, read, released.
        static func freePort() throws -> Int {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard bound else { throw CocoaError(.featureUnsupported) }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        /// Stops the server and waits for it to be gone (a test leaves no process behind). SIGTERM first;
        /// a process started with SIGTERM ignored (which some launchers hand down) gets SIGKILL after a second.
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            for _ in 0..<20 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        deinit { stop() }
    }

    @Test func filesArriveCheckedAndBadOnesAreRefusedWholesale() async throws {
        let work = Scratch.folder("fetch")
        let served = work.appendingPathComponent("served/owner/repo/0123abcd")
        try FileManager.default.createDirectory(
            at: served.appendingPathComponent("dir"), withIntermediateDirectories: true)
        let files = ["a.txt": "alpha\n", "dir/b.json": "{\"b\": 1}\n", "c.yaml": "c: 3\n"]
        var manifest = "# path\tkind\tsource\tsha256\tbytes\tnote\n"
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            try text.write(to: served.appendingPathComponent(path), atomically: true, encoding: .utf8)
            manifest +=
                "\(path)\turl\thttps://raw.githubusercontent.com/owner/repo/0123abcd/\(path)\t\(try await Self.sha256(text))\t\(text.utf8.count)\tt\n"
        }
        manifest += "notes.txt\tnone\t-\t\(try await Self.sha256("x"))\t1\thand-made\n"
        let manifestFile = work.appendingPathComponent("manifest.tsv")
        try manifest.write(to: manifestFile, atomically: true, encoding: .utf8)
        let server = try FileServer(folder: work.appendingPathComponent("served"))
        defer { server.stop() }
        let target = work.appendingPathComponent("corpus")
        let environment = [
            "CORPUS_MANIFEST": manifestFile.path, "CORPUS_URL_BASE": "http://127.0.0.1:\(server.port)",
        ]

        let fetched = try await Self.run(Self.script, [target.path], environment: environment)
        #expect(fetched.status == 0, "\(fetched.standardError)")
        #expect(fetched.standardOutput.hasPrefix("fetch-corpus: 3 fetched, 0 already in place, in \(target.path)\n"))
        #expect(fetched.standardOutput.contains("not fetchable: notes.txt"))
        #expect(try String(contentsOf: target.appendingPathComponent("dir/b.json"), encoding: .utf8) == "{\"b\": 1}\n")
        let again = try await Self.run(Self.script, [target.path], environment: environment)
        #expect(again.standardOutput.hasPrefix("fetch-corpus: 0 fetched, 3 already in place"))

        // The server now has another a.txt: refused by name, and the good copy stays.
        try "tampered\n".write(to: served.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: target.appendingPathComponent("a.txt"))
        let tampered = try await Self.run(Self.script, [target.path], environment: environment)
        #expect(tampered.status == 1)
        #expect(
            tampered.standardError.contains(
                "fetch-corpus: a.txt: sha256 mismatch from http://127.0.0.1:\(server.port)/owner/repo/0123abcd/a.txt"))
        #expect(tampered.standardError.contains("refused"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("a.txt").path))

        // Nobody answers: a clear error, and a new folder is not even made.
        let elsewhere = work.appendingPathComponent("elsewhere")
        let unreachable = try await Self.run(
            Self.script, [elsewhere.path],
            environment: ["CORPUS_MANIFEST": manifestFile.path, "CORPUS_URL_BASE": "http://127.0.0.1:1"])
        #expect(unreachable.status == 1)
        #expect(
            unreachable.standardError.contains("a.txt: http://127.0.0.1:1/owner/repo/0123abcd/a.txt: cannot reach it"))
        #expect(unreachable.standardError.contains("3 of 3 files failed; nothing was written to \(elsewhere.path)"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path).filter {
            $0.hasPrefix(".fetch-corpus-")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func badUsageExitsTwo() async throws {
        let result = try await Self.run(Self.script, ["--only"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("fetch-corpus: --only needs a pattern"))
    }

    /// The pinned manifest describes the corpus at hand: every listed file is there with that hash and size,
    /// and every file there is listed.
    @Test(.needsCorpus) func theManifestMatchesTheCorpus() async throws {
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
        let result = try await Self.run(
            "/usr/bin/env",
            [
                "python3", "-c", check, corpus.path,
                Corpus.packageRoot.appendingPathComponent("scripts/corpus-sources.tsv").path,
            ])
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "267")
        #expect(lines.dropFirst().isEmpty, "\(lines.dropFirst())")
    }
}
