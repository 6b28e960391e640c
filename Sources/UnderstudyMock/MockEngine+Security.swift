import Foundation
import UnderstudyContract

extension MockEngine {
    /// Why credentials were refused, and the challenge to send back.
    struct SecurityFailure {
        var message: String
        var challenge: String?
    }

    /// Checks the operation's security alternatives. Without a profile any well-formed credential is
    /// accepted: an API key that is present and not empty, Basic credentials that decode to `user:password`,
    /// a non-empty bearer token (also for OAuth 2 and OpenID Connect).
    func checkSecurity(_ operation: ContractOperation, input: HTTPRequestInput) -> SecurityFailure? {
        guard !operation.security.isEmpty else { return nil }
        var problems: [String] = []
        for requirement in operation.security {
            var satisfied = true
            for entry in requirement.schemes {
                guard let scheme = contract.securitySchemes[entry.name] else { continue }
                if let problem = check(scheme, input: input) {
                    problems.append(problem)
                    satisfied = false
                    break
                }
            }
            if satisfied { return nil }
        }
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
