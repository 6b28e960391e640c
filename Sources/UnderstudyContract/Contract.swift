import UnderstudySchema

/// A loaded OpenAPI contract: its documents, operations, security schemes and servers, normalised to the
/// OpenAPI 3 shape whatever version it was written in.
public struct Contract: Sendable {
    /// The root document's URI.
    public var uri: String
    /// The root document's path as the user gave it.
    public var displayPath: String
    /// The version the document declares.
    public var version: SpecVersion
    /// The schema dialect of its Schema Objects.
    public var dialect: SchemaDialect
    /// `info.title` and `info.version`.
    public var title: String
    public var apiVersion: String
    public var servers: [Server]
    /// Every operation, in document order.
    public var operations: [ContractOperation]
    /// Security schemes by name.
    public var securitySchemes: [String: SecurityScheme]
    /// Every file of the contract by URI (the root first reached by `$ref` from it).
    public var documents: [String: SourceDocument]
    /// Warnings found while loading (a contract with errors is never built).
    public var diagnostics: [Diagnostic]
    /// Every document registered for schema validation.
    public var schemas: SchemaRegistry

    /// The root document's value (normalised).
    public var root: JSONValue { documents[uri]?.value ?? .null }

    /// The operation with `operationId`.
    public func operation(id: String) -> ContractOperation? { operations.first { $0.operationId == id } }

    /// The operation for `method` and path template `path`.
    public func operation(method: String, path: String) -> ContractOperation? {
        let upper = method.uppercased()
        return operations.first { $0.method == upper && $0.path == path }
    }

    /// A validator over this contract's schemas.
    public func validator(
        direction: ValidationDirection = .neutral, formatAssertion: Bool = true
    ) -> JSONSchemaValidator {
        JSONSchemaValidator(
            registry: schemas, options: ValidationOptions(formatAssertion: formatAssertion, direction: direction))
    }

    /// Validates `instance` against a schema of this contract.
    public func validate(
        _ instance: JSONValue, against schema: SchemaHandle, direction: ValidationDirection = .neutral
    ) -> [ValidationError] {
        validator(direction: direction).validate(instance, against: schema.uri, referenceHash: schema.uriHash)
    }

    /// Whether `instance` fits a schema both when `format` asserts and when it only annotates, as many
    /// checkers treat it: the two differ only where a `oneOf` or `not` relies on a format to tell values apart.
    /// The second run (format only annotating) is skipped where the first one's plan says its verdict
    /// holds without formats (no `oneOf` or `not` reached).
    public func conforms(
        _ instance: JSONValue, to schema: SchemaHandle, direction: ValidationDirection = .neutral
    ) -> Bool {
        let (errors, passesWithoutFormat) = validator(direction: direction).validateNotingFormat(
            instance, against: schema.uri, referenceHash: schema.uriHash)
        guard errors.isEmpty else { return false }
        return passesWithoutFormat
            || validator(direction: direction, formatAssertion: false).validate(
                instance, against: schema.uri, referenceHash: schema.uriHash
            ).isEmpty
    }

    /// The file and line of a position in one of the contract's documents.
    public func sourcePosition(documentURI: String, pointer: JSONPointer) -> (file: String, location: SourceLocation) {
        guard let document = documents[documentURI] else { return (documentURI, .unknown) }
        return (document.displayPath, document.value.location(at: pointer))
    }

    /// `file:line:column` for a position, as used in messages.
    public func describePosition(documentURI: String, pointer: JSONPointer) -> String {
        let position = sourcePosition(documentURI: documentURI, pointer: pointer)
        return position.location.isKnown ? "\(position.file):\(position.location)" : position.file
    }

    /// Follows `$ref`s from `value` (found in `documentURI` at `pointer`) to a non-reference value.
    public func dereference(
        _ value: JSONValue, documentURI: String, pointer: JSONPointer
    ) -> (
        value: JSONValue, documentURI: String, pointer: JSONPointer
    )? {
        ReferenceResolver(documents: documents).dereference(value, documentURI: documentURI, pointer: pointer)
    }
}
