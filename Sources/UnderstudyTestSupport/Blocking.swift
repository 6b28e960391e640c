import Foundation

/// Runs blocking work (a child process, socket calls, sleeps) on a thread of its own, so a test awaiting it
/// does not hold one of the few threads of Swift's cooperative pool: with two cores there are two, and a
/// test blocked on a process starves every other test's `await` (a 10 ms poll waited two minutes).
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.start()
        }
    }
}
