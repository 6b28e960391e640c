import Dispatch

/// A value computed on another thread while the caller does something else; ``result()`` waits for it.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.value = work()
            self.finished.signal()
        }
    }

    /// The value, once computed (may be called more than once).
    func result() -> Value {
        finished.wait()
        defer { finished.signal() }
        return value!
    }
}
