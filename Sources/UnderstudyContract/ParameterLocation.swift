/// Where a parameter travels.
public enum ParameterLocation: String, Sendable, Hashable, CaseIterable {
    case path, query, header, cookie
    /// OpenAPI 3.2: the whole query string as one value, read through the parameter's one media type.
    case querystring
}
