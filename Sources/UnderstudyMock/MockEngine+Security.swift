import Foundation
import UnderstudyContract
import UnderstudySchema

extension MockEngine {
    /// Why credentials were refused, and the challenge to send back.
    struct SecurityFailure: Error {
        var message: String
        var challenge: String?
    }

    /// Checks the operation's security alternatives. Without a profile any well-formed credential is
    /// accepted: an API key that is present and not empty, Basic credentials that decode to `user:password`,
    /// a non-empty bearer token (also for OAuth 2 and OpenID Connect).
    ///
    /// With a profile that names principals, the credentials must be a principal's (see ``MockProfile``); the
    /// answer then says who is calling (nil for an operation that needs no credentials and got none).
    func checkSecurity(
        _ operation: ContractOperation, input: HTTPRequestInput
    ) -> Result<Principal?, SecurityFailure> {
        let identifying = !(profile?.principals.isEmpty ?? true)
        guard !operation.security.isEmpty, !operation.security.contains(where: \.isAnonymous) || identifying else {
            return .success(nil)
        }
        var problems: [String] = []
        for requirement in operation.security {
            if requirement.isAnonymous {
                // Anonymous access is allowed; a principal's credentials, when sent, still say who calls.
                return .success(identifying ? anyPrincipal(input) : nil)
            }
            var satisfied = true
            var principal: Principal? = nil
            for entry in requirement.schemes {
                guard let scheme = contract.securitySchemes[entry.name] else { continue }
                if let problem = check(scheme, input: input) {
                    problems.append(problem)
                    satisfied = false
                    break
                }
                guard identifying, let profile else { continue }
                _ = profile
                let credential = Self.credential(scheme, input: input) ?? ""
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
    private func anyPrincipal(_ input: HTTPRequestInput) -> Principal? {
        guard let profile else { return nil }
        for scheme in contract.securitySchemes.values {
            guard profile.principals.isEmpty == false, check(scheme, input: input) == nil,
                let value = Self.credential(scheme, input: input),
                case .success(let principal) = holder(scheme: scheme.name, credential: value)
            else { continue }
            return principal
        }
        return nil
    }

    /// The credential a request carries for `scheme`: the API key, `user:password` for Basic, the token.
    static func credential(_ scheme: SecurityScheme, input: HTTPRequestInput) -> String? {
        switch scheme.kind {
        case .apiKey(let name, let location):
            switch location {
            case .header: return input.header(name)?.trimmingSpaces
            case .query: return input.query.first { $0.name == name }?.value
            case .cookie: return input.cookies[name]
            case .path: return input.pathParameters[name]
            }
        case .http(let name, _):
            guard let authorization = input.header("authorization")?.trimmingSpaces else { return nil }
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let token = String(parts[1]).trimmingSpaces
            if name == "basic" {
                return Data(base64Encoded: token).flatMap { String(data: $0, encoding: .utf8) }
            }
            return token
        case .oauth2, .openIdConnect:
            guard let authorization = input.header("authorization")?.trimmingSpaces,
                authorization.lowercased().hasPrefix("bearer ")
            else { return nil }
            return String(authorization.dropFirst(7)).trimmingSpaces
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
            requirement.schemes.compactMap { contract.securitySchemes[$0.name].flatMap(challenge) }
        }
        var seen = Set<String>()
        let unique = challenges.filter { seen.insert($0).inserted }
        let message = problems.count == 1 ? problems[0] : "no accepted credentials: " + problems.joined(separator: "; ")
        return SecurityFailure(message: message, challenge: unique.isEmpty ? nil : unique.joined(separator: ", "))
    }

    private func check(_ scheme: SecurityScheme, input: HTTPRequestInput) -> String? {
        let authorization = input.header("authorization")?.trimmingCharacters(in: .whitespaces)
        switch scheme.kind {
        case .apiKey(let name, let location):
            let value: String?
            switch location {
            case .header: value = input.header(name)
            case .query: value = input.query.first { $0.name == name }?.value
            case .cookie: value = input.cookies[name]
            case .path: value = input.pathParameters[name]
            }
            guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                return "missing API key '\(name)' in the \(location.rawValue)"
            }
            return nil
        case .http(let name, _):
            guard let authorization, !authorization.isEmpty else { return "missing Authorization header (\(name))" }
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == name else {
                return "the Authorization header does not use the \(name) scheme"
            }
            if name == "basic" {
                guard let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8),
                    text.contains(":")
                else { return "malformed Basic credentials: expected base64 of user:password" }
            }
            return nil
        case .oauth2, .openIdConnect:
            guard let authorization, authorization.lowercased().hasPrefix("bearer "),
                !authorization.dropFirst(7).trimmingCharacters(in: .whitespaces).isEmpty
            else { return "missing bearer token" }
            return nil
        case .unsupported:
            return nil
        }
    }

    private func challenge(_ scheme: SecurityScheme) -> String? {
        let realm = contract.title.isEmpty ? "api" : contract.title.replacingOccurrences(of: "\"", with: "'")
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
}
