import UnderstudyContract

/// The routing stage, first in the pipeline: which operation a request (its path relative to the mount)
/// reaches, or why none does. It decides only; the engine renders the refusal (400, 404, or 405 with
/// `Allow`, in the API's error shape where every operation of the path shares one).
struct RequestRouter: Sendable {
    enum Outcome: Sendable, Equatable {
        /// The operation at `index` of the contract, with the path parameters' raw values.
        case operation(index: Int, pathParameters: [String: String])
        /// A path no client should send (a `..` segment): 400.
        case refused(String)
        /// No path of the contract matches: 404.
        case notFound(String)
        /// The path is declared for other methods: 405 with them.
        case methodNotAllowed(allowed: [String], detail: String)
    }

    let routes: RouteTable
    /// How the contract is named in a 404 (its title).
    let name: String
    /// Operations already routed to, by method and path.
    let memo: RouteMemo

    init(contract: Contract, memo: RouteMemo = RouteMemo()) {
        routes = RouteTable(operations: contract.operations)
        name = contract.title.isEmpty ? "the contract" : contract.title
        self.memo = memo
    }

    /// The operation `method` reaches at `path` (the raw, percent-encoded path relative to the mount), or why
    /// none does. A method and path that reach an operation are routed once (``RouteMemo``).
    func route(method: String, path: String) -> Outcome {
        memo.outcome(method: method, path: path) { decide(method: method, path: path) }
    }

    private func decide(method: String, path: String) -> Outcome {
        // A `..` segment is refused (clients resolve it before sending; one that arrives is an attempt to
        // climb out of a mount). An encoded NUL in a segment is ordinary data to a mock that opens no files.
        if path.split(separator: "/").contains("..") { return .refused("the path contains a '..' segment") }
        switch routes.match(method: method, path: path) {
        case .notFound:
            return .notFound("no operation of \(name) matches \(method) \(path)")
        case .methodNotAllowed(let allowed):
            return .methodNotAllowed(
                allowed: allowed,
                detail: "\(method) is not declared for \(path); allowed: \(allowed.joined(separator: ", "))")
        case .operation(let index, _, let pathParameters):
            return .operation(index: index, pathParameters: pathParameters)
        }
    }

    /// The operation `method` reaches at `path`, if one does (no refusals: for lookups, not for answers).
    func operationIndex(method: String, path: String) -> Int? {
        guard case .operation(let index, _, _) = routes.match(method: method, path: path) else { return nil }
        return index
    }

    /// The methods the contract declares for `path` (HEAD with GET), or nil when no path matches it.
    func methods(at path: String) -> [String]? {
        // A method no path declares, so the route table answers with the methods the path does declare.
        guard case .methodNotAllowed(let methods) = routes.match(method: "\u{1}", path: path) else { return nil }
        return methods
    }
}
