import Foundation
import UnderstudyContract
import UnderstudySchema

/// Why credentials were refused, and the challenge to send back.
struct SecurityFailure: Error {
    var message: String
    var challenge: String?
}

/// The security stage of the request pipeline (after routing, before permissions): who is calling, or why
/// the request is refused (401 with `WWW-Authenticate`). It knows the contract's security schemes (with the
/// profile's), the profile's principals and their credentials, the credentials login operations issued, and
/// the mock's clock, so credentials expire on it. It answers nothing itself: the engine renders the 401 in the
/// contract's shape.
struct SecurityGate: Sendable {
    /// The contract's security schemes by name (a profile's added).
    let schemes: [String: SecurityScheme]
    /// The realm challenges name (the contract's title).
    let realm: String
    let profile: MockProfile?
    /// Credentials issued by login operations.
    let issued: IssuedCredentials
    let clock: MockClock
    /// When the mock started, on its clock (a credential with a `ttl` expires that long after).
    let startedAt: Date

    init(
        contract: Contract, profile: MockProfile?, issued: IssuedCredentials, clock: MockClock, startedAt: Date
    ) {
        schemes = contract.securitySchemes
        realm = contract.title.isEmpty ? "api" : contract.title.replacingOccurrences(of: "\"", with: "'")
        self.profile = profile
        self.issued = issued
        self.clock = clock
        self.startedAt = startedAt
    }

    /// Checks the operation's security alternatives. Without a profile any well-formed credential is
    /// accepted: an API key that is present and not empty, Basic credentials that decode to `user:password`,
    /// a non-empty bearer token (also for OAuth 2 and OpenID Connect).
    ///
    /// With a profile that names principals, the credentials must be a principal's (see ``MockProfile``); the
    /// answer then says who is calling (nil for an operation that needs no credentials and got none).
    func check(_ operation: ContractOperation, input: HTTPRequestInput) -> Result<Principal?, SecurityFailure> {
        let identifying = !(profile?.principals.isEmpty ?? true)
        guard !operation.security.isEmpty, !operation.security.contains(where: \.isAnonymous) || identifying else {
            return .success(nil)
        }
        var problems: [String] = []
        let authorization = AuthorizationHeader(input)
        for requirement in operation.security {
            if requirement.isAnonymous {
                // Anonymous access is allowed; a principal's credentials, when sent, still say who calls.
                return .success(identifying ? anyPrincipal(input, authorization: authorization) : nil)
            }
            var satisfied = true
            var principal: Principal? = nil
            for entry in requirement.schemes {
                guard let scheme = schemes[entry.name] else { continue }
                if let problem = problem(with: scheme, input: input, authorization: authorization) {
                    problems.append(problem)
                    satisfied = false
                    break
                }
                guard identifying else { continue }
                let credential = Self.credential(scheme, input: input, authorization: authorization) ?? ""
                let found = self.holder(scheme: scheme.name, credential: credential)
                guard case .success(let holder) = found else {
                    if case .failure(let refusal) = found {
                        problems.append(refusal.message.isEmpty ? Self.unknownCredential(scheme) : refusal.message)
                    }
                    satisfied = false
                    break
                }
                if let principal, principal != holder {
                    problems.append(
                        "the credentials belong to different principals (\(principal.name), \(holder.name))")
                    satisfied = false
                    break
                }
                principal = holder
            }
            if satisfied { return .success(principal) }
        }
        return .failure(failure(operation, problems: problems))
    }

    /// The principal any credential in the request belongs to, for operations that need none.
    private func anyPrincipal(_ input: HTTPRequestInput, authorization: AuthorizationHeader?) -> Principal? {
        guard let profile else { return nil }
        for scheme in schemes.values {
            guard profile.principals.isEmpty == false,
                problem(with: scheme, input: input, authorization: authorization) == nil,
                let value = Self.credential(scheme, input: input, authorization: authorization),
                case .success(let principal) = holder(scheme: scheme.name, credential: value)
            else { continue }
            return principal
        }
        return nil
    }

    /// The credential a request carries for `scheme`: the API key, `user:password` for Basic, the token.
    static func credential(_ scheme: SecurityScheme, input: HTTPRequestInput) -> String? {
        credential(scheme, input: input, authorization: AuthorizationHeader(input))
    }

