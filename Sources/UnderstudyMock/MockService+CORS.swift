import UnderstudySchema

extension MockService {
    /// Response headers a page can read without being told (the CORS-safelisted ones).
    static let safelistedResponseHeaders: Set<String> = [
        "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma",
    ]
    /// How long a browser may reuse a preflight's answer, in seconds.
    static let preflightMaxAge = 600

    /// The policy for requests to `mount`: the one `serve --cors` gave, else the mount's profile's, else any.
    func corsPolicy(for mount: MountedContract?) -> CORSPolicy {
        cors ?? mount?.engine.profile?.cors ?? .any
    }

    /// Whether `request` is a browser's CORS preflight: `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`.
    static func isPreflight(_ request: MockRequest) -> Bool {
        request.method == "OPTIONS" && request.header("Origin") != nil
            && request.header("Access-Control-Request-Method") != nil
    }

    /// The answer to a preflight: 204 with the path's declared methods (the requested one where the path is
    /// unknown, so the page can read the 404 that follows), the headers the path's operations read plus the
    /// ones requested, credentials allowed, and `Access-Control-Max-Age`. A refused origin gets 403 saying
    /// which origins are allowed. Never passed to the engine: no security, rate limit, journal or validation.
    func preflight(_ request: MockRequest, mount: MountedContract?, relativePath: String) -> MockResponse {
        let origin = request.header("Origin") ?? ""
        let policy = corsPolicy(for: mount)
        guard policy.allows(origin: origin) else {
            var allowed = ""
            if case .origins(let origins) = policy { allowed = "; allowed: " + origins.joined(separator: ", ") }
            return ResponseRenderer.problemDetails(403, "CORS: the origin \(origin) may not call this mock\(allowed)")
        }
        let requestedMethod = (request.header("Access-Control-Request-Method") ?? "").uppercased()
        let requestedHeaders = (request.header("Access-Control-Request-Headers") ?? "").split(separator: ",")
            .map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        let allowance = mount?.engine.preflightAllowance(path: relativePath)
        var headers = allowance?.headers ?? MockEngine.headersAlwaysAllowed
        var seen = Set(headers.map { $0.lowercased() })
        for name in requestedHeaders where seen.insert(name.lowercased()).inserted { headers.append(name) }
        let methods = allowance?.methods ?? [requestedMethod]
        var response = MockResponse(status: 204)
        response.headers = [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Allow-Methods", methods.joined(separator: ", ")),
            ("Access-Control-Allow-Headers", headers.joined(separator: ", ")),
            ("Access-Control-Max-Age", String(Self.preflightMaxAge)),
            ("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        ]
        return response
    }

    /// Lets the page at the request's `Origin` read `response`: `Access-Control-Allow-Origin` (that origin),
    /// `Access-Control-Allow-Credentials: true` (a page sending cookies or `Authorization` needs it, and it is
    /// harmless otherwise), and `Access-Control-Expose-Headers` naming every header the answer carries beyond
    /// the safelisted ones (`Location`, `Link`, `Retry-After`, `X-Total-Count`, `WWW-Authenticate`, the
    /// contract's declared headers). Nothing when the request has no `Origin` or the origin is refused.
    func allowCrossOrigin(_ response: inout MockResponse, request: MockRequest, mount: MountedContract?) {
        guard let origin = request.header("Origin"), corsPolicy(for: mount).allows(origin: origin) else { return }
        var exposed: [String] = []
        var seen = Set<String>()
        for (name, _) in response.headers {
            let lower = name.lowercased()
            guard !Self.safelistedResponseHeaders.contains(lower), !lower.hasPrefix("access-control-"),
                lower != "set-cookie", lower != "vary", seen.insert(lower).inserted
            else { continue }
            exposed.append(name)
        }
        response.setHeader("Access-Control-Allow-Origin", origin)
        response.setHeader("Access-Control-Allow-Credentials", "true")
        if !exposed.isEmpty { response.setHeader("Access-Control-Expose-Headers", exposed.joined(separator: ", ")) }
        if let vary = response.header("Vary"), !vary.lowercased().contains("origin") {
            response.setHeader("Vary", vary + ", Origin")
        } else if response.header("Vary") == nil {
            response.setHeader("Vary", "Origin")
        }
    }
}
