import ArgumentParser

/// The `understudy` command: stateful mocks from OpenAPI contracts, and suites that check real servers.
struct Understudy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "understudy",
        abstract: "Stateful mock servers from OpenAPI contracts, and scenario suites that verify real servers.",
        version: UnderstudyVersion.current,
        subcommands: [ServeCommand.self, TestCommand.self, LintCommand.self, ExplainCommand.self]
    )
}
