import Foundation
import UnderstudySchema

/// Where the official JSON Schemas of OpenAPI documents are: a folder holding `v2.0.schema.json`,
/// `v3.0.schema.json`, `v3.1.schema.json` and `v3.2.schema.json`, as the OpenAPI Initiative publishes them
/// (the layout of the PyPI package openapi-spec-validator and of the test corpus).
///
/// They are third-party files and are not part of this repository. Lint looks for them, in order: the
/// `--openapi-schemas` folder, `$UNDERSTUDY_OPENAPI_SCHEMAS`, `$UNDERSTUDY_CORPUS/openapi-schemas`, a
/// `shared/corpus/openapi-schemas` or `.corpus/openapi-schemas` in a folder above the working directory or the
/// executable, and `~/.cache/understudy/openapi-schemas` (where `scripts/fetch-corpus --only
/// 'openapi-schemas/*' ~/.cache/understudy` puts them).
public struct OfficialSchemaFolder: Sendable, Hashable {
    /// The folder.
    public let path: String

    public init(path: String) { self.path = path }

    /// The file holding the schema for `version`.
    public func file(for version: SpecVersion) -> String {
        (path as NSString).appendingPathComponent("v\(version.family).schema.json")
    }

    /// How to get the schemas, for the note lint prints when they are missing.
    public static let howToGet =
        "get them with scripts/fetch-corpus --only 'openapi-schemas/*' ~/.cache/understudy,"
        + " or name a folder with --openapi-schemas or UNDERSTUDY_OPENAPI_SCHEMAS"

    /// The published Arazzo 1.0 schema (`arazzo/schema-1.0/schema.json` of the test corpus, found as the
    /// OpenAPI schemas are: `$UNDERSTUDY_CORPUS`, a `shared/corpus` or `.corpus` above the working directory or
    /// the executable, `~/.cache/understudy`); nil when none is found.
    public static func locateArazzoSchema(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = CommandLine.arguments.first ?? ""
    ) -> String? {
        guard
            let folder = locate(
                environment: environment.filter { $0.key != "UNDERSTUDY_OPENAPI_SCHEMAS" },
                workingDirectory: workingDirectory, executable: executable)
        else { return nil }
        let candidate = URL(fileURLWithPath: folder.path).deletingLastPathComponent()
            .appendingPathComponent("arazzo/schema-1.0/schema.json").path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// The first folder, in the order above, that holds at least one of the schemas; nil when none does.
    public static func locate(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = CommandLine.arguments.first ?? ""
    ) -> OfficialSchemaFolder? {
        if let explicit { return OfficialSchemaFolder(path: explicit) }
        var candidates: [String] = []
        if let named = environment["UNDERSTUDY_OPENAPI_SCHEMAS"], !named.isEmpty { candidates.append(named) }
        if let corpus = environment["UNDERSTUDY_CORPUS"], !corpus.isEmpty {
            candidates.append((corpus as NSString).appendingPathComponent("openapi-schemas"))
        }
        let executableFolder = URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: workingDirectory))
            .standardizedFileURL.deletingLastPathComponent()
        for start in [URL(fileURLWithPath: workingDirectory).standardizedFileURL, executableFolder] {
            var folder = start
            while true {
                candidates.append(folder.appendingPathComponent("shared/corpus/openapi-schemas").path)
                candidates.append(folder.appendingPathComponent(".corpus/openapi-schemas").path)
                if folder.path == "/" || folder.path.isEmpty { break }
                folder.deleteLastPathComponent()
            }
        }
        if let home = environment["HOME"], !home.isEmpty {
            candidates.append((home as NSString).appendingPathComponent(".cache/understudy/openapi-schemas"))
        }
        for candidate in candidates {
            let folder = OfficialSchemaFolder(path: candidate)
            let families = ["2.0", "3.0", "3.1", "3.2"]
            if families.contains(where: {
                FileManager.default.fileExists(
                    atPath: (candidate as NSString).appendingPathComponent("v\($0).schema.json"))
            }) {
                return folder
            }
        }
        return nil
    }
}
