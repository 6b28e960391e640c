import Foundation
import UnderstudyContract
import UnderstudySchema

extension MockEngine {
    /// 403 when the profile says the operation needs a permission the principal does not hold (401 when
    /// nobody is identified); nil when the call may go on.
    func authorize(
        _ operation: ContractOperation, principal: Principal?, pathParameters: [String: String] = [:]
    ) -> MockResponse? {
        guard let profile, let rule = profile.permissionRules.first(where: { $0.selector.matches(operation) }) else {
            return nil
        }
        guard let principal else {
            return errorResponse(
                401,
                "\(operation.displayName) needs \(rule.needs.joined(separator: ", ")): send a principal's credentials",
                operation: operation, issues: [])
        }
        let missing = rule.needs.filter { !principal.holds($0, pathParameters: pathParameters) }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "'\($0)'" }.joined(separator: ", ")
        return errorResponse(
            403, "\(principal.name) lacks the permission \(names) that \(operation.displayName) needs",
            operation: operation, issues: [], principal: principal)
    }

    /// 429 with `Retry-After` (and the declared rate-limit headers) when a profile rate limit is used up.
    func throttle(_ operation: ContractOperation, principal: Principal?) -> MockResponse? {
        guard let profile else { return nil }
        for (index, limit) in profile.rateLimits.enumerated() where limit.selector.matches(operation) {
            let who = limit.perPrincipal ? (principal?.name ?? "anonymous") : "everyone"
            let key = "\(index)|\(who)|\(limit.selector.operationId == nil ? "" : operation.displayName)"
            let (retryAfter, remaining) = rateLimiter.hit(
                key, limit: limit.limit, window: limit.window, now: clock.now())
            guard let retryAfter else { continue }
            let seconds = Int(retryAfter.rounded(.up))
            var response = errorResponse(
                429,
                "rate limit of \(limit.limit) requests per \(Self.describe(limit.window)) reached; retry in \(seconds) s",
                operation: operation, issues: [], principal: principal)
            response.setHeader("Retry-After", String(seconds))
            for header in operation.response(for: 429)?.headers ?? [] {
                let lower = header.name.lowercased()
                if lower.contains("remaining") {
                    response.setHeader(header.name, String(remaining))
                } else if lower.contains("reset") {
                    response.setHeader(header.name, String(seconds))
                } else if lower.contains("limit") {
                    response.setHeader(header.name, String(limit.limit))
                }
            }
            return response
        }
        return nil
    }

    /// The profile's body for `status`, its templates filled in; nil when the profile names none.
    func profileErrorBody(
        _ status: Int, message: String, issues: [RequestIssue], operation: ContractOperation?, principal: Principal?,
        code: String? = nil
    ) -> JSONValue? {
        guard let shape = profile?.errorShapes[status] else { return nil }
        let clock = self.clock
        var variables = Variables(clock: { clock.now() })
        variables["status"] = .int(status)
        variables["message"] = .string(message)
        variables["errors"] = .array(
            JSONArray(issues.map { ["field": .string(Self.issueField($0)), "message": .string($0.message)] }))
        variables["operation"] = operation.map { .string($0.displayName) } ?? .null
        variables["principal"] = principal.map { .string($0.name) } ?? .null
        let reason = Self.reasonPhrases[status] ?? "error"
        variables["code"] = .string(code ?? reason.lowercased().replacingOccurrences(of: " ", with: "_"))
        return (try? variables.render(shape)) ?? shape
    }

    static func describe(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60)) min" }
        return "\(Int(seconds)) s"
    }
}
