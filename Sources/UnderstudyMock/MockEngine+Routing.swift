extension MockEngine {
    /// The name of the operation `request` (relative to the mount) reaches, as the journal shows it
    /// (operationId, or `METHOD /path`); nil when it reaches none.
    public func operationName(for request: MockRequest) -> String? {
        guard case .operation(let index, _, _) = routes.match(method: request.method, path: request.path) else {
            return nil
        }
        return contract.operations[index].displayName
    }
}
