import ArgumentParser
import Foundation
import UnderstudyContract

/// `understudy lint FILE...`: load each contract and print its diagnostics like a compiler.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check OpenAPI documents and print diagnostics with file:line:column.",
        discussion: """
            Exit status: 0 when every document is clean or has only warnings, 1 when any has errors, \
            2 when a file cannot be read.
            """
    )

    @Argument(help: "OpenAPI documents (YAML or JSON; Swagger 2.0, OpenAPI 3.0.x or 3.1.x).")
    var files: [String]

    @Flag(name: .long, help: "Print errors only, not warnings.")
    var errorsOnly = false

    @Option(name: .long, help: "Largest document read, in megabytes.")
    var maxSize = 64

    func run() throws {
        let loader = ContractLoader(reader: DocumentReader(maxBytes: maxSize * 1_048_576))
        var sawErrors = false
        var sawUnreadable = false
        var totalErrors = 0
        var totalWarnings = 0
        for file in files {
            let outcome = loader.load(path: file)
            let errors = outcome.diagnostics.errors.count
            let warnings = outcome.diagnostics.warnings.count
            totalErrors += errors
            totalWarnings += warnings
            for diagnostic in outcome.diagnostics where !(errorsOnly && diagnostic.severity == .warning) {
                Terminal.standardError(diagnostic.description)
            }
            if outcome.unreadable {
                sawUnreadable = true
            } else if errors > 0 {
                sawErrors = true
            } else if let contract = outcome.contract {
                Terminal.standardOutput(
                    "\(contract.displayPath): OpenAPI \(contract.version), \(contract.operations.count) operations, "
                        + "\(errors) errors, \(warnings) warnings")
            }
        }
        if files.count > 1 {
            Terminal.standardOutput("\(files.count) documents: \(totalErrors) errors, \(totalWarnings) warnings")
        }
        if sawUnreadable { throw ExitCode(2) }
        if sawErrors { throw ExitCode(1) }
    }
}
