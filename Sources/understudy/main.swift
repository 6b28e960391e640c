import ArgumentParser

// Parse errors (unknown flag, missing argument) and bad input exit with 2 and a one-line reason first, as
// the command-line contract promises; ArgumentParser's own default would be 64.
do {
    var command = try Understudy.parseAsRoot()
    // An existential's `run()` resolves to the synchronous requirement, so async commands are dispatched by type.
    switch command {
    case let serve as ServeCommand: try await serve.run()
    case let test as TestCommand: try await test.run()
    default: try command.run()
    }
} catch let failure as CommandFailure {
    Terminal.standardError("error: " + failure.message)
    Understudy.exit(withError: ExitCode(failure.code))
} catch {
    let code = Understudy.exitCode(for: error)
    if code == .success {
        Understudy.exit(withError: error)
    } else if code == .validationFailure {
        Terminal.standardError("error: " + Understudy.message(for: error))
        Terminal.standardError(
            Understudy.fullMessage(for: error).split(separator: "\n").dropFirst().joined(separator: "\n"))
        Understudy.exit(withError: ExitCode(2))
    } else {
        Understudy.exit(withError: error)
    }
}
