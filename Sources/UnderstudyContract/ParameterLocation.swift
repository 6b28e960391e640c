/// Where a parameter travels.
public enum ParameterLocation: String, Sendable, Hashable, CaseIterable {
    case path, query, header, cookie
}
