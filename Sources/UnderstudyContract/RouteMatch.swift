/// The result of looking up a request path in a ``RouteTable``.
public enum RouteMatch: Sendable, Equatable {
    /// An operation matched; `pathParameters` holds the decoded captures.
    case operation(index: Int, template: String, pathParameters: [String: String])
    /// The path is known but not for this method; `allowed` lists the methods it has.
    case methodNotAllowed(allowed: [String])
    /// No path of the contract matches.
    case notFound
}
