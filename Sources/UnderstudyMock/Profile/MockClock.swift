import Foundation
import Synchronization

/// The time the mock lives in: the real clock, a fixed instant, or the real clock shifted, and moved forward
/// on request (the admin API), so expiry and time windows can be tested in seconds. Timestamps the mock
/// stamps, rate-limit windows and `{{ now }}` in profile templates read it.
public final class MockClock: Sendable {
    /// How the clock is set.
    public enum Setting: Sendable, Hashable {
        case real
        /// Always this instant (plus what the admin API advanced).
        case fixed(Date)
        /// The real time shifted by this many seconds.
        case offset(Double)
    }

    private struct State {
        var setting: Setting
        var advanced: Double = 0
    }

    private let state: Mutex<State>

    public init(_ setting: Setting = .real) { state = Mutex(State(setting: setting)) }

    /// The mock's present.
    public func now() -> Date {
        state.withLock { state in
            switch state.setting {
            case .real: return Date().addingTimeInterval(state.advanced)
            case .fixed(let instant): return instant.addingTimeInterval(state.advanced)
            case .offset(let seconds): return Date().addingTimeInterval(seconds + state.advanced)
            }
        }
    }

    /// How far the clock may be moved either way in all (about 3,000 years): dates stay writable and
    /// arithmetic on them cannot overflow, however often the admin API advances it.
    public static let maximumAdvance: Double = 1e11

    /// Moves the clock forward (or back, with a negative amount) by `seconds`, within ``maximumAdvance``.
    public func advance(by seconds: Double) {
        guard seconds.isFinite else { return }
        state.withLock { $0.advanced = min(max($0.advanced + seconds, -Self.maximumAdvance), Self.maximumAdvance) }
    }

    /// Undoes every advance (the admin reset).
    public func reset() { state.withLock { $0.advanced = 0 } }

    /// How far the clock has been moved, in seconds.
    public var advanced: Double { state.withLock { $0.advanced } }

    /// The setting, for the admin API.
    public var setting: Setting { state.withLock { $0.setting } }
}
