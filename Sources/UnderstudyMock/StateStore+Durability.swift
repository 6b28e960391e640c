/// When changes reach the persistence: the request that makes a change writes it (with every change waiting
/// before it) before it goes on, on its own thread. Changes of concurrent requests that wait while another
/// write is under way go into the next write together (group commit). A server turns on
/// ``writeWhenAsked()``: changes then wait in memory until the event loop, at the end of its pass over its
/// ready connections, writes them all at once and sends the answers that waited for them. The state file
/// (`serve --state`) only appends a line to its change log (one `write` call), so the event loops write
/// themselves: handing each changed answer to a writer thread and back cost more than the append.
extension StateStore {
    struct Durability {
        /// Every change up to this ticket is written (or its write failed).
        var written: UInt64 = 0
        /// Writes that failed, by the tickets they held (the latest few: a request asks right after).
        var failed: [(from: UInt64, through: UInt64, message: String)] = []
    }

    /// How many failed writes are remembered for requests still to ask about them.
    private static let failuresKept = 64

    /// Writes every change still waiting: the changes an event loop's pass made (see ``writeWhenAsked()``),
    /// or a change held for the next write by ``nextSequence(session:collection:writeNow:)`` whose write
    /// never came (a server stopping).
    public func finishWrites() {
        writePending()
    }

    /// Makes sure every change numbered after `after` through `through` (tickets from ``changeTicket``) is
    /// written, writing what still waits (a change held for the next write too), and tells why a write
    /// holding one of them failed (the change is then in memory only); nil when all of them are kept.
    public func writeThrough(after: UInt64, through: UInt64) -> String? {
        guard isPersistent, through > after else { return nil }
        // A writer that took these changes holds the write lock until it has settled them: once
        // `writePending` has had the lock, they are written or their failure is known.
        if durability.withLock({ $0.written < through }) { writePending() }
        return durability.withLock { Self.failure(of: after, through, in: $0.failed) }
    }

    /// Records that the changes after `from` through `through` are written (or failed).
    func settle(from: UInt64, through: UInt64, failure: String?) {
        durability.withLock { state in
            state.written = max(state.written, through)
            if let failure {
                state.failed.append((from, through, failure))
                if state.failed.count > Self.failuresKept { state.failed.removeFirst() }
            }
        }
    }

    /// Why a write holding a change numbered after `after` through `through` failed, if one did.
    private static func failure(
        of after: UInt64, _ through: UInt64, in failed: [(from: UInt64, through: UInt64, message: String)]
    ) -> String? {
        failed.last { $0.from < through && $0.through > after }?.message
    }
}
