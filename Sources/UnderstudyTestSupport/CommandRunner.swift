import Foundation

/// Runs the built `understudy` executable for end-to-end tests of the command line.
public enum CommandRunner {
    /// What one run printed and how it exited.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    private static let spawning = NSLock()

    /// Starts `process`, one at a time in this test process: Foundation's `Process.run()` is not safe to call
    /// from several threads at once (it walks the open file descriptors while another spawn changes them).
    public static func launch(_ process: Process) throws {
        spawning.lock()
        defer { spawning.unlock() }
        try process.run()
    }

    /// The `understudy` binary beside the test bundle in the build folder.
    public static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Inside an .xctest bundle on some platforms the binary sits deeper.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("understudy").path),
            folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("understudy")
    }

    /// Runs `understudy arguments...` in `directory` and waits for it (on a thread of its own).
    public static func run(_ arguments: [String], in directory: URL? = nil) async throws -> Result {
        try await run(executable, arguments, in: directory)
    }

    /// Runs any program and waits for it (on a thread of its own, see ``Blocking``); `environment` entries
    /// replace (or, when nil, remove) the inherited ones.
    public static func run(
        _ program: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:]
    ) async throws -> Result {
        try await Blocking.run { try runBlocking(program, arguments, in: directory, environment: environment) }
    }

    private static func runBlocking(
        _ program: URL, _ arguments: [String], in directory: URL?, environment: [String: String?]
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            var inherited = ProcessInfo.processInfo.environment
            for (name, value) in environment { inherited[name] = value }
            process.environment = inherited
        }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try launch(process)
        // Read both pipes before waiting so a full pipe cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
