import Foundation

/// Locates `../shared/corpus` (or `$UNDERSTUDY_CORPUS`) for tests that read real-world material.
public enum Corpus {
    /// The package's root folder, derived from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The corpus folder, or nil when it is missing.
    public static var root: URL? {
        let environment = ProcessInfo.processInfo.environment
        let candidate: URL
        if let override = environment["UNDERSTUDY_CORPUS"], !override.isEmpty {
            candidate = URL(fileURLWithPath: override)
        } else {
            candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return candidate.standardizedFileURL
    }

    /// The reason a corpus test cannot run; tests record it as a failure (never a silent skip).
    public static let missingMessage =
        "corpus not found: expected ../shared/corpus beside the package, or set UNDERSTUDY_CORPUS"

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
