import NIOCore
import UnderstudyMock

/// What one event loop's pass over its ready connections leaves for its end (a task on the loop runs after
/// the ready events it is handling): the answers written, flushed together, and with a state file the
/// answers that wait for their changes, whose changes are written in one append before they go.
///
/// Answers that leave in a burst wake a client waiting on many connections once for several, instead of each
/// answer waking its thread again: on loopback most of a small answer's cost is that wake-up. Changes
/// written once per pass cost one lock and one `write` call for the pass, not one per request.
final class FlushBatch: @unchecked Sendable {
    private let eventLoop: any EventLoop
    /// Where the waiting answers' changes are written (a store that writes when asked), if anywhere.
    private let store: StateStore?
    /// Contexts with an answer written and not yet flushed; touched only on `eventLoop`.
    private var pending: [ChannelHandlerContext] = []
    /// Answers that wait for their changes to be written, in the order they came; only on `eventLoop`.
    private var waitingForWrite: [() -> Void] = []
    /// The end-of-pass task is queued.
    private var scheduled = false

    init(eventLoop: any EventLoop, store: StateStore? = nil) {
        self.eventLoop = eventLoop
        self.store = store
        pending.reserveCapacity(64)
        waitingForWrite.reserveCapacity(64)
    }

    /// Flushes `context` when the loop's current pass ends.
    func flushSoon(_ context: ChannelHandlerContext) {
        eventLoop.preconditionInEventLoop()
        pending.append(context)
        scheduleEnd()
    }

    /// Runs `send` when the loop's current pass ends, once every change waiting in the store is written.
    func afterWrite(_ send: @escaping () -> Void) {
        eventLoop.preconditionInEventLoop()
        waitingForWrite.append(send)
        scheduleEnd()
    }

    private func scheduleEnd() {
        guard !scheduled else { return }
        scheduled = true
        eventLoop.execute { self.endPass() }
    }

    private func endPass() {
        // An answer sent here may let a pipelined request through whose answer waits again: round until none.
        while !waitingForWrite.isEmpty {
            let answers = waitingForWrite
            waitingForWrite.removeAll(keepingCapacity: true)
            store?.finishWrites()
            for send in answers { send() }
        }
        scheduled = false
        let due = pending
        pending.removeAll(keepingCapacity: true)
        for context in due { context.flush() }
    }
}
