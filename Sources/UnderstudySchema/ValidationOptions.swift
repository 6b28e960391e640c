/// How a ``JSONSchemaValidator`` evaluates instances.
public struct ValidationOptions: Sendable, Hashable {
    /// Whether `format` asserts (fails invalid strings) or only annotates.
    public var formatAssertion: Bool
    /// Direction for `readOnly`/`writeOnly` handling in OpenAPI dialects.
    public var direction: ValidationDirection
    /// Evaluation stops descending past this many nested schema applications.
    public var maxDepth: Int
    /// At most this many errors are reported for one instance.
    public var maxErrors: Int
    /// An `anyOf`/`oneOf` that matches nothing keeps at most this many errors of each alternative as its
    /// causes (12 in all unless more are asked for here).
    public var causesPerAlternative: Int = 3

    public init(
        formatAssertion: Bool = true, direction: ValidationDirection = .neutral, maxDepth: Int = 400,
        maxErrors: Int = 100
    ) {
        self.formatAssertion = formatAssertion
        self.direction = direction
        self.maxDepth = maxDepth
        self.maxErrors = maxErrors
    }
}
