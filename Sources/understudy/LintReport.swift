import Foundation
import UnderstudyContract
import UnderstudySchema

/// What `understudy lint` found in each file, written in one of the formats tools read: compiler-style text,
/// JSON, SARIF 2.1.0 (code scanning) or GitHub Actions workflow commands.
struct LintReport {
    enum Format: String, CaseIterable {
        case text, json, sarif, github
    }

    /// One linted file.
    struct Entry {
        var file: String
        /// `openapi`, `suite`, `profile`, or `unreadable`.
        var kind: String
        /// The human summary line (`spec.yaml: OpenAPI 3.0.3, 12 operations, 0 errors, 1 warning`), if any.
        var summary: String?
        var version: String?
        var diagnostics: [Diagnostic]
    }

    var entries: [Entry] = []
    /// Things said once about the whole run (the official schemas were not found).
    var notes: [String] = []

    var errors: Int { entries.reduce(0) { $0 + $1.diagnostics.errors.count } }
    var warnings: Int { entries.reduce(0) { $0 + $1.diagnostics.warnings.count } }

    /// Text: diagnostics to standard error as a compiler prints them, summaries to standard output.
    func writeText(errorsOnly: Bool) {
        for note in notes { Terminal.standardError("note: \(note)") }
        for entry in entries {
            for diagnostic in entry.diagnostics where !(errorsOnly && diagnostic.severity == .warning) {
                Terminal.standardError(diagnostic.description)
            }
            if let summary = entry.summary { Terminal.standardOutput(summary) }
        }
        if entries.count > 1 {
            Terminal.standardOutput("\(entries.count) documents: \(errors) errors, \(warnings) warnings")
        }
    }

    /// One JSON document on standard output.
    func json(errorsOnly: Bool) -> String {
        var files = JSONArray()
        for entry in entries {
            var object = JSONObject()
            object["file"] = .string(entry.file)
            object["kind"] = .string(entry.kind)
            if let version = entry.version { object["version"] = .string(version) }
            var list = JSONArray()
            for diagnostic in entry.diagnostics where !(errorsOnly && diagnostic.severity == .warning) {
                var item = JSONObject()
                item["severity"] = .string(diagnostic.severity.rawValue)
                item["rule"] = diagnostic.rule.map(JSONValue.string) ?? .null
                item["message"] = .string(diagnostic.message)
                item["file"] = .string(diagnostic.file)
                item["line"] = diagnostic.location.isKnown ? .number(.int(Int(diagnostic.location.line))) : .null
                item["column"] =
                    diagnostic.location.isKnown ? .number(.int(Int(diagnostic.location.column))) : .null
                item["pointer"] = diagnostic.pointer.map { .string($0.description) } ?? .null
                item["hint"] = diagnostic.hint.map(JSONValue.string) ?? .null
                list.append(.object(item))
            }
            object["diagnostics"] = .array(list)
            files.append(.object(object))
        }
        var root = JSONObject()
        root["files"] = .array(files)
        root["errors"] = .number(.int(errors))
        root["warnings"] = .number(.int(warnings))
        root["notes"] = .array(JSONArray(notes.map(JSONValue.string)))
        return JSONSerializer.serialize(.object(root), pretty: true)
    }

    /// A SARIF 2.1.0 log: one run, the rules that can fire, one result per diagnostic.
    func sarif(errorsOnly: Bool) -> String {
        var rules = JSONArray()
        for rule in LintRule.allCases {
            var object = JSONObject()
            object["id"] = .string(rule.rawValue)
            object["shortDescription"] = ["text": .string(rule.summary)]
            object["defaultConfiguration"] = ["level": .string(rule.defaultSeverity == .error ? "error" : "warning")]
            rules.append(.object(object))
        }
        var results = JSONArray()
        for entry in entries {
            for diagnostic in entry.diagnostics where !(errorsOnly && diagnostic.severity == .warning) {
                var result = JSONObject()
                result["ruleId"] = .string(diagnostic.rule ?? "load")
                result["level"] = .string(diagnostic.severity == .error ? "error" : "warning")
                let text = diagnostic.message + (diagnostic.hint.map { " (\($0))" } ?? "")
                result["message"] = ["text": .string(text)]
                var physical = JSONObject()
                physical["artifactLocation"] = ["uri": .string(Self.artifactURI(diagnostic.file))]
                if diagnostic.location.isKnown {
                    physical["region"] = [
                        "startLine": .number(.int(Int(diagnostic.location.line))),
                        "startColumn": .number(.int(Int(diagnostic.location.column))),
                    ]
                }
                result["locations"] = [["physicalLocation": .object(physical)]]
                results.append(.object(result))
            }
        }
        var driver = JSONObject()
        driver["name"] = .string("understudy")
        driver["version"] = .string(UnderstudyVersion.current)
        driver["informationUri"] = .string("https://github.com/understudy/understudy")
        driver["rules"] = .array(rules)
        var run = JSONObject()
        run["tool"] = ["driver": .object(driver)]
        run["results"] = .array(results)
        var log = JSONObject()
        log["$schema"] = .string("https://json.schemastore.org/sarif-2.1.0.json")
        log["version"] = .string("2.1.0")
        log["runs"] = [.object(run)]
        return JSONSerializer.serialize(.object(log), pretty: true)
    }

    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, one per line.
    func github(errorsOnly: Bool) -> [String] {
        var lines: [String] = []
        for entry in entries {
            for diagnostic in entry.diagnostics where !(errorsOnly && diagnostic.severity == .warning) {
                var properties = ["file=\(Self.escapeProperty(diagnostic.file))"]
                if diagnostic.location.isKnown {
                    properties.append("line=\(diagnostic.location.line)")
                    properties.append("col=\(diagnostic.location.column)")
                }
                if let rule = diagnostic.rule { properties.append("title=\(Self.escapeProperty(rule))") }
                let text = diagnostic.message + (diagnostic.hint.map { " (hint: \($0))" } ?? "")
                lines.append(
                    "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(Self.escapeData(text))")
            }
        }
        for note in notes { lines.append("::notice::\(Self.escapeData(note))") }
        return lines
    }

    /// A relative path stays relative (SARIF viewers resolve it against the checkout); others become file URIs.
    static func artifactURI(_ file: String) -> String {
        if file.hasPrefix("/") { return URL(fileURLWithPath: file).absoluteString }
        return file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
