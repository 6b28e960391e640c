import Dispatch
import Synchronization

/// One answer handed from the thread that completes a request to the thread that waits for it (see
/// ``MockService/handle(_:)``).
final class AnswerSlot: Sendable {
    private let answer = Mutex<MockResponse?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    func fill(_ response: MockResponse) {
        answer.withLock { $0 = response }
        filled.signal()
    }

    /// Waits until the answer is there and takes it.
    func take() -> MockResponse {
        filled.wait()
        return answer.withLock { $0 ?? MockResponse(status: 500, headers: [], body: []) }
    }
}
