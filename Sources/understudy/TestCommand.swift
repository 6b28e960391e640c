import ArgumentParser
import Foundation
import Logging
import UnderstudyContract
import UnderstudyHarness
import UnderstudyMock
import UnderstudyScenarios
import UnderstudySchema

/// `understudy test SUITE...`: runs scenario suites against `--target`, or against the suite's contract
/// served in-process when no target is given.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run scenario suites against a server, or against the contract's mock in-process.",
        discussion: """
            Suites run concurrently (--jobs), each with its own X-Understudy-Session so suites sharing one \
            mock never see each other's data; scenarios in a suite run in order. Exit status: 0 when every \
            scenario passed, 1 when a check failed, 2 for bad input (unreadable suite or contract, unknown \
            operationId, a template that does not parse, a capture that matched nothing, an unreachable target).
            """
    )

    @Argument(help: "Suite files, or folders of them (*.yaml, *.yml, *.json).")
    var paths: [String] = []

    @Option(help: "Base URL of the server under test (default: the contract's mock, in-process).")
    var target: String?

    @Option(name: .customLong("tag"), help: "Run only scenarios with this tag (repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("var"), help: "Set a variable, overriding the suite's (NAME=VALUE, repeatable).")
    var variables: [String] = []

    @Option(name: .customLong("report"), help: "Also write a report: junit:PATH or json:PATH (repeatable).")
    var reports: [String] = []

    @Option(help: "Suites run at the same time.")
    var jobs = 2

    @Option(help: "Seconds one request may take.")
    var timeout: Double = 30

    @Option(name: .customLong("suite-timeout"), help: "Seconds one suite may take.")
    var suiteTimeout: Double = 600

    @Option(help: "Seed of the in-process mock's generated data.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("no-color"), help: "Plain output even on a terminal.")
    var noColor = false

    @Option(
        name: .customLong("source"),
        help: "Read an Arazzo source description from a local file (NAME=PATH, repeatable).")
    var sources: [String] = []

    @Option(help: "Inputs of Arazzo workflows: a YAML or JSON file (by workflowId, or one set for all).")
    var inputs: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one suite file or folder") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        let longest = DurationText.maximumSeconds
        for (flag, seconds) in [("--timeout", timeout), ("--suite-timeout", suiteTimeout)]
        where !(seconds > 0 && seconds <= longest) {
            throw ValidationError(
                "\(flag) must be a number of seconds above 0 and at most \(Int(longest)), got \(seconds)")
        }
        for report in reports {
            guard let colon = report.firstIndex(of: ":"), ["junit", "json"].contains(report[..<colon]),
                report.index(after: colon) < report.endIndex
            else { throw ValidationError("--report must be junit:PATH or json:PATH, got '\(report)'") }
        }
        for variable in variables where !variable.contains("=") {
            throw ValidationError("--var must be NAME=VALUE, got '\(variable)'")
        }
        for source in sources where !source.contains("=") {
            throw ValidationError("--source must be NAME=PATH, got '\(source)'")
        }
        if let target, URLComponents(string: target)?.host == nil {
            throw ValidationError("--target must be a URL like http://127.0.0.1:8080, got '\(target)'")
        }
    }

    func run() async throws {
        // The in-process mock logs like `serve` does; here only its warnings (a self-check failure) matter.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let files = try Self.suiteFiles(paths)
        var suites: [Suite] = []
        var problems: [String] = []
        // A suite whose contract is in the corpus, without the corpus: one line each, nothing else.
        var missingCorpus: [String] = []
        var arazzos: [ArazzoDocument] = []
        let sourceMap = Dictionary(
            try sources.map { try Self.namedValue($0, option: "--source", form: "NAME=PATH") },
            uniquingKeysWith: { _, last in last })
        for file in files {
            if ArazzoLoader.isArazzo(try? DocumentReader().read(path: file, displayPath: file).value) {
                let outcome = ArazzoLoader(sourceMap: sourceMap).load(path: file)
                for diagnostic in outcome.diagnostics { Terminal.standardError(diagnostic.description) }
                if let document = outcome.document { arazzos.append(document) }
                if outcome.diagnostics.hasErrors { problems.append("\(file) has errors") }
                continue
            }
            let outcome = SuiteLoader().load(path: file)
            if let missing = outcome.diagnostics.first(where: CorpusReference.isMissingCorpus) {
                missingCorpus.append(CorpusReference.line(missing))
                continue
            }
            for diagnostic in outcome.diagnostics { Terminal.standardError(diagnostic.description) }
            if let suite = outcome.suite {
                suites.append(suite)
            } else if !outcome.diagnostics.hasErrors {
                problems.append("\(file): not a suite")
            }
            if outcome.diagnostics.hasErrors { problems.append("\(file) has errors") }
        }
        var contracts: [String: Contract] = [:]
        var profiles: [String: MockProfile] = [:]
        for suite in suites where contracts[suite.contractPath] == nil {
            // The contract may come with a profile (a folder with mock.yaml, or the mock.yaml itself): the
            // in-process mock then behaves as the profile says.
            let outcome = MockSource.load(suite.contractPath)
            if let missing = outcome.diagnostics.first(where: CorpusReference.isMissingCorpus) {
                missingCorpus.append(CorpusReference.line(missing))
                continue
            }
            guard let contract = outcome.contract, !outcome.diagnostics.hasErrors else {
                for diagnostic in outcome.diagnostics.errors { Terminal.standardError(diagnostic.description) }
                problems.append("\(suite.file): its contract \(suite.contractPath) cannot be loaded")
                continue
            }
            contracts[suite.contractPath] = contract
            profiles[suite.contractPath] = outcome.profile
        }
        // The documents of `arazzo` sources (workflows of other documents), read as deep as four levels.
        var externalDocuments: [String: ArazzoDocument] = [:]
        var pending = arazzos
        for _ in 0..<4 where !pending.isEmpty {
            var next: [ArazzoDocument] = []
            for document in pending {
                for source in document.sources where source.type == "arazzo" {
                    guard let path = source.path, externalDocuments[path] == nil else { continue }
                    let outcome = ArazzoLoader(sourceMap: sourceMap).load(path: path)
                    for diagnostic in outcome.diagnostics { Terminal.standardError(diagnostic.description) }
                    if let loaded = outcome.document {
                        externalDocuments[path] = loaded
                        next.append(loaded)
                    } else {
                        problems.append(
                            "\(document.file):\(source.location.line): source '\(source.name)' (\(path)) cannot be read"
                        )
                    }
                }
            }
            pending = next
        }
        func externals(of document: ArazzoDocument) -> [String: ArazzoDocument] {
            var found: [String: ArazzoDocument] = [:]
            for source in document.sources where source.type == "arazzo" {
                if let path = source.path, let other = externalDocuments[path] { found[source.name] = other }
            }
            return found
        }
        for document in arazzos + externalDocuments.values.sorted(by: { $0.file < $1.file }) {
            problems += document.externalWorkflowErrors(externals: externals(of: document))
            for source in document.sources where source.type == "openapi" {
                guard let path = source.path, contracts[path] == nil else { continue }
                if let missing = CorpusReference.missing(path, namedBy: document.file, at: source.location) {
                    missingCorpus.append(CorpusReference.line(missing))
                    continue
                }
                let outcome = MockSource.load(source.mockPath ?? path)
                guard let contract = outcome.contract, !outcome.diagnostics.hasErrors else {
                    for diagnostic in outcome.diagnostics.errors { Terminal.standardError(diagnostic.description) }
                    problems.append(
                        "\(document.file):\(source.location.line): source '\(source.name)' (\(path)) cannot be loaded")
                    continue
                }
                contracts[path] = contract
                profiles[path] = outcome.profile
            }
            problems += document.operationErrors(contracts: Self.sourceContracts(document, contracts))
        }
        if !missingCorpus.isEmpty {
            var seen = Set<String>()
            throw CommandFailure(
                message: missingCorpus.filter { seen.insert($0).inserted }.joined(separator: "\nerror: "), code: 2)
        }
        for suite in suites {
            guard let contract = contracts[suite.contractPath] else { continue }
            problems += SuiteRunner.bindingErrors(suite, contract: contract)
        }
        if !problems.isEmpty {
            throw CommandFailure(message: problems.joined(separator: "\nerror: "), code: 2)
        }

        var overrides: [String: JSONValue] = [:]
        for variable in variables {
            let (name, value) = try Self.namedValue(variable, option: "--var", form: "NAME=VALUE")
            overrides[name] = (try? JSONParser.parse(value)) ?? .string(value)
        }
        let options = RunOptions(
            tags: tags, variables: overrides, requestTimeout: timeout, suiteTimeout: suiteTimeout)
        let http: HTTPTransport?
        var targetPath = ""
        if let target, let components = URLComponents(string: target) {
            var origin = components
            origin.path = ""
            origin.query = nil
            targetPath = components.path == "/" ? "" : components.path
            let transport = HTTPTransport(origin: origin.string ?? target)
            http = transport
            if let unreachable = await Self.probe(transport) {
                await transport.shutdown()
                throw CommandFailure(message: unreachable, code: 2)
            }
        } else {
            http = nil
        }
        var mocks: [String: InProcessTransport] = [:]
        let runID = String(UUID().uuidString.prefix(8)).lowercased()
        var runners: [SuiteRunner] = []
        for suite in suites {
            guard let contract = contracts[suite.contractPath] else { continue }
            let transport: any ScenarioTransport
            let base: String
            if let http {
                transport = http
                base = suite.basePath ?? (targetPath.isEmpty ? contract.servers.first?.basePath ?? "" : targetPath)
            } else {
                let mock =
                    mocks[suite.contractPath]
                    ?? InProcessTransport(
                        contract: contract, profile: profiles[suite.contractPath], options: MockOptions(seed: seed))
                mocks[suite.contractPath] = mock
                transport = mock
                base = suite.basePath ?? contract.servers.first?.basePath ?? ""
            }
            let session = suite.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" } + "-" + runID
            runners.append(
                SuiteRunner(
                    suite: suite, contract: contract, transport: transport, basePath: base, session: String(session),
                    options: options))
        }
        var sharedInputs = JSONObject()
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) { sharedInputs.set(name, value) }
        var inputsByWorkflow: [String: JSONObject] = [:]
        var inputsForAll = sharedInputs
        if let inputs {
            let read = try? DocumentReader().read(path: inputs, displayPath: inputs)
            guard case .object(let given)? = read?.value else {
                throw CommandFailure(message: "\(inputs): the inputs file must hold a mapping", code: 2)
            }
            let workflowIds = Set(arazzos.flatMap { $0.workflows.map(\.id) })
            for (key, value) in given {
                if workflowIds.contains(key), case .object(let members) = value {
                    inputsByWorkflow[key] = members
                } else {
                    inputsForAll.set(key, value)
                }
            }
            for (name, value) in sharedInputs { inputsForAll.set(name, value) }
        }
        var jobs: [SuiteJob] = runners.map { runner in
            SuiteJob(name: runner.suite.name) { await runner.run(onScenario: $0) }
        }
        func makeRunner(_ document: ArazzoDocument, depth: Int) -> WorkflowRunner? {
            let sourceContracts = Self.sourceContracts(document, contracts)
            guard
                let primary = document.sources.first(where: { $0.type == "openapi" && sourceContracts[$0.name] != nil }
                ),
                let path = primary.path, let contract = contracts[path]
            else { return nil }
            let transport: any ScenarioTransport
            var basePaths: [String: String] = [:]
            var sourceMocks: [String: any ScenarioTransport] = [:]
            if let http {
                transport = http
                for source in document.sources {
                    basePaths[source.name] =
                        targetPath.isEmpty ? sourceContracts[source.name]?.servers.first?.basePath ?? "" : targetPath
                }
            } else {
                let mock =
                    mocks[path]
                    ?? InProcessTransport(contract: contract, profile: profiles[path], options: MockOptions(seed: seed))
                mocks[path] = mock
                transport = mock
                for source in document.sources {
                    basePaths[source.name] = sourceContracts[source.name]?.servers.first?.basePath ?? ""
                    // Each OpenAPI source answers from its own mock.
                    if let sourcePath = source.path, let sourceContract = contracts[sourcePath], sourcePath != path {
                        let own =
                            mocks[sourcePath]
                            ?? InProcessTransport(
                                contract: sourceContract, profile: profiles[sourcePath],
                                options: MockOptions(seed: seed))
                        mocks[sourcePath] = own
                        sourceMocks[source.name] = own
                    }
                }
            }
            let session = document.title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" } + "-" + runID
            var runner = WorkflowRunner(
                document: document, contracts: sourceContracts, transport: transport, basePaths: basePaths,
                session: String(session), inputs: inputsByWorkflow, sharedInputs: inputsForAll, options: options)
            runner.generatesMissingInputs = http == nil
            runner.sourceTransports = sourceMocks
            if depth < 4 {
                for (name, other) in externals(of: document) {
                    runner.externals[name] = makeRunner(other, depth: depth + 1)
                }
            }
            return runner
        }
        for document in arazzos {
            guard let runner = makeRunner(document, depth: 0) else { continue }
            jobs.append(SuiteJob(name: document.title) { await runner.run(onScenario: $0) })
        }
        let colors = !noColor && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let secrets = Set(
            suites.flatMap { $0.credentials.values }.compactMap { credential -> String? in
                if case .apiKey(let name, _, _) = credential { return name }
                return nil
            })
        let reporter = ConsoleReporter(colors: colors, secretNames: secrets)
        let results = await Self.runAll(jobs, at: self.jobs, reporter: reporter)
        await http?.shutdown()
        Terminal.standardOutput(reporter.report(results))
        for report in reports {
            let colon = report.firstIndex(of: ":")!
            let path = String(report[report.index(after: colon)...])
            let text =
                report.hasPrefix("junit")
                ? JUnitReporter.xml(results)
                : JSONSerializer.serialize(JSONReporter.document(results), pretty: true) + "\n"
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(message: "cannot write the report \(path): \(error.localizedDescription)", code: 2)
            }
        }
        let summary = RunSummary(results)
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }

    /// A suite or an Arazzo document to run: its name and how to run it.
    struct SuiteJob: Sendable {
        var name: String
        var run: @Sendable (@escaping @Sendable (ScenarioResult) -> Void) async -> SuiteResult
    }

    /// Runs the suites and Arazzo documents, at most `limit` at a time, printing each scenario (workflow) as it
    /// finishes; results in order.
    static func runAll(_ jobs: [SuiteJob], at limit: Int, reporter: ConsoleReporter) async -> [SuiteResult] {
        await withTaskGroup(of: (Int, SuiteResult).self) { group in
            var results: [SuiteResult?] = Array(repeating: nil, count: jobs.count)
            var next = 0
            func start(_ index: Int) {
                let job = jobs[index]
                group.addTask {
                    let result = await job.run { scenario in
                        Terminal.standardOutput(reporter.scenarioLine(suite: job.name, scenario))
                    }
                    return (index, result)
                }
            }
            while next < min(limit, jobs.count) {
                start(next)
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < jobs.count {
                    start(next)
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// The contracts of a document's OpenAPI sources, by source name.
    static func sourceContracts(_ document: ArazzoDocument, _ contracts: [String: Contract]) -> [String: Contract] {
        var result: [String: Contract] = [:]
        for source in document.sources where source.type == "openapi" {
            if let path = source.path, let contract = contracts[path] { result[source.name] = contract }
        }
        return result
    }

    /// nil when the target answers at all (any status); else why it cannot be reached.
    static func probe(_ transport: HTTPTransport) async -> String? {
        do {
            _ = try await transport.send(ScenarioRequest(method: "GET", target: "/"), timeout: 10)
            return nil
        } catch {
            return error.unreachable ? error.description : nil
        }
    }

    /// Splits a `NAME=VALUE` option at its first `=` (no `=`: the value is empty); a name that is empty
    /// (`=x`, `=`) is refused with the option's form.
    static func namedValue(_ text: String, option: String, form: String) throws(CommandFailure) -> (String, String) {
        let equals = text.firstIndex(of: "=") ?? text.endIndex
        let name = String(text[..<equals])
        guard !name.isEmpty else {
            throw CommandFailure(message: "\(option) must be \(form), got '\(text)': the name is empty", code: 2)
        }
        return (name, equals == text.endIndex ? "" : String(text[text.index(after: equals)...]))
    }

    /// Suite files: each file as given, each folder's *.yaml, *.yml and *.json (recursively, sorted).
    static func suiteFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandFailure(message: "\(path): no such file or folder", code: 2)
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            if found.isEmpty {
                throw CommandFailure(message: "\(path): no suite files (*.yaml, *.yml, *.json)", code: 2)
            }
            files += found
        }
        return files
    }
}
