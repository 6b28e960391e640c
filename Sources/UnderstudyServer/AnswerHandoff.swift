import Synchronization
import UnderstudyMock

/// Where an answer goes that may come while the request is being handled (on the event loop) or later, from
/// the state file's writer (see ``MockService/handle(_:completion:)``): one that comes during the call is
/// kept for the event loop to write when the call returns; after it, the caller has let go and the answer
/// must find its own way back to the event loop.
final class AnswerHandoff: Sendable {
    private enum State {
        case calling
        case answered(MockResponse)
        case released
    }

    private let state = Mutex(State.calling)

    /// Keeps `response` for ``takeAnswer()`` when the call is still running; false when it returned already.
    func keep(_ response: MockResponse) -> Bool {
        state.withLock { state in
            guard case .calling = state else { return false }
            state = .answered(response)
            return true
        }
    }

    /// The answer that came during the call, if any; after this, ``keep(_:)`` keeps nothing.
    func takeAnswer() -> MockResponse? {
        state.withLock { state in
            if case .answered(let response) = state { return response }
            state = .released
            return nil
        }
    }
}
