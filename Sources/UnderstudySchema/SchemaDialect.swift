/// The JSON Schema dialect a schema is written in.
public enum SchemaDialect: String, Sendable, Hashable, CaseIterable {
    /// JSON Schema draft 4.
    case draft4
    /// The OpenAPI 3.0 Schema Object: draft 4 based, plus `nullable`, `discriminator`, `readOnly`/`writeOnly`,
    /// and no `id`.
    case openAPI30
    /// JSON Schema 2020-12.
    case draft2020_12
    /// OpenAPI 3.1: JSON Schema 2020-12 plus the OpenAPI vocabulary (`discriminator`).
    case openAPI31

    /// Whether `$ref` replaces its siblings and `exclusiveMinimum` is a boolean (draft 4 rules).
    public var isDraft4Family: Bool { self == .draft4 || self == .openAPI30 }

    /// Whether `discriminator` and request/response direction rules apply.
    public var hasOpenAPIKeywords: Bool { self == .openAPI30 || self == .openAPI31 }

    /// The keyword that declares a schema's identifier, if the dialect has one.
    var identifierKeyword: String? {
        switch self {
        case .draft4: return "id"
        case .openAPI30: return nil
        case .draft2020_12, .openAPI31: return "$id"
        }
    }

    /// The dialect a `$schema` URI names, if it is one we know.
    public static func named(by uri: String) -> SchemaDialect? {
        let trimmed = uri.hasSuffix("#") ? String(uri.dropLast()) : uri
        switch trimmed {
        case "http://json-schema.org/draft-04/schema", "http://json-schema.org/schema": return .draft4
        case "https://json-schema.org/draft/2020-12/schema": return .draft2020_12
        case "https://spec.openapis.org/oas/3.1/dialect/base": return .openAPI31
        default: return nil
        }
    }
}
