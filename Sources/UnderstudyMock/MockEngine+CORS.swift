import UnderstudyContract

extension MockEngine {
    /// Headers a page may always send to the mock: the ones its own features read.
    static let headersAlwaysAllowed = [
        "Accept", "Authorization", "Content-Type", "Prefer", MockService.sessionHeader, faultHeader,
    ]

    /// What a CORS preflight for `path` (relative to the mount) may be told: the methods the contract declares
    /// for the path (HEAD with GET), and the request headers its operations read (their header parameters,
    /// every header a security scheme of the contract or the profile names, and ``headersAlwaysAllowed``).
    /// Nil when no path of the contract matches.
    func preflightAllowance(path: String) -> (methods: [String], headers: [String])? {
        guard let methods = router.methods(at: path) else { return nil }
        var headers = Self.headersAlwaysAllowed
        for method in methods {
            guard let index = router.operationIndex(method: method, path: path) else { continue }
            headers += contract.operations[index].parameters(in: .header).map(\.name)
        }
        for scheme in contract.securitySchemes.values {
            if case .apiKey(let name, .header) = scheme.kind { headers.append(name) }
        }
        var seen = Set<String>()
        return (methods, headers.filter { seen.insert($0.lowercased()).inserted })
    }
}
