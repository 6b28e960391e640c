/// How many sessions the mock keeps and for how long (`serve --max-sessions`, `--session-idle`): every
/// `X-Understudy-Session` value makes a session, and a shared mock that CI runs against sees a new one per
/// run, so without a bound its memory would grow for ever. The least recently used session is evicted when
/// there are more than ``maximum``; one unused for longer than ``idleSeconds`` is evicted too. Evicting a
/// session forgets its items, the credentials issued in it, its counters and its lifecycle polls. The
/// `default` session (requests without the header) is never evicted.
public struct SessionLimits: Sendable, Hashable {
    /// The session of requests that name none; never evicted.
    public static let permanent = "default"

    /// The most sessions kept at once (at least 1).
    public var maximum: Int
    /// Seconds a session may go unused before it is evicted.
    public var idleSeconds: Double

    public init(maximum: Int = 1_000, idleSeconds: Double = 3_600) {
        self.maximum = max(1, maximum)
        self.idleSeconds = idleSeconds.isFinite && idleSeconds > 0 ? idleSeconds : 3_600
    }
}
