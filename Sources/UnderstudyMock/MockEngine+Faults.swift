import Foundation
import Synchronization
import UnderstudyContract
import UnderstudySchema

extension MockEngine {
    /// The header that forces a fault for one request, for reproducing: `503` (a status), `close`,
    /// `truncate`, or `off` (no profile fault or latency for this request).
    public static let faultHeader = "X-Understudy-Fault"

    /// Adds the profile's latency and, at their rates, its faults (or the one the request forces) to an answer.
    func injectFaults(_ response: MockResponse, request: MockRequest, operationId: String?) -> MockResponse {
        let forced = request.header(Self.faultHeader)?.trimmingSpaces.lowercased()
        if forced == "off" { return response }
        guard forced != nil || !(profile?.faults.isEmpty ?? true) || !(profile?.latencies.isEmpty ?? true) else {
            return response
        }
        let operation = operationId.flatMap { id in contract.operations.first { $0.displayName == id } }
        var result = response
        if let forced {
            if let status = Int(forced), (400...599).contains(status) {
                result = injected(status, operation: operation)
            } else if let wire = MockResponse.Fault(rawValue: forced) {
                result.fault = wire
            }
        } else if let operation, let profile {
            for rule in profile.faults where rule.selector.matches(operation) && draw() < rule.rate {
                switch rule.kind {
                case .status(let status): result = injected(status, operation: operation)
                case .wire(let wire): result.fault = wire
                }
                break
            }
        }
        if let operation, let latency = profile?.latencies.first(where: { $0.selector.matches(operation) }) {
            result.delay = delay(latency.distribution)
        }
        return result
    }

    private func injected(_ status: Int, operation: ContractOperation?) -> MockResponse {
        let message = "injected fault: \(status)"
        guard let operation else { return renderer.problem(status, message, operation: nil) }
        return renderer.errorResponse(status, message, operation: operation, issues: [])
    }

    /// Seconds of delay drawn from a distribution, within 0…``DurationText/maximumSeconds``: a log-normal
    /// with a large sigma draws infinity (or, from `0 × inf`, NaN), which no timer can be set to.
    private func delay(_ distribution: Latency.Distribution) -> Double {
        let drawn = unboundedDelay(distribution)
        guard drawn.isFinite else { return drawn.isNaN ? 0 : DurationText.maximumSeconds }
        return min(max(drawn, 0), DurationText.maximumSeconds)
    }

    private func unboundedDelay(_ distribution: Latency.Distribution) -> Double {
        switch distribution {
        case .fixed(let seconds):
            return seconds
        case .uniform(let low, let high):
            return low + (high - low) * draw()
        case .lognormal(let median, let sigma):
            // Box-Muller: a standard normal from two uniform draws.
            let normal = (-2 * log(max(draw(), .leastNonzeroMagnitude))).squareRoot() * cos(2 * .pi * draw())
            return median * exp(sigma * normal)
        }
    }

    /// A uniform number in [0, 1) from the engine's seeded sequence (the same seed, the same faults).
    func draw() -> Double {
        faultRandom.withLock { random in Double(random.next() >> 11) / Double(1 << 53) }
    }
}
