import Synchronization

/// Operations already routed to, by method and raw path. Routing is a pure function of the two, and clients
/// ask for the same paths again and again (a page's items, a polled status), so each pair is walked through
/// the route table once. Only operations are kept: refusals (404, 405, a `..` segment) are rare in normal
/// use, carry texts as long as the path, and are what a scanner or fuzzer sends by the thousand. Bounded:
/// paths over ``longestPath`` bytes are not kept, and when ``capacity`` pairs are kept the memo starts over,
/// so endless distinct paths cost one lookup and no memory beyond the bound.
final class RouteMemo: Sendable {
    private struct Key: Hashable, Sendable {
        var method: String
        var path: String
    }

    /// The most pairs kept at once.
    let capacity: Int
    /// The longest path (in bytes) kept.
    let longestPath: Int
    private let table = Mutex<[Key: RequestRouter.Outcome]>([:])

    init(capacity: Int = 4096, longestPath: Int = 512) {
        self.capacity = capacity
        self.longestPath = longestPath
    }

    /// The outcome kept for `method` and `path`, or the one `decide` makes (then kept).
    func outcome(method: String, path: String, decide: () -> RequestRouter.Outcome) -> RequestRouter.Outcome {
        guard path.utf8.count <= longestPath else { return decide() }
        let key = Key(method: method, path: path)
        if let known = table.withLock({ $0[key] }) { return known }
        let decided = decide()
        guard case .operation = decided else { return decided }
        let dropped: [Key: RequestRouter.Outcome]? = table.withLock { table in
            var dropped: [Key: RequestRouter.Outcome]? = nil
            if table.count >= capacity {
                dropped = table
                table = [:]
            }
            table[key] = decided
            return dropped
        }
        withExtendedLifetime(dropped) {}
        return decided
    }

    /// How many pairs are kept now.
    var count: Int { table.withLock { $0.count } }
}