    /// The credential for `scheme`, with the request's `Authorization` header already read.
    private static func credential(
        _ scheme: SecurityScheme, input: HTTPRequestInput, authorization: AuthorizationHeader?
    ) -> String? {
        switch scheme.kind {
        case .apiKey(let name, let location):
            switch location {
            case .header: return input.header(name)?.trimmingSpaces
            case .query: return input.query.first { $0.name == name }?.value
            case .cookie: return input.cookies[name]
            case .path: return input.pathParameters[name]
            // An API key is never the whole query string (the loader reads such a key as a header).
            case .querystring: return nil
            }
        case .http(let name, _):
            guard let authorization, !authorization.credentials.isEmpty else { return nil }
            let token = String(authorization.credentials)
            if name == "basic" {
                return Data(base64Encoded: token).flatMap { String(data: $0, encoding: .utf8) }
            }
            return token
        case .oauth2, .openIdConnect:
            guard let authorization, authorization.uses("bearer") else { return nil }
            return String(authorization.credentials)
        case .unsupported:
            return nil
        }
    }

    static func unknownCredential(_ scheme: SecurityScheme) -> String {
        switch scheme.kind {
        case .apiKey(let name, _): return "unknown API key '\(name)'"
        case .http(let name, _): return name == "basic" ? "unknown user or wrong password" : "unknown \(name) token"
        case .oauth2, .openIdConnect: return "unknown or expired bearer token"
        case .unsupported(let type): return "unsupported security scheme \(type)"
        }
    }

    private func failure(_ operation: ContractOperation, problems: [String]) -> SecurityFailure {
        let challenges = operation.security.flatMap { requirement in
            requirement.schemes.compactMap { schemes[$0.name].flatMap(challenge) }
        }
        var seen = Set<String>()
        let unique = challenges.filter { seen.insert($0).inserted }
        let message = problems.count == 1 ? problems[0] : "no accepted credentials: " + problems.joined(separator: "; ")
        return SecurityFailure(message: message, challenge: unique.isEmpty ? nil : unique.joined(separator: ", "))
    }

    /// What is wrong with the credential `input` carries for `scheme` (missing, malformed), or nil.
    private func problem(
        with scheme: SecurityScheme, input: HTTPRequestInput, authorization: AuthorizationHeader?
    ) -> String? {
        switch scheme.kind {
        case .apiKey(let name, let location):
            guard let value = Self.credential(scheme, input: input, authorization: authorization),
                !value.trimmingSpaces.isEmpty
            else {
                return "missing API key '\(name)' in the \(location.rawValue)"
            }
            return nil
        case .http(let name, _):
            guard let authorization else { return "missing Authorization header (\(name))" }
            guard !authorization.credentials.isEmpty, authorization.uses(name) else {
                return "the Authorization header does not use the \(name) scheme"
            }
            if name == "basic" {
                guard let data = Data(base64Encoded: String(authorization.credentials)),
                    let text = String(data: data, encoding: .utf8), text.contains(":")
                else { return "malformed Basic credentials: expected base64 of user:password" }
            }
            return nil
        case .oauth2, .openIdConnect:
            guard let authorization, authorization.uses("bearer"), !authorization.credentials.isEmpty
            else { return "missing bearer token" }
            return nil
        case .unsupported:
            return nil
        }
    }

    private func challenge(_ scheme: SecurityScheme) -> String? {
        switch scheme.kind {
        case .http(let name, _):
            return name == "basic"
                ? "Basic realm=\"\(realm)\"" : "\(name.prefix(1).uppercased() + name.dropFirst()) realm=\"\(realm)\""
        case .oauth2, .openIdConnect:
            return "Bearer realm=\"\(realm)\""
        default:
            return nil
        }
    }

    /// Who holds `credential` for `scheme`: a principal's own credential (unless expired on the mock's
    /// clock), or one a login operation issued (until it expires). `.failure` says why it is refused.
    func holder(scheme: String, credential: String) -> Result<Principal, SecurityFailure> {
        guard let profile else { return .failure(SecurityFailure(message: "no profile")) }
        if let principal = profile.principal(scheme: scheme, credential: credential) {
            if let expiry = principal.expiries[scheme] {
                let deadline: Date
                switch expiry {
                case .at(let date): deadline = date
                case .after(let seconds): deadline = startedAt.addingTimeInterval(seconds)
                }
                if clock.now() >= deadline {
                    return .failure(
                        SecurityFailure(
                            message: "the credential expired at \(DateText.format(deadline)) (\(principal.name))"))
                }
            }
            return .success(principal)
        }
        if let grant = issued.grant(Self.issuedToken(credential)), grant.scheme == scheme,
            let principal = profile.principals.first(where: { $0.name == grant.principal })
        {
            if clock.now() >= grant.expires {
                return .failure(
                    SecurityFailure(message: "the token expired at \(DateText.format(grant.expires)); log in again"))
            }
            return .success(principal)
        }
        return .failure(SecurityFailure(message: ""))
    }

    /// The token a credential carries, as login issued it: an API key scheme named `Authorization` sees
    /// `Bearer <token>`.
    static func issuedToken(_ credential: String) -> String {
        credential.lowercased().hasPrefix("bearer ") ? String(credential.dropFirst(7)).trimmingSpaces : credential
    }
}
