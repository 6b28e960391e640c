import Logging
import NIOCore

/// One connection's time limits (see ``HTTPServerConfiguration``): a new connection has `headerTimeout`
/// for its first request's head; a kept-alive one has `idleTimeout` until its next request starts and then
/// `headerTimeout` for that head; a body may pause at most `headerTimeout` between pieces. While a request
/// is being answered no limit runs. When one runs out, the connection closes. Used only on the connection's
/// event loop (by ``ByteArrivalHandler`` in front of the HTTP decoder and ``MockRequestHandler`` after it).
final class ConnectionGuard {
    private enum Phase {
        /// Waiting for a request; `started`: some of its bytes have arrived.
        case waiting(started: Bool)
        case readingBody
        case answering
    }

    private let channel: any Channel
    private let registry: ConnectionRegistry
    /// This connection's entry in the registry (waiting since when, or being answered).
    private let slot: ConnectionRegistry.Slot
    private let headerTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let logger: Logger
    private var phase = Phase.waiting(started: true)
    /// When the running limit runs out, and what it is for; nil while a request is answered.
    private var due: (at: NIODeadline, reason: String, timeout: TimeAmount)?
    /// The one timer, which fires at or before `due` and looks again (see ``arm(_:_:)``).
    private var timer: Scheduled<Void>?
    /// The shorter of the two limits: how far ahead the timer is ever set.
    private let shortest: TimeAmount

    init(
        channel: any Channel, registry: ConnectionRegistry, slot: ConnectionRegistry.Slot,
        configuration: HTTPServerConfiguration, logger: Logger
    ) {
        self.channel = channel
        self.registry = registry
        self.slot = slot
        headerTimeout = Self.amount(configuration.headerTimeout)
        idleTimeout = Self.amount(configuration.idleTimeout)
        shortest = min(headerTimeout, idleTimeout)
        self.logger = logger
    }

    /// Seconds as a NIO time amount (at least a millisecond, at most a day).
    static func amount(_ seconds: Double) -> TimeAmount {
        .milliseconds(Int64((seconds.isFinite ? min(max(seconds, 0.001), 86_400) : 60) * 1000))
    }

    /// The connection is open: its first request's head is due within the header timeout.
    func opened() {
        phase = .waiting(started: true)
        arm(headerTimeout, "no complete request head")
    }

    /// Bytes arrived (before the HTTP decoder): a kept-alive connection's next request has started.
    func bytesArrived() {
        guard case .waiting(started: false) = phase else { return }
        phase = .waiting(started: true)
        arm(headerTimeout, "no complete request head")
    }

    /// A request's head arrived; its body may follow.
    func headArrived() {
        phase = .readingBody
        arm(headerTimeout, "the request body stalled")
    }

    /// A piece of the body arrived.
    func bodyArrived() { arm(headerTimeout, "the request body stalled") }

    /// The request is complete and being answered: no limit runs.
    func answering() {
        phase = .answering
        due = nil
        slot.markAnswering()
    }

    /// The answer went out on a kept-alive connection: it waits for the next request.
    func answered() {
        phase = .waiting(started: false)
        slot.markWaiting()
        arm(idleTimeout, "idle")
    }

    /// The connection closed.
    func closed() {
        due = nil
        timer?.cancel()
        timer = nil
        registry.remove(channel)
    }

    /// Starts a limit. Scheduling and cancelling a timer on every request costs more than answering a
    /// cached read, so a limit only moves `due`; one timer per connection, never set further ahead than
    /// the shortest limit (so always at or before any `due`), fires, closes the connection if `due` has
    /// passed, and otherwise sets itself again for `due` (or stops while a request is being answered).
    private func arm(_ timeout: TimeAmount, _ reason: String) {
        due = (NIODeadline.now() + timeout, reason, timeout)
        if timer == nil { schedule(at: NIODeadline.now() + shortest) }
    }

    private func schedule(at moment: NIODeadline) {
        timer = channel.eventLoop.scheduleTask(deadline: moment) { [self] in fire() }
    }

    private func fire() {
        timer = nil
        guard let due else { return }
        let now = NIODeadline.now()
        if now >= due.at {
            logger.debug("closing a connection: \(due.reason) within \(due.timeout.nanoseconds / 1_000_000) ms")
            channel.close(promise: nil)
        } else {
            schedule(at: min(due.at, now + shortest))
        }
    }
}
