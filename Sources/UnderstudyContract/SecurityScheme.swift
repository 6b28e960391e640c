import UnderstudySchema

/// A security scheme from `components.securitySchemes` (or a converted 2.0 `securityDefinitions`).
public struct SecurityScheme: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An API key in a header, query parameter or cookie.
        case apiKey(name: String, location: ParameterLocation)
        /// HTTP authentication: `basic`, `bearer`, or another scheme name.
        case http(scheme: String, bearerFormat: String?)
        /// OAuth 2 (accepted as a bearer token).
        case oauth2(scopes: [String])
        /// OpenID Connect (accepted as a bearer token).
        case openIdConnect(url: String?)
        /// Mutual TLS, or a type we do not know; never satisfiable over plain HTTP.
        case unsupported(type: String)
    }

    public var name: String
    public var kind: Kind
    public var description: String?

    public init(name: String, kind: Kind, description: String? = nil) {
        self.name = name
        self.kind = kind
        self.description = description
    }
}
