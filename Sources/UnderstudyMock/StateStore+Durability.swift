import Dispatch

/// When changes reach the persistence. By default the request that makes a change writes it (with any change
/// waiting before it) before it goes on. A server turns on ``writeInBackground()``: a change then only wakes
/// one writer on its own queue, which takes every change waiting and writes them as one transaction, and a
/// request that changed state has its answer sent once its changes are written
/// (``whenWritten(after:through:_:)``). The threads that answer requests never wait for the disk, and
/// changes of many concurrent requests share one transaction (group commit); an acknowledged change is
/// still in the file before its answer goes out.
extension StateStore {
    struct Durability {
        /// Whether a background writer writes changes (see ``StateStore/writeInBackground()``).
        var inBackground = false
        /// A background write is queued and has not yet taken the waiting changes.
        var scheduled = false
        /// Every change up to this ticket is written (or its write failed).
        var written: UInt64 = 0
        /// Requests waiting for their changes to be written: the tickets before and after their work.
        var waiters: [Waiter] = []
        /// Writes that failed, by the tickets they held (the latest few: a waiter asks soon after).
        var failed: [(from: UInt64, through: UInt64, message: String)] = []
    }

    struct Waiter {
        var after: UInt64
        var through: UInt64
        var done: @Sendable (String?) -> Void
    }

    /// How many failed writes are remembered for requests still to ask about them.
    private static let failuresKept = 64

    /// From now on changes are written by a background writer (see the type's notes); a server calls this
    /// once before it serves. ``finishWrites()`` writes what is still waiting.
    public func writeInBackground() {
        guard isPersistent else { return }
        durability.withLock { $0.inBackground = true }
    }

    /// Whether changes are written by a background writer.
    public var writesInBackground: Bool { durability.withLock { $0.inBackground } }

    /// Waits for the background writer, then writes every change still waiting, on the calling thread (a
    /// server stopping).
    public func finishWrites() {
        if isPersistent { writerQueue.sync {} }
        writePending()
    }

    /// Calls `done` once every change numbered after `after` through `through` (tickets from
    /// ``changeTicket``) is written: with nil, or with why a write holding one of them failed (the change
    /// is then in memory only). Called at once, on this thread, when they are written already; else on the
    /// writer's thread. A change still held for the next write (see
    /// ``nextSequence(session:collection:writeNow:)``) is written now.
    public func whenWritten(after: UInt64, through: UInt64, _ done: @escaping @Sendable (String?) -> Void) {
        guard isPersistent, through > after else { return done(nil) }
        let (ready, outcome, background) = durability.withLock { state -> (Bool, String?, Bool) in
            if state.written >= through { return (true, Self.failure(of: after, through, in: state.failed), false) }
            state.waiters.append(Waiter(after: after, through: through, done: done))
            return (false, nil, state.inBackground)
        }
        if ready { return done(outcome) }
        if background { schedule() } else { writePending() }
    }

    /// Writes now, or (in the background) makes sure a write is on its way.
    func writeOrSchedule() {
        if durability.withLock({ $0.inBackground }) { schedule() } else { writePending() }
    }

    /// Queues one background write unless one is queued that has not yet taken the waiting changes.
    private func schedule() {
        let queue = durability.withLock { state -> Bool in
            guard !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        guard queue else { return }
        writerQueue.async {
            // Cleared before the changes are taken: a change made after this is taken now or queues a write.
            self.durability.withLock { $0.scheduled = false }
            self.writePending()
        }
    }

    /// Records that the changes after `from` through `through` are written (or failed), and tells the
    /// waiters whose changes are all written now.
    func settle(from: UInt64, through: UInt64, failure: String?) {
        let ready = durability.withLock { state -> [(Waiter, String?)] in
            state.written = max(state.written, through)
            if let failure {
                state.failed.append((from, through, failure))
                if state.failed.count > Self.failuresKept { state.failed.removeFirst() }
            }
            guard !state.waiters.isEmpty else { return [] }
            var ready: [(Waiter, String?)] = []
            var still: [Waiter] = []
            for waiter in state.waiters {
                if waiter.through <= state.written {
                    ready.append((waiter, Self.failure(of: waiter.after, waiter.through, in: state.failed)))
                } else {
                    still.append(waiter)
                }
            }
            state.waiters = still
            return ready
        }
        for (waiter, outcome) in ready { waiter.done(outcome) }
    }

    /// Why a write holding a change numbered after `after` through `through` failed, if one did.
    private static func failure(
        of after: UInt64, _ through: UInt64, in failed: [(from: UInt64, through: UInt64, message: String)]
    ) -> String? {
        failed.last { $0.from < through && $0.through > after }?.message
    }
}
