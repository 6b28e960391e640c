import Foundation
import UnderstudySchema

/// Which lint rules run and how serious their findings are: each rule's default, then the repository's
/// `.understudy-lint.yaml` (the nearest one in the linted file's folder or a folder above it, or the file
/// `--config` names), then `--rule NAME=SEVERITY` flags. The file:
///
/// ```yaml
/// rules:
///   example-valid: warning   # error | warning | off
///   required-declared: off
/// ```
public struct LintSettings: Sendable, Equatable {
    /// What a rule is set to.
    public enum Level: String, Sendable, Equatable {
        case error, warning, off
    }

    /// Rules set away from their default.
    public private(set) var levels: [LintRule: Level] = [:]

    public init(levels: [LintRule: Level] = [:]) { self.levels = levels }

    /// The names a configuration file is looked for under.
    public static let fileNames = [".understudy-lint.yaml", ".understudy-lint.yml"]

    /// A configuration problem: what and where, as a diagnostic.
    public struct Problem: Error, Sendable {
        public var diagnostic: Diagnostic
    }

    /// Sets `rule` to `level`.
    public mutating func set(_ rule: LintRule, _ level: Level) { levels[rule] = level }

    /// `diagnostics` with each rule's finding at its configured severity, and those of rules set `off` gone.
    /// Diagnostics without a rule (a document that cannot be read, an unresolved `$ref`) are kept as they are.
    public func apply(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { diagnostic in
            guard let name = diagnostic.rule, let rule = LintRule(rawValue: name) else { return diagnostic }
            var copy = diagnostic
            switch levels[rule] ?? (rule.defaultSeverity == .error ? .error : .warning) {
            case .off: return nil
            case .error: copy.severity = .error
            case .warning: copy.severity = .warning
            }
            return copy
        }
    }

    /// Reads `NAME=SEVERITY` (a `--rule` flag) into these settings.
    public mutating func apply(flag text: String) throws(Problem) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else {
            throw Problem(
                diagnostic: .error(
                    "--rule '\(text)' should be NAME=SEVERITY", file: "--rule", at: .unknown,
                    hint: "e.g. --rule example-valid=warning (error, warning or off)"))
        }
        let (rule, level) = try Self.parse(
            name: parts[0], level: parts[1], file: "--rule", nameAt: .unknown, levelAt: .unknown)
        set(rule, level)
    }

    /// The nearest configuration file for `file`: in its folder or a folder above; nil when none.
    public static func nearestFile(for file: String) -> String? {
        var folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
        while true {
            for name in fileNames {
                let candidate = folder.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
            if folder.path == "/" || folder.path.isEmpty { return nil }
            folder.deleteLastPathComponent()
        }
    }

    /// The settings a configuration file holds.
    public static func load(path: String) throws(Problem) -> LintSettings {
        let display = path
        let read: YAMLReader.Result
        do {
            read = try DocumentReader(maxBytes: 1_048_576).read(path: path, displayPath: display)
        } catch {
            throw Problem(diagnostic: error.diagnostic)
        }
        if let failure = read.diagnostics.errors.first { throw Problem(diagnostic: failure) }
        guard case .object(let root)? = read.value else {
            throw Problem(
                diagnostic: .error(
                    "a lint configuration is a mapping with 'rules:'", file: display,
                    at: SourceLocation(line: 1, column: 1), hint: "e.g. rules: {example-valid: warning}"))
        }
        for key in root.keys where key != "rules" {
            throw Problem(
                diagnostic: .error(
                    "unknown key '\(key)' in the lint configuration", file: display, at: root.keyLocation(of: key),
                    hint: "the configuration holds 'rules:' only"))
        }
        var settings = LintSettings()
        guard let rules = root["rules"] else { return settings }
        guard case .object(let entries) = rules else {
            throw Problem(
                diagnostic: .error(
                    "'rules' should map rule names to error, warning or off", file: display,
                    at: root.valueLocation(of: "rules")))
        }
        for (name, value) in entries {
            let level: String
            switch value {
            case .string(let text): level = text
            case .bool(false): level = "off"
            default: level = "\(value)"
            }
            let (rule, parsed) = try parse(
                name: name, level: level, file: display, nameAt: entries.keyLocation(of: name),
                levelAt: entries.valueLocation(of: name))
            settings.set(rule, parsed)
        }
        return settings
    }

    private static func parse(
        name: String, level: String, file: String, nameAt: SourceLocation, levelAt: SourceLocation
    ) throws(Problem) -> (LintRule, Level) {
        guard let rule = LintRule(rawValue: name) else {
            let names = LintRule.allCases.map(\.rawValue)
            throw Problem(
                diagnostic: .error(
                    "unknown lint rule '\(name)'", file: file, at: nameAt,
                    hint: Suggestion.hint(for: name, in: names) ?? "rules: \(names.joined(separator: ", "))"))
        }
        guard let parsed = Level(rawValue: level.lowercased()) else {
            throw Problem(
                diagnostic: .error(
                    "rule '\(name)' is set to '\(level)'; use error, warning or off", file: file, at: levelAt))
        }
        return (rule, parsed)
    }
}
