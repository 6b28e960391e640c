import UnderstudySchema

/// The OpenAPI version a document declares.
public enum SpecVersion: Sendable, Hashable, CustomStringConvertible {
    /// Swagger 2.0 (converted to the 3.0 shape on load).
    case swagger2
    /// OpenAPI 3.0.x, with its patch version.
    case openAPI30(String)
    /// OpenAPI 3.1.x, with its patch version.
    case openAPI31(String)
    /// OpenAPI 3.2.x, with its patch version.
    case openAPI32(String)

    public var description: String {
        switch self {
        case .swagger2: return "2.0"
        case .openAPI30(let version), .openAPI31(let version), .openAPI32(let version): return version
        }
    }

    /// The major and minor version, as the official schemas are named: `2.0`, `3.0`, `3.1` or `3.2`.
    public var family: String {
        switch self {
        case .swagger2: return "2.0"
        case .openAPI30: return "3.0"
        case .openAPI31: return "3.1"
        case .openAPI32: return "3.2"
        }
    }

    /// Whether Schema Objects are full JSON Schema 2020-12 (3.1 and later) rather than the 3.0 subset.
    public var hasFullJSONSchema: Bool {
        switch self {
        case .swagger2, .openAPI30: return false
        case .openAPI31, .openAPI32: return true
        }
    }
}

extension SpecVersion {
    /// The version a document's root declares (`swagger: "2.0"`, `openapi: 3.x.y`), or nil when it declares
    /// none Understudy reads. The loader says why in a diagnostic; this is for a caller that needs the version
    /// before loading.
    public init?(declaredBy root: JSONValue) {
        if let swagger = root["swagger"] {
            guard ContractLoader.scalarText(swagger) == "2.0" else { return nil }
            self = .swagger2
            return
        }
        guard let text = root["openapi"].flatMap(ContractLoader.scalarText) else { return nil }
        self.init(openAPI: text)
    }

    /// The 3.x version an `openapi:` field's text names (`3.1.0`), or nil for any other.
    public init?(openAPI text: String) {
        let parts = text.split(separator: ".")
        guard parts.count >= 2, parts[0] == "3" else { return nil }
        switch parts[1] {
        case "0": self = .openAPI30(text)
        case "1": self = .openAPI31(text)
        case "2": self = .openAPI32(text)
        default: return nil
        }
    }
}
