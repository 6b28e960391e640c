import UnderstudySchema

/// A request's parameters and body decoded to JSON values by their schemas.
public struct ValidatedRequest: Sendable {
    /// Decoded values by location and parameter name (only parameters that were sent).
    public var parameters: [ParameterLocation: [String: JSONValue]] = [:]
    /// The decoded body: JSON as is, forms and multipart as objects, other media as a string.
    public var body: JSONValue?
    /// The media type the body was read as.
    public var bodyMediaType: MediaType?

    public init() {}

    /// The decoded value of a parameter.
    public func parameter(_ name: String, in location: ParameterLocation) -> JSONValue? {
        parameters[location]?[name]
    }
}
