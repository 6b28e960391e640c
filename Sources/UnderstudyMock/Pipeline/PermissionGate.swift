import UnderstudyContract

/// The permission stage (after security): whether the caller holds what a profile's permission rules say
/// the operation needs. It decides only; the engine renders the refusal in the API's error shape.
struct PermissionGate: Sendable {
    /// Why a caller may not go on: 401 when the rule needs a principal and none called, 403 when the
    /// principal lacks a permission.
    struct Refusal: Sendable, Equatable {
        var status: Int
        var message: String
    }

    /// The profile's rules; the first whose selector picks an operation applies.
    let rules: [PermissionRule]

    init(profile: MockProfile?) { rules = profile?.permissionRules ?? [] }

    func check(_ operation: ContractOperation, principal: Principal?, pathParameters: [String: String]) -> Refusal? {
        guard let rule = rules.first(where: { $0.selector.matches(operation) }) else { return nil }
        guard let principal else {
            return Refusal(
                status: 401,
                message:
                    "\(operation.displayName) needs \(rule.needs.joined(separator: ", ")): send a principal's credentials"
            )
        }
        let missing = rule.needs.filter { !principal.holds($0, pathParameters: pathParameters) }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "'\($0)'" }.joined(separator: ", ")
        return Refusal(
            status: 403, message: "\(principal.name) lacks the permission \(names) that \(operation.displayName) needs")
    }
}
