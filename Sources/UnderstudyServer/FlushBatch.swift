import NIOCore

/// Answers written on one event loop during one pass over its ready connections, flushed together when the
/// pass ends (a task on the loop runs after the ready events it is handling). A client waiting on many
/// connections then gets its answers in a burst, so one wake-up of its thread reads several, instead of each
/// answer waking it again: on loopback most of a small answer's cost is that wake-up.
final class FlushBatch: @unchecked Sendable {
    private let eventLoop: any EventLoop
    /// Contexts with an answer written and not yet flushed; touched only on `eventLoop`.
    private var pending: [ChannelHandlerContext] = []

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        pending.reserveCapacity(64)
    }

    /// Flushes `context` when the loop's current pass ends.
    func flushSoon(_ context: ChannelHandlerContext) {
        eventLoop.preconditionInEventLoop()
        pending.append(context)
        guard pending.count == 1 else { return }
        eventLoop.execute { self.flushAll() }
    }

    private func flushAll() {
        let due = pending
        pending.removeAll(keepingCapacity: true)
        for context in due { context.flush() }
    }
}
