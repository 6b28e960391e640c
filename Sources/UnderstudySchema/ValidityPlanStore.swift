import Synchronization

/// The compiled schemas behind every ``ValidityPlan`` of one registry state and one set of options: a
/// schema that many others reference (a shared component) is compiled once, and a schema found to have no
/// plan is not tried again.
final class ValidityPlanStore: Sendable {
    struct State: @unchecked Sendable {
        /// Every committed node, which keeps them alive (plans link to nodes without owning them).
        var nodes: [ValidityPlan.Node] = []
        /// Compiled reference targets by document and pointer; `.some(nil)` for a target without a plan.
        var targets: [String: ValidityPlan.Node?] = [:]
    }

    let state = Mutex(State())
    /// The node of `true` (and of values that are no schema).
    let accepting = ValidityPlan.Node()
    /// The node of `false` (and of unresolvable references).
    let rejecting = ValidityPlan.Node(rejectsAll: true)
}
