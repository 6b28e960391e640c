import ArgumentParser
import Foundation
import Logging
import NIOCore
import UnderstudyContract
import UnderstudyMock
import UnderstudyPersistence
import UnderstudySchema
import UnderstudyServer

/// `understudy serve SPEC...`: a stateful mock of every operation of each contract.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a stateful mock of one or more OpenAPI contracts.",
        discussion: """
            Each contract is mounted at the path of its first server URL (override with --mount PATH=SPEC). \
            A folder with a mock.yaml next to openapi.yaml, or a mock.yaml itself, adds its profile: \
            principals and their credentials, permissions (403), error shapes, rate limits (429); see \
            docs/profiles.md. Without a profile, any well-formed credential is accepted: a non-empty API key, \
            Basic credentials that decode to user:password, a non-empty bearer token. Send 'X-Understudy-Session: NAME' for \
            isolated state, 'Prefer: code=404' (or example=NAME, dynamic=true) to pick a declared response. \
            Browsers on any origin may call it (CORS: preflights answered, every header readable) unless --cors \
            or the profile's cors: says otherwise. The admin API lives under /__understudy/ (health, reset, state, requests, clock). It answers only \
            requests from this machine (a loopback address) unless --admin-token is given; then only requests \
            carrying 'Authorization: Bearer TOKEN', from anywhere. Anyone else gets 404, as if it did not exist.
            """
    )

    @Argument(help: "OpenAPI documents, or folders holding an openapi.yaml.")
    var specs: [String] = []

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 4010

    @Option(help: "Seed for generated data: the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(name: .customLong("mount"), help: "Serve SPEC under PATH instead of its server URL's path (PATH=SPEC).")
    var mounts: [String] = []

    @Option(name: .customLong("max-body"), help: "Largest request body accepted, in bytes (suffixes k, m).")
    var maxBody = "10m"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Flag(name: .customLong("no-admin"), help: "Turn off the admin API under /__understudy/.")
    var noAdmin = false

    @Option(
        name: .customLong("admin-token"),
        help:
            "Let requests from any address use the admin API when they carry 'Authorization: Bearer TOKEN' (and no others)."
    )
    var adminToken: String?

    @Option(
        name: .customLong("max-sessions"),
        help: "Sessions kept at once; the least recently used one is evicted beyond it (the default session never is).")
    var maxSessions = 1_000

    @Option(
        name: .customLong("session-idle"),
        help: "Evict a session unused this long (s, m, h, d; default 1h, and never with --state).")
    var sessionIdle: String?

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "Keep every session's state in this SQLite file, written before each answer; a restart serves the same items, ids and sequences.",
            valueName: "FILE"))
    var stateFile: String?

    @Option(
        name: .customLong("header-timeout"),
        help: "Close a connection whose request head (or a pause in its body) takes longer than this (s, m).")
    var headerTimeout = "60s"

    @Option(name: .customLong("idle-timeout"), help: "Close a kept-alive connection idle this long (s, m).")
    var idleTimeout = "75s"

    @Option(
        name: .customLong("max-connections"),
        help: "Connections open at once; at the cap, the one waiting longest for a request is closed for a new one.")
    var maxConnections = 4_096

    @Option(
        help: ArgumentHelp(
            "Which web pages may call the mock from a browser: any (the default), off, or origins (http://localhost:5173,https://*.example.com).",
            valueName: "any|off|ORIGINS"))
    var cors: String?

    @Flag(
        help:
            "Reload a contract and its profile when their files change, keeping state; a version with errors is reported and the old one keeps serving."
    )
    var watch = false

    func validate() throws {
        if specs.isEmpty && mounts.isEmpty { throw ValidationError("name at least one OpenAPI document to serve") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown --log-level '\(logLevel)'")
        }
        guard ByteSize.parse(maxBody) != nil else {
            throw ValidationError("--max-body must be a number of bytes, like 10m")
        }
        if maxSessions < 1 { throw ValidationError("--max-sessions must be at least 1") }
        if maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
        for (flag, text) in [
            ("--session-idle", sessionIdle ?? "1h"), ("--header-timeout", headerTimeout),
            ("--idle-timeout", idleTimeout),
        ] {
            guard let seconds = Self.duration(text), seconds > 0 else {
                throw ValidationError("\(flag) must be a positive duration like 30s, 5m or 1h, got '\(text)'")
            }
        }
        if adminToken?.isEmpty == true { throw ValidationError("--admin-token must not be empty") }
        if let cors, let problem = CORSPolicy.parse(cors).problem { throw ValidationError("--cors: \(problem)") }
    }

    /// Idle time that never comes (a century).
    static let forever: Double = 100 * 365 * 86_400

    /// With `--state`: where a contract changed since the file last served it, sets aside the stored items it
    /// no longer accepts (the file's `quarantine` table) and says so; with `reporting` (at start), also says
    /// what the file holds.
    static func checkStoredItems(
        in file: SQLiteStateFile, store: StateStore, mounts: [MountedContract], reporting: Bool = true
    ) throws {
        do {
            for mount in mounts {
                let fingerprint = mount.engine.contractFingerprint
                let place = mount.prefix.isEmpty ? "/" : mount.prefix
                if let previous = try file.fingerprint(mount: place), previous != fingerprint {
                    let misfits = mount.engine.storedItemsThatNoLongerFit()
                    if let first = misfits.first {
                        try file.quarantine(misfits)
                        for misfit in misfits {
                            store.remove(session: misfit.session, collection: misfit.collection, id: misfit.id)
                        }
                        // A serving store writes when asked (once per event-loop pass): this is no request.
                        store.finishWrites()
                        Terminal.standardError(
                            "state: the contract at \(place) changed since \(file.path) was written; \(misfits.count) stored item\(misfits.count == 1 ? "" : "s") no longer fit and were set aside in its quarantine table, not served "
                                + "(first: session '\(first.session)', \(first.collection) '\(first.id)': \(first.reason))"
                        )
                    }
                }
                try file.setFingerprint(fingerprint, mount: place)
            }
        } catch {
            throw CommandFailure(message: "cannot keep state: \(error.message)", code: 2)
        }
        guard reporting else { return }
        let sessions = store.sessionNames
        let items = sessions.reduce(0) { $0 + store.counts(session: $1).values.reduce(0, +) }
        Terminal.standardOutput(
            file.isNew
                ? "state: \(file.path) (new)"
                : "state: \(file.path) (\(sessions.count) session\(sessions.count == 1 ? "" : "s"), \(items) stored item\(items == 1 ? "" : "s"))"
        )
    }

    /// A duration flag (`30s`, `5m`, `1h`, `1d`, or plain seconds).
    static func duration(_ text: String) -> Double? {
        DurationText.seconds(text, allowed: ["s", "m", "h", "d"]) ?? Double(text: text).flatMap(DurationText.bounded)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var sources: [(prefix: String?, path: String)] = specs.map { (nil, $0) }
        for mount in mounts {
            let parts = mount.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else {
                throw CommandFailure(message: "--mount must be PATH=SPEC, got '\(mount)'", code: 2)
            }
            sources.append((String(parts[0]), String(parts[1])))
        }
        // With --state, sessions last until reset (or pushed out by --max-sessions), unless told otherwise.
        let idle = sessionIdle.flatMap(Self.duration) ?? (stateFile == nil ? 3_600 : Self.forever)
        let limits = SessionLimits(maximum: maxSessions, idleSeconds: idle)
        let stateOnDisk: SQLiteStateFile?
        let store: StateStore
        do {
            if let stateFile {
                let file = try SQLiteStateFile(path: stateFile)
                stateOnDisk = file
                store = try StateStore(persistence: file, limits: limits)
            } else {
                stateOnDisk = nil
                store = StateStore(limits: limits)
            }
        } catch {
            throw CommandFailure(message: "cannot keep state: \(error.message)", code: 2)
        }
        defer { stateOnDisk?.close() }
        var mounted: [MountedContract] = []
        var watched: [SpecWatcher.Source] = []
        let options = MockOptions(seed: seed)
        for source in sources {
            let (contract, profile) = try Self.loadContractAndProfile(source.path)
            let prefix = source.prefix ?? contract.servers.first?.basePath ?? ""
            let mount = MountedContract(
                prefix: prefix,
                engine: MockEngine(contract: contract, options: options, store: store, profile: profile))
            if let clash = mounted.first(where: { $0.prefix == mount.prefix }) {
                throw CommandFailure(
                    message: "\(contract.displayPath) and \(clash.engine.contract.displayPath) are both mounted at "
                        + "'\(mount.prefix.isEmpty ? "/" : mount.prefix)'; give one --mount PATH=\(source.path)",
                    code: 2)
            }
            mounted.append(mount)
            watched.append(SpecWatcher.Source(path: source.path, prefix: prefix))
        }
        if let stateOnDisk { try Self.checkStoredItems(in: stateOnDisk, store: store, mounts: mounted) }
        let service = MockService(
            mounts: mounted, store: store, adminEnabled: !noAdmin, adminToken: adminToken,
            cors: cors.flatMap { CORSPolicy.parse($0).policy })
        let descriptors = FileDescriptorLimit.raise()
        // Each connection holds a file descriptor; leave some for the process's own files.
        let connections = min(maxConnections, max(16, descriptors - 64))
        if connections < maxConnections {
            Terminal.standardError(
                "at most \(connections) connections: the process may open \(descriptors) files (ulimit -n)")
        }
        let server = MockHTTPServer(
            service: service,
            configuration: HTTPServerConfiguration(
                host: host, port: port, maxBodyBytes: ByteSize.parse(maxBody) ?? 10_485_760,
                headerTimeout: Self.duration(headerTimeout) ?? 60, idleTimeout: Self.duration(idleTimeout) ?? 75,
                maxConnections: connections))
        let channel: any Channel
        do {
            channel = try await server.start()
        } catch {
            throw CommandFailure(message: "cannot listen on \(host):\(port): \(error)", code: 2)
        }
        let boundPort = channel.localAddress?.port ?? port
        for mount in mounted {
            let contract = mount.engine.contract
            let profile = mount.engine.profile.map { " with the profile \($0.file)" } ?? ""
            Terminal.standardOutput(
                "serving \(contract.title.isEmpty ? contract.displayPath : contract.title) (\(contract.operations.count) operations)\(profile) "
                    + "at http://\(host):\(boundPort)\(mount.prefix.isEmpty ? "/" : mount.prefix)")
        }
        if !noAdmin {
            Terminal.standardOutput("admin API at http://\(host):\(boundPort)\(MockService.adminPrefix)/health")
        }
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) {
            channel.close(promise: nil)
        }
        let watcher = SpecWatcher(
            service: service, sources: watched, options: options, store: store, stateFile: stateOnDisk)
        let watching = watch ? Task { await watcher.run() } : nil
        if watch { Terminal.standardOutput("watching \(watched.map(\.path).joined(separator: ", ")) for changes") }
        try await channel.closeFuture.get()
        watching?.cancel()
        signals.cancel()
        try await server.shutdown()
        Terminal.standardOutput("stopped")
    }

    /// The contract and the profile for `path` (see ``MockSource``): errors go to stderr and end the command
    /// with exit status 2; warnings are counted.
    static func loadContractAndProfile(_ path: String) throws -> (Contract, MockProfile?) {
        let loaded = MockSource.load(path)
        if let missing = loaded.diagnostics.first(where: CorpusReference.isMissingCorpus) {
            throw CommandFailure(message: CorpusReference.line(missing), code: 2)
        }
        for diagnostic in loaded.diagnostics where diagnostic.severity == .error || loaded.contract == nil {
            Terminal.standardError(diagnostic.description)
        }
        guard let contract = loaded.contract else {
            let count = loaded.diagnostics.errors.count
            throw CommandFailure(
                message: "\(loaded.file): cannot serve: \(count) error\(count == 1 ? "" : "s")", code: 2)
        }
        let warnings = loaded.diagnostics.warnings.count
        if warnings > 0 {
            Terminal.standardError(
                "\(loaded.file): \(warnings) warning\(warnings == 1 ? "" : "s") (run 'understudy lint \(loaded.file)' to see them)"
            )
        }
        return (contract, loaded.profile)
    }
}

/// A failure with a one-line reason and an exit status.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    var description: String { message }
}

/// Sizes such as `10m`, `512k`, `1048576`: nil for anything negative or too large to count in bytes.
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let multipliers: [(String, Int)] = [
            ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1),
        ]
        var number = Substring(lower)
        var multiplier = 1
        if let unit = multipliers.first(where: { lower.hasSuffix($0.0) }) {
            number = number.dropLast(unit.0.count)
            multiplier = unit.1
        }
        guard let count = Int(number), count >= 0 else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
