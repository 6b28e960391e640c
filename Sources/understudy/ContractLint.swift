import Foundation
import UnderstudyContract
import UnderstudySchema

/// The linting of OpenAPI documents in one `lint` run: load, the official schema check (on a second thread
/// while the document loads), the semantic rules, then each rule's severity from the nearest configuration
/// file and the `--rule` flags. What the documents share (the loader, the official schemas, configurations
/// read, notes said once) lives here.
final class ContractLint {
    let loader: ContractLoader
    let official: OfficialSchemaCheck?
    /// `--rule` flags, which win over any file.
    let flags: LintSettings
    /// The `--config` file's settings, which replace the nearest file's.
    let explicitSettings: LintSettings?
    private var settingsByFile: [String: LintSettings] = [:]
    /// Things said once for the whole run.
    private(set) var notes: [String] = []

    init(loader: ContractLoader, official: OfficialSchemaCheck?, flags: LintSettings, explicitSettings: LintSettings?) {
        self.loader = loader
        self.official = official
        self.flags = flags
        self.explicitSettings = explicitSettings
    }

    /// The settings for `file`: `--config`'s or the nearest configuration file's (each read once), then the
    /// flags.
    func settings(for file: String) throws(LintSettings.Problem) -> LintSettings {
        var settings = explicitSettings ?? LintSettings()
        if explicitSettings == nil, let path = LintSettings.nearestFile(for: file) {
            if let known = settingsByFile[path] {
                settings = known
            } else {
                settings = try LintSettings.load(path: path)
                settingsByFile[path] = settings
            }
        }
        for (rule, level) in flags.levels { settings.set(rule, level) }
        return settings
    }

    /// What is wrong with the OpenAPI document at `file` (`read` is its text as already read, nil when it
    /// could not be); throws when its configuration is broken.
    func lint(_ file: String, read: YAMLReader.Result?) throws(LintSettings.Problem) -> LintReport.Entry {
        let settings = try settings(for: file)
        let checksSchema = settings.levels[.officialSchema] != .off
        var schemaCheck: BackgroundWork<[Diagnostic]>?
        if checksSchema, let official, let raw = read?.value, let version = SpecVersion(declaredBy: raw) {
            let display = ContractLoader.displayPath(for: URL(fileURLWithPath: file).standardizedFileURL)
            schemaCheck = BackgroundWork { official.check(raw, version: version, file: display) }
        }
        let outcome = read.map { loader.load(path: file, read: $0) } ?? loader.load(path: file)
        if outcome.unreadable {
            return LintReport.Entry(file: file, kind: "unreadable", diagnostics: outcome.diagnostics)
        }
        var diagnostics = outcome.diagnostics
        if let version = outcome.version, let rootURI = outcome.rootURI {
            if let official, let schemaCheck, official.unavailable(for: version) == nil {
                diagnostics = Self.merge(loader: diagnostics, schema: schemaCheck.result())
            } else if checksSchema, notes.isEmpty {
                let reason = official?.unavailable(for: version) ?? "the official OpenAPI schemas were not found"
                notes.append(
                    "\(reason), so documents are checked by Understudy's own rules only "
                        + "(\(OfficialSchemaFolder.howToGet))")
            }
            var linter = DocumentLinter(
                documents: outcome.documents, rootURI: rootURI, version: version, registry: outcome.contract?.schemas)
            var found = linter.run()
            if case .swagger2 = version {
                // Pointers of the converted document do not name places in the file as written.
                for index in found.indices { found[index].pointer = nil }
            }
            diagnostics = ContractLoader.sortedByPosition(diagnostics + found)
        }
        diagnostics = settings.apply(to: diagnostics)
        var summary: String?
        if let contract = outcome.contract {
            summary =
                "\(contract.displayPath): OpenAPI \(contract.version), \(contract.operations.count) operations, "
                + "\(diagnostics.errors.count) errors, \(diagnostics.warnings.count) warnings"
        }
        return LintReport.Entry(
            file: file, kind: "openapi", summary: summary, version: outcome.version?.description,
            diagnostics: diagnostics)
    }

    /// The loader's diagnostics and the official schema's: where both speak of the same place (an unknown key,
    /// a bad response code, a parameter location), the schema's sentence stands. Reading problems (`$ref`) and
    /// YAML 1.1 booleans are kept.
    static func merge(loader: [Diagnostic], schema: [Diagnostic]) -> [Diagnostic] {
        let places = Set(schema.map { "\($0.file)|\($0.location)" })
        let pointers = Set(schema.compactMap { $0.pointer.map { "\($0)" } })
        let kept = loader.filter { diagnostic in
            let samePlace =
                places.contains("\(diagnostic.file)|\(diagnostic.location)")
                || diagnostic.pointer.map { pointers.contains("\($0)") } == true
            return !samePlace || diagnostic.message.contains("$ref")
                || diagnostic.rule == LintRule.yamlBoolean.rawValue
        }
        return kept + schema
    }
}
