import Foundation
import Testing
import UnderstudyMock
import UnderstudyTestSupport

/// A contract and a mock profile as files, the way `serve` finds them: `openapi.yaml` and `mock.yaml` (and
/// any file the profile reads, by path relative to the folder) in a new scratch folder, loaded.
enum ProfileFixture {
    /// The loader's outcome, and the folder it read.
    static func load(
        contract: String, profile: String, files: [String: [UInt8]] = [:], prefix: String = "understudy"
    ) throws -> (outcome: ProfileLoader.Outcome, folder: URL) {
        let folder = Scratch.folder(prefix)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try contract.write(to: folder.appendingPathComponent("openapi.yaml"), atomically: true, encoding: .utf8)
        try profile.write(to: folder.appendingPathComponent("mock.yaml"), atomically: true, encoding: .utf8)
        for (path, bytes) in files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file)
        }
        return (ProfileLoader().load(path: folder.appendingPathComponent("mock.yaml").path), folder)
    }

    /// An engine over a fresh store, under `profile` (which must load without errors).
    static func engine(contract: String, profile: String) throws -> MockEngine {
        let outcome = try load(contract: contract, profile: profile).outcome
        let loaded = try #require(outcome.profile, "\(outcome.diagnostics)")
        return MockEngine(contract: try #require(outcome.contract), store: StateStore(), profile: loaded)
    }
}
