import ArgumentParser
import Foundation
import UnderstudyContract
import UnderstudyMock

/// `understudy explain SPEC`: the resource model the mock infers from a contract (and its profile).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what the mock makes of a contract: collections, ids, lists, and what stays outside.",
        discussion: """
            SPEC is what 'serve' takes: an OpenAPI document, a mock.yaml profile, or a folder with either. \
            For each collection: its item path, the id field and who chooses it, the scope (parent path \
            parameters), the envelope, the list operations with their paging, and each operation's \
            behaviour. Then every operation outside any collection, with the reason. Exit status: 0, or 2 \
            when SPEC cannot be loaded.
            """
    )

    @Argument(help: "An OpenAPI document, a mock.yaml profile, or a folder holding one.")
    var spec: String

    func run() throws {
        let loaded = MockSource.load(spec)
        for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
            Terminal.standardError(diagnostic.description)
        }
        guard let contract = loaded.contract, !loaded.diagnostics.hasErrors else { throw ExitCode(2) }
        let engine = MockEngine(contract: contract, profile: loaded.profile)
        Terminal.standardOutput(
            "\(contract.displayPath): \(contract.operations.count) operations\(loaded.profile == nil ? "" : ", with the profile \(loaded.file)")"
        )
        Terminal.standardOutput(String(engine.resourceModel.rendered.dropLast()))
    }
}
