/// Validates JSON instances against schemas in a ``SchemaRegistry``.
///
/// Supports JSON Schema draft 4, the OpenAPI 3.0 Schema Object, and JSON Schema 2020-12 (used by OpenAPI
/// 3.1), including `$dynamicRef` and `unevaluatedProperties`/`unevaluatedItems`. Every error names the
/// instance location and the schema location.
public struct JSONSchemaValidator: Sendable {
    public var registry: SchemaRegistry
    public var options: ValidationOptions

    public init(registry: SchemaRegistry, options: ValidationOptions = ValidationOptions()) {
        self.registry = registry
        self.options = options
    }

    /// Validates `instance` against the schema `reference` names (an absolute URI, with fragment).
    /// An unresolvable reference is reported as one error with keyword `$ref`.
    ///
    /// An instance the schema's compiled ``ValidityPlan`` accepts has no errors; any other is evaluated in
    /// full, so the errors reported are the evaluator's. A caller that validates against the same reference
    /// often passes `reference.hashValue` as `referenceHash`, kept from before.
    public func validate(
        _ instance: JSONValue, against reference: String, referenceHash: Int? = nil
    ) -> [ValidationError] {
        if let plan = registry.validityPlan(reference: reference, referenceHash: referenceHash, options: options),
            plan.accepts(instance)
        {
            return []
        }
        guard let target = registry.resolve(reference, base: reference) else {
            return [
                ValidationError(
                    instanceLocation: .root, keyword: "$ref", schemaDocument: reference, schemaLocation: .root,
                    message: "schema \(reference) cannot be resolved")
            ]
        }
        return evaluate(instance, target: target)
    }

    /// Validates like ``validate(_:against:)``, and says whether an instance found valid is valid as well
    /// when `format` only annotates, as far as this validator can tell without a second run: true when its
    /// compiled plan accepted the instance and reaches no `oneOf` or `not` (see
    /// ``ValidityPlan/passesWithoutFormat``); false when a second run without format assertion has to say.
    public func validateNotingFormat(
        _ instance: JSONValue, against reference: String, referenceHash: Int? = nil
    ) -> (errors: [ValidationError], passesWithoutFormat: Bool) {
        if let plan = registry.validityPlan(reference: reference, referenceHash: referenceHash, options: options),
            plan.accepts(instance)
        {
            return ([], plan.passesWithoutFormat || !options.formatAssertion)
        }
        return (validate(instance, against: reference, referenceHash: referenceHash), !options.formatAssertion)
    }

    /// Validates `instance` against a resolved schema.
    public func validate(_ instance: JSONValue, target: SchemaRegistry.Target) -> [ValidationError] {
        if let plan = registry.validityPlan(for: target, options: options), plan.accepts(instance) { return [] }
        return evaluate(instance, target: target)
    }

    /// Validates `instance` against a resolved schema with the general evaluator alone.
    func evaluate(_ instance: JSONValue, target: SchemaRegistry.Target) -> [ValidationError] {
        let evaluator = SchemaEvaluator(registry: registry, options: options)
        let outcome = evaluator.evaluate(
            target.schema, resource: target.resource, base: target.baseURI,
            schemaPath: PathChain.from(target.documentPointer), instance: instance, instancePath: nil)
        return Array(outcome.errors.prefix(options.maxErrors))
    }

    /// Validates `instance` against a standalone `schema`, registering it under `uri` first.
    public static func validate(
        _ instance: JSONValue, schema: JSONValue, dialect: SchemaDialect,
        uri: String = "urn:understudy:inline-schema", registry: SchemaRegistry = SchemaRegistry(),
        options: ValidationOptions = ValidationOptions()
    ) -> [ValidationError] {
        var registry = registry
        registry.register(schema, uri: uri, dialect: dialect)
        return JSONSchemaValidator(registry: registry, options: options).validate(instance, against: uri)
    }
}
