import Foundation
import UnderstudyContract

/// The rate-limit stage (after permissions): counts the request against each of a profile's limits that
/// picks the operation (per principal or for everyone, in windows on the mock's clock) and says when one is
/// used up. It decides only; the engine renders the 429 with `Retry-After`.
struct RateLimitGate: Sendable {
    /// A limit the request went over.
    struct Exceeded: Sendable, Equatable {
        var limit: RateLimit
        /// Whole seconds until the window opens again.
        var retryAfter: Int
        /// Requests left in the window (0 when exceeded, as the counter says).
        var remaining: Int

        var message: String {
            "rate limit of \(limit.limit) requests per \(RateLimitGate.describe(limit.window)) reached; retry in \(retryAfter) s"
        }
    }

    let limits: [RateLimit]
    /// The counts, kept across reloads of the profile.
    let limiter: RateLimiter
    let clock: MockClock

    init(profile: MockProfile?, limiter: RateLimiter, clock: MockClock) {
        limits = profile?.rateLimits ?? []
        self.limiter = limiter
        self.clock = clock
    }

    /// Counts the request; the first limit it goes over, if any.
    func count(_ operation: ContractOperation, principal: Principal?) -> Exceeded? {
        for (index, limit) in limits.enumerated() where limit.selector.matches(operation) {
            let who = limit.perPrincipal ? (principal?.name ?? "anonymous") : "everyone"
            let key = "\(index)|\(who)|\(limit.selector.operationId == nil ? "" : operation.displayName)"
            let (retryAfter, remaining) = limiter.hit(key, limit: limit.limit, window: limit.window, now: clock.now())
            guard let retryAfter else { continue }
            return Exceeded(limit: limit, retryAfter: Int(retryAfter.rounded(.up)), remaining: remaining)
        }
        return nil
    }

    /// A window in words: `1 h`, `5 min`, `90 s`.
    static func describe(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60)) min" }
        return "\(Int(seconds)) s"
    }
}
