import ArgumentParser
import Foundation
import UnderstudyContract
import UnderstudyMock
import UnderstudyScenarios
import UnderstudySchema

/// `understudy lint FILE...`: load each contract and print its diagnostics like a compiler.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check OpenAPI documents and scenario suites; print diagnostics with file:line:column.",
        discussion: """
            A file with a top-level 'suite:' is a scenario suite: it is checked against the suite schema \
            (docs/suite.schema.json), then read, and its steps' operations are looked up in its contract. \
            Exit status: 0 when every document is clean or has only warnings, 1 when any has errors, \
            2 when a file cannot be read.
            """
    )

    @Argument(help: "OpenAPI documents (YAML or JSON; Swagger 2.0, OpenAPI 3.0.x, 3.1.x or 3.2.x) or scenario suites.")
    var files: [String] = []

    @Flag(name: .long, help: "Print errors only, not warnings.")
    var errorsOnly = false

    @Option(name: .long, help: "Largest document read, in megabytes.")
    var maxSize = 64

    @Option(name: .long, help: "Output: text (compiler style), json, sarif (code scanning) or github (annotations).")
    var format: String = "text"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Set a rule: NAME=error|warning|off (repeatable); see --list-rules.", valueName: "NAME=SEVERITY"))
    var rule: [String] = []

    @Option(name: .long, help: "A lint configuration file (default: the nearest .understudy-lint.yaml).")
    var config: String?

    @Option(name: .long, help: "The folder holding the official OpenAPI schemas (v2.0.schema.json, ...).")
    var openapiSchemas: String?

    @Flag(name: .long, help: "List the lint rules with their default severities, and exit.")
    var listRules = false

    func run() throws {
        if listRules {
            for rule in LintRule.allCases {
                let name = rule.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                let level = rule.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                Terminal.standardOutput("\(name)\(level)\(rule.summary)")
            }
            return
        }
        guard let format = LintReport.Format(rawValue: format) else {
            throw ArgumentParser.ValidationError("--format must be text, json, sarif or github, not '\(format)'")
        }
        guard !files.isEmpty else { throw ArgumentParser.ValidationError("name at least one file to lint") }
        var flags = LintSettings()
        do {
            for text in rule { try flags.apply(flag: text) }
        } catch {
            throw ArgumentParser.ValidationError(
                error.diagnostic.message + (error.diagnostic.hint.map { " (\($0))" } ?? ""))
        }
        let explicitSettings: LintSettings?
        do {
            explicitSettings = try config.map { path throws(LintSettings.Problem) in try LintSettings.load(path: path) }
        } catch {
            Terminal.standardError(error.diagnostic.description)
            throw ExitCode(2)
        }
        let loader = ContractLoader(reader: DocumentReader(maxBytes: maxSize * 1_048_576))
        if let openapiSchemas {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: openapiSchemas, isDirectory: &isFolder), isFolder.boolValue
            else {
                throw ArgumentParser.ValidationError("--openapi-schemas: no folder at \(openapiSchemas)")
            }
        }
        let contracts = ContractLint(
            loader: loader,
            official: OfficialSchemaFolder.locate(explicit: openapiSchemas).map(OfficialSchemaCheck.init),
            flags: flags, explicitSettings: explicitSettings)
        var report = LintReport()
        var sawUnreadable = false
        for file in files {
            // Read once: the document says whether it is a profile, a suite or a contract.
            let read = try? loader.read(path: file)
            if let document = read?.value, ProfileLoader.isProfile(document, file: file) {
                let (diagnostics, summary) = Self.lintProfile(file, document: document)
                report.entries.append(
                    .init(
                        file: file, kind: "profile",
                        summary: "\(file): mock profile\(summary), \(Self.count(diagnostics.errors.count, "error")), "
                            + Self.count(diagnostics.warnings.count, "warning"), diagnostics: diagnostics))
                continue
            }
            if ArazzoLoader.isArazzo(read?.value), let document = read?.value {
                let diagnostics = Self.lintArazzo(file, document: document, official: contracts.official)
                let workflows = document["workflows"]?.arrayValue?.count ?? 0
                report.entries.append(
                    .init(
                        file: file, kind: "arazzo",
                        summary: "\(file): Arazzo \(document["arazzo"]?.stringValue ?? "?"), "
                            + "\(Self.count(workflows, "workflow")), \(Self.count(diagnostics.errors.count, "error")), "
                            + Self.count(diagnostics.warnings.count, "warning"), diagnostics: diagnostics))
                continue
            }
            if case .object(let root)? = read?.value, root["suite"] != nil {
                let suite = JSONValue.object(root)
                let diagnostics = lintSuite(file, document: suite)
                let scenarios = suite["scenarios"]?.arrayValue?.count ?? 0
                report.entries.append(
                    .init(
                        file: file, kind: "suite",
                        summary: "\(file): scenario suite, \(Self.count(scenarios, "scenario")), "
                            + "\(Self.count(diagnostics.errors.count, "error")), "
                            + Self.count(diagnostics.warnings.count, "warning"), diagnostics: diagnostics))
                continue
            }
            do {
                let entry = try contracts.lint(file, read: read)
                if entry.kind == "unreadable" { sawUnreadable = true }
                report.entries.append(entry)
            } catch {
                Terminal.standardError(error.diagnostic.description)
                throw ExitCode(2)
            }
        }
        report.notes = contracts.notes
        switch format {
        case .text: report.writeText(errorsOnly: errorsOnly)
        case .json: Terminal.standardOutput(report.json(errorsOnly: errorsOnly))
        case .sarif: Terminal.standardOutput(report.sarif(errorsOnly: errorsOnly))
        case .github: report.github(errorsOnly: errorsOnly).forEach(Terminal.standardOutput)
        }
        if sawUnreadable { throw ExitCode(2) }
        if report.errors > 0 { throw ExitCode(1) }
    }

    /// An Arazzo document's problems: the published schema's (when found), then the reader's (ids,
    /// expressions, criteria, gotos, cycles; one per line), then steps naming operations no source declares.
    static func lintArazzo(_ file: String, document: JSONValue, official: OfficialSchemaCheck?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let schema = OfficialSchemaFolder.locateArazzoSchema() {
            let checker = official ?? OfficialSchemaCheck(folder: OfficialSchemaFolder(path: ""))
            diagnostics += checker.check(document, againstSchemaAt: schema, file: file, rule: .arazzoSchema) ?? []
        }
        let lines = Set(diagnostics.map(\.location.line))
        let outcome = ArazzoLoader().load(path: file)
        diagnostics += outcome.diagnostics.filter { !lines.contains($0.location.line) || !$0.location.isKnown }
        if let loaded = outcome.document {
            var contracts: [String: Contract] = [:]
            for source in loaded.sources where source.type == "openapi" {
                guard let path = source.mockPath else { continue }
                if let contract = MockSource.load(path).contract { contracts[source.name] = contract }
            }
            diagnostics += loaded.operationDiagnostics(contracts: contracts)
        }
        return ContractLoader.sortedByPosition(diagnostics)
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// A profile's problems: the schema's, then the loader's against the contract (one per line); and a
    /// summary of what it holds.
    static func lintProfile(_ file: String, document: JSONValue) -> ([Diagnostic], String) {
        var diagnostics = ProfileSchema.schema.validate(document).map {
            Diagnostic.error($0.message, file: file, at: $0.location, hint: "see docs/profile.schema.json")
        }
        let lines = Set(diagnostics.map(\.location.line))
        let outcome = ProfileLoader().load(path: file)
        diagnostics += outcome.diagnostics.filter { !lines.contains($0.location.line) || !$0.location.isKnown }
        guard let profile = outcome.profile else { return (diagnostics, "") }
        let summary =
            " for \(profile.contractPath), \(count(profile.principals.count, "principal")), "
            + "\(count(profile.permissionRules.count, "permission rule")), \(count(profile.resources.count, "resource")), "
            + "\(count(profile.operations.count, "operation rule")), \(count(profile.rateLimits.count, "rate limit"))"
        return (diagnostics, summary)
    }

    /// A suite's problems: the schema's, then the reader's (one per line), then steps naming operations the
    /// contract does not have.
    func lintSuite(_ file: String, document: JSONValue) -> [Diagnostic] {
        var diagnostics = SuiteSchema.validate(document).map {
            Diagnostic.error($0.message, file: file, at: $0.location, hint: "see docs/suite.schema.json")
        }
        let lines = Set(diagnostics.map(\.location.line))
        let outcome = SuiteLoader().load(path: file)
        diagnostics += outcome.diagnostics.filter { !lines.contains($0.location.line) || !$0.location.isKnown }
        if let suite = outcome.suite {
            let contract = MockSource.load(suite.contractPath)
            if let loaded = contract.contract, !contract.diagnostics.hasErrors {
                // Each is "file:line: reason".
                diagnostics += SuiteRunner.bindingErrors(suite, contract: loaded).map { text in
                    guard let split = text.range(of: ": ") else {
                        return Diagnostic.error(text, file: file, at: .unknown)
                    }
                    return Diagnostic.error(
                        String(text[split.upperBound...]), file: String(text[..<split.lowerBound]), at: .unknown)
                }
            } else {
                diagnostics.append(
                    .error(
                        "its contract \(suite.contractPath) has errors: run understudy lint on it", file: file,
                        at: .unknown))
            }
        }
        return diagnostics
    }
}
