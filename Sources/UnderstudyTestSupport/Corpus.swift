import Foundation

/// Locates `../shared/corpus` (or `$UNDERSTUDY_CORPUS`) for tests that read real-world material.
public enum Corpus {
    /// The package's root folder, derived from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The corpus folder, or nil when it is missing: `$UNDERSTUDY_CORPUS` when set, else `../shared/corpus`
    /// beside the package, else `.corpus/` inside it (where `scripts/fetch-corpus` puts it without `../shared`).
    public static var root: URL? {
        let environment = ProcessInfo.processInfo.environment
        let candidates: [URL]
        if let override = environment["UNDERSTUDY_CORPUS"], !override.isEmpty {
            candidates = [URL(fileURLWithPath: override)]
        } else {
            candidates = [
                packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus"),
                packageRoot.appendingPathComponent(".corpus"),
            ]
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate.standardizedFileURL
            }
        }
        return nil
    }

    /// The reason a corpus test cannot run; under CI tests record it as a failure (never a silent skip).
    public static let missingMessage =
        "corpus not found: expected ../shared/corpus beside the package, or set UNDERSTUDY_CORPUS"

    /// Whether this is a CI run (`CI=true`), where every test must run.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether tests that read the corpus run: it is here, or this is CI (where its absence is a failure).
    public static var testsRun: Bool { root != nil || isCI }

    /// What a skipped corpus test says (scripts/test counts the tests that say it).
    public static let skipReason =
        "needs the corpus (not at ../shared/corpus): run scripts/fetch-corpus, or set UNDERSTUDY_CORPUS=/path"

    /// Whether a suite, contract or profile file (or, for a suite, the folder or profile its `contract:` names)
    /// reads something from the corpus: it names a path through `shared/corpus`.
    public static func isReferenced(by file: URL) -> Bool {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return false }
        if text.contains("shared/corpus/") { return true }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("contract:") }) else { return false }
        let named = line.dropFirst("contract:".count).trimmingCharacters(in: .whitespaces)
        let target = file.deletingLastPathComponent().appendingPathComponent(named)
        let profile = target.pathExtension.isEmpty ? target.appendingPathComponent("mock.yaml") : target
        return ((try? String(contentsOf: profile, encoding: .utf8)) ?? "").contains("shared/corpus/")
    }

    /// Files below `folder` (recursively) whose names end in one of `extensions`, sorted by path.
    public static func files(in folder: URL, extensions: Set<String>) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var result: [URL] = []
        for case let url as URL in enumerator where extensions.contains(url.pathExtension) {
            result.append(url)
        }
        return result.sorted { $0.path < $1.path }
    }
}
