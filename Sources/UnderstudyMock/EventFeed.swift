/// An answer that stays open and sends server-sent events as they happen (the dashboard's live journal).
/// The server writes the answer's head, then calls ``start(_:)`` with a way to send one event's text; the
/// closure it gets back stops the feed when the connection closes. Answered in process, the head comes back
/// with no events.
public final class EventFeed: Sendable {
    private let starter: @Sendable (@escaping @Sendable (String) -> Void) -> @Sendable () -> Void

    public init(_ starter: @escaping @Sendable (@escaping @Sendable (String) -> Void) -> @Sendable () -> Void) {
        self.starter = starter
    }

    /// Starts sending events (each already framed: `event: …\ndata: …\n\n`); returns how to stop.
    public func start(_ send: @escaping @Sendable (String) -> Void) -> @Sendable () -> Void { starter(send) }

    /// One event in the text/event-stream framing, `data` on as many `data:` lines as it has lines.
    public static func frame(event: String, data: String) -> String {
        "event: \(event)\n"
            + data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }
            .joined() + "\n"
    }
}
