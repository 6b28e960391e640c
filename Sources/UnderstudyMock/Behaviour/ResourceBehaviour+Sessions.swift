import Foundation
import UnderstudyContract
import UnderstudySchema

extension ResourceBehaviour {
    /// A login operation: the user and password its templates read must be a principal's; the answer
    /// carries a new credential for the rule's scheme (a token, a JWT or a session cookie).
    func login(_ exchange: Exchange, _ rule: SessionRule) -> MockResponse {
        let variables = templateVariables(exchange, item: nil)
        let username = (try? rule.username.render(variables)).flatMap(Self.text) ?? ""
        let password = (try? rule.password.render(variables)).flatMap(Self.text) ?? ""
        guard !username.isEmpty, let principal = profile?.principal(username: username, password: password) else {
            return renderer.errorResponse(
                401, username.isEmpty ? "no user name given" : "unknown user or wrong password",
                operation: exchange.operation, issues: [])
        }
        let now = clock.now()
        let expires = now.addingTimeInterval(rule.lifetime)
        let token: String
        switch rule.issues {
        case .jwt: token = jsonWebToken(principal, issued: now, expires: expires)
        case .token, .cookie: token = "tok_" + templateRandom.withLock { $0.token(32) }
        }
        sessions.issue(
            token,
            .init(principal: principal.name, scheme: rule.scheme, expires: expires, session: exchange.session),
            now: now)
        let reply = Self.successResponse(of: exchange.operation, preferring: [200, 201])
        var data: JSONValue? = nil
        if let schema = Self.jsonSchema(reply) {
            var object = generator.generate(schemaAt: schema.uri, salt: "login").objectValue ?? JSONObject()
            let names = schema.properties(in: contract.schemas).map(\.name)
            for name in names {
                let lower = name.lowercased()
                if lower.hasSuffix("token") && !lower.contains("refresh")
                    || ["jwt", "session", "sessionid", "key"].contains(lower)
                {
                    object.set(name, .string(token))
                } else if lower == "expires_in" || lower == "expiresin" {
                    object.set(name, .int(Int(rule.lifetime)))
                } else if lower.hasPrefix("expire") {
                    object.set(name, .string(DateText.format(expires)))
                } else if lower == "token_type" || lower == "tokentype" {
                    object.set(name, "Bearer")
                }
            }
            if names.isEmpty { object.set("token", .string(token)) }
            data = .object(object)
        }
        var response = success(exchange, codes: [200, 201], data: data)
        if rule.issues == .cookie, case .apiKey(let name, .cookie)? = contract.securitySchemes[rule.scheme]?.kind {
            response.headers.append(
                ("Set-Cookie", "\(name)=\(token); Path=/; HttpOnly; Max-Age=\(Int(rule.lifetime))"))
        } else if data == nil {
            response.setHeader("Content-Type", "application/json")
            response.body = JSONSerializer.data([
                "token": .string(token), "expires_at": .string(DateText.format(expires)),
            ])
        }
        return response
    }

    /// A JWT (HS256-shaped; the mock does not sign with a secret anyone holds) naming the principal.
    private func jsonWebToken(_ principal: Principal, issued: Date, expires: Date) -> String {
        func encode(_ value: JSONValue) -> String {
            Data(JSONSerializer.data(value)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let header = encode(["alg": "HS256", "typ": "JWT"])
        let claims = encode([
            "sub": .string(principal.name), "iat": .int(Int(issued.timeIntervalSince1970)),
            "exp": .int(Int(expires.timeIntervalSince1970)),
            "jti": .string(templateRandom.withLock { $0.uuid() }),
        ])
        let signature = encode(.string(templateRandom.withLock { $0.token(32) }))
        return "\(header).\(claims).\(signature)"
    }
}
