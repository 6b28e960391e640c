import UnderstudySchema

/// A named way to authenticate; its values may be templates.
public enum Credential: Sendable {
    case basic(username: JSONValue, password: JSONValue)
    case bearer(JSONValue)
    /// An API key in a header, query parameter or cookie.
    case apiKey(name: String, location: String, value: JSONValue)
    /// Arbitrary headers.
    case headers(JSONObject)
}
