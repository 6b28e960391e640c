/// The OpenAPI version a document declares.
public enum SpecVersion: Sendable, Hashable, CustomStringConvertible {
    /// Swagger 2.0 (converted to the 3.0 shape on load).
    case swagger2
    /// OpenAPI 3.0.x, with its patch version.
    case openAPI30(String)
    /// OpenAPI 3.1.x, with its patch version.
    case openAPI31(String)

    public var description: String {
        switch self {
        case .swagger2: return "2.0"
        case .openAPI30(let version), .openAPI31(let version): return version
        }
    }
}
