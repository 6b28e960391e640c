import Foundation
import UnderstudyContract
import UnderstudySchema

/// What `serve` and in-process `test` mock: a contract file; a profile file (a `mock.yaml`, or any file
/// with profile keys and no `openapi:`/`swagger:`), which names its contract; or a folder with
/// openapi.yaml (or .yml, .json) and, optionally, mock.yaml.
public enum MockSource {
    public struct Loaded: Sendable {
        public var contract: Contract?
        public var profile: MockProfile?
        public var diagnostics: [Diagnostic]
        /// The file whose problems these are: the profile when there is one, else the contract.
        public var file: String
    }

    /// Loads `path`; `read` is the file when the caller has read it already.
    public static func load(_ path: String, read: YAMLReader.Result? = nil) -> Loaded {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        var file = path
        var document = read
        var profilePath: String? = nil
        if exists, isDirectory.boolValue {
            let candidate = (path as NSString).appendingPathComponent("mock.yaml")
            if FileManager.default.fileExists(atPath: candidate) {
                profilePath = candidate
            } else {
                let candidates = ["openapi.yaml", "openapi.yml", "openapi.json"].map {
                    (path as NSString).appendingPathComponent($0)
                }
                guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    return Loaded(
                        contract: nil, profile: nil,
                        diagnostics: [
                            .error(
                                "no openapi.yaml, openapi.yml, openapi.json or mock.yaml in this folder", file: path,
                                at: .unknown)
                        ], file: path)
                }
                file = found
            }
        } else if exists {
            // Read once: the document says whether it is a profile or the contract itself.
            if document == nil { document = try? ContractLoader().read(path: path) }
            if document?.value.map({ ProfileLoader.isProfile($0, file: path) }) ?? false { profilePath = path }
        }
        if let profilePath {
            let outcome = ProfileLoader().load(path: profilePath)
            return Loaded(
                contract: outcome.profile == nil ? nil : outcome.contract, profile: outcome.profile,
                diagnostics: outcome.diagnostics, file: profilePath)
        }
        let outcome =
            document.map { ContractLoader().load(path: file, read: $0) } ?? ContractLoader().load(path: file)
        return Loaded(contract: outcome.contract, profile: nil, diagnostics: outcome.diagnostics, file: file)
    }
}
