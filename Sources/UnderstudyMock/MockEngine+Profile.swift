import Foundation
import UnderstudyContract
import UnderstudySchema

extension MockEngine {
    /// The permission stage's refusal, rendered in the API's error shape (401 or 403).
    func authorize(
        _ operation: ContractOperation, principal: Principal?, pathParameters: [String: String] = [:]
    ) -> MockResponse? {
        guard let refusal = permissions.check(operation, principal: principal, pathParameters: pathParameters) else {
            return nil
        }
        return renderer.errorResponse(
            refusal.status, refusal.message, operation: operation, issues: [],
            principal: refusal.status == 403 ? principal : nil)
    }

    /// 429 with `Retry-After` (and the declared rate-limit headers) when the rate-limit stage says a limit is
    /// used up.
    func throttle(_ operation: ContractOperation, principal: Principal?) -> MockResponse? {
        guard let exceeded = rateLimits.count(operation, principal: principal) else { return nil }
        var response = renderer.errorResponse(
            429, exceeded.message, operation: operation, issues: [], principal: principal)
        response.setHeader("Retry-After", String(exceeded.retryAfter))
        for header in operation.response(for: 429)?.headers ?? [] {
            let lower = header.name.lowercased()
            if lower.contains("remaining") {
                response.setHeader(header.name, String(exceeded.remaining))
            } else if lower.contains("reset") {
                response.setHeader(header.name, String(exceeded.retryAfter))
            } else if lower.contains("limit") {
                response.setHeader(header.name, String(exceeded.limit.limit))
            }
        }
        return response
    }
}
