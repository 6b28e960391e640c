extension MockEngine {
    /// The name of the operation `request` (relative to the mount) reaches, as the journal shows it
    /// (operationId, or `METHOD /path`); nil when it reaches none.
    public func operationName(for request: MockRequest) -> String? {
        router.operationIndex(method: request.method, path: request.path).map { contract.operations[$0].displayName }
    }
}
