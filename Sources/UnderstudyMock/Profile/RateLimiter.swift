import Foundation
import Synchronization

/// Counts requests in fixed windows per key (a rate limit and who is calling).
final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])

    /// Counts one request for `key` at `now`; returns the seconds until the window resets when the request is
    /// over `limit` (and so refused), else nil. Also returns what is left in the window.
    func hit(_ key: String, limit: Int, window: Double, now: Date) -> (retryAfter: Double?, remaining: Int) {
        windows.withLock { windows in
            var current = windows[key] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(current.start) >= window { current = Window(start: now, count: 0) }
            current.count += 1
            windows[key] = current
            let remaining = max(0, limit - current.count)
            guard current.count > limit else { return (nil, remaining) }
            return (max(0, window - now.timeIntervalSince(current.start)), 0)
        }
    }

    /// Forgets every count (the admin reset).
    func reset() { windows.withLock { $0.removeAll() } }
}
