/// A named check `understudy lint` runs on an OpenAPI document. Each has a stable name (used in output, in
/// `.understudy-lint.yaml` and in `--rule NAME=off`), a default severity, and a one-line summary.
public enum LintRule: String, Sendable, Hashable, CaseIterable {
    /// The document against the official JSON Schema of its OpenAPI version.
    case officialSchema = "oas-schema"
    /// A schema's `default` fits that schema.
    case defaultValid = "default-valid"
    /// Every example (schema `example`/`examples`, parameter, header and media-type `example`/`examples`)
    /// fits its schema.
    case exampleValid = "example-valid"
    /// An `enum` lists each value once.
    case enumUnique = "enum-unique"
    /// No two operations share an operationId.
    case operationIdUnique = "operation-id-unique"
    /// Every `{name}` of a path template is declared as a path parameter, and every declared path parameter
    /// is in the template.
    case pathParameters = "path-parameters"
    /// An operation or path item declares a parameter (name and location) once.
    case parameterUnique = "parameter-unique"
    /// Security requirements name declared schemes, and OAuth2 scopes those schemes declare.
    case securityDefined = "security-defined"
    /// `required` names properties the schema declares.
    case requiredDeclared = "required-declared"
    /// A discriminator's mapping values resolve to schemas.
    case discriminatorMapping = "discriminator-mapping"
    /// Response keys are status codes (100–599), ranges (1XX–5XX) or `default`.
    case responseCodes = "response-codes"
    /// A server variable's default is one of its enum values.
    case serverVariableDefault = "server-variable-default"
    /// An Arazzo document against the published Arazzo 1.0 schema.
    case arazzoSchema = "arazzo-schema"
    /// Tag names are unique.
    case tagsUnique = "tags-unique"
    /// OpenAPI 3.2: a tag's `parent` is a declared tag, and parents do not form a circle.
    case tagParent = "tag-parent"
    /// A plain `yes`/`no`/`on`/`off`, a string in YAML 1.2 and a boolean to YAML 1.1 readers.
    case yamlBoolean = "yaml-boolean"

    /// How serious a finding of this rule is unless configured otherwise.
    public var defaultSeverity: Diagnostic.Severity {
        switch self {
        case .officialSchema, .defaultValid, .exampleValid, .enumUnique, .operationIdUnique, .pathParameters,
            .parameterUnique, .securityDefined, .discriminatorMapping, .responseCodes, .serverVariableDefault,
            .tagsUnique, .tagParent, .arazzoSchema:
            return .error
        case .requiredDeclared, .yamlBoolean:
            return .warning
        }
    }

    /// What the rule checks, in one line (for `lint --list-rules`).
    public var summary: String {
        switch self {
        case .officialSchema: return "the document fits the official JSON Schema of its OpenAPI version"
        case .defaultValid: return "a schema's default fits the schema"
        case .exampleValid: return "every example fits its schema (schemas, parameters, headers, media types)"
        case .enumUnique: return "an enum lists each value once"
        case .operationIdUnique: return "operationIds are unique"
        case .pathParameters: return "path template parameters and declared path parameters agree"
        case .parameterUnique: return "a parameter (name and location) is declared once per operation"
        case .securityDefined: return "security requirements name declared schemes and scopes"
        case .requiredDeclared: return "'required' names properties the schema declares"
        case .discriminatorMapping: return "discriminator mappings resolve to schemas"
        case .responseCodes: return "response keys are status codes, 1XX-5XX ranges or 'default'"
        case .serverVariableDefault: return "a server variable's default is in its enum"
        case .arazzoSchema: return "an Arazzo document fits the published Arazzo 1.0 schema"
        case .tagsUnique: return "tag names are unique"
        case .tagParent: return "a tag's parent is a declared tag, and parents form no circle (3.2)"
        case .yamlBoolean: return "no plain yes/no/on/off, which YAML 1.1 readers take for booleans"
        }
    }
}
