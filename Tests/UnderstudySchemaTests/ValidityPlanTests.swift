import Foundation
import Testing
import UnderstudyTestSupport

@testable import UnderstudySchema

/// The compiled validity plan answers exactly as the general evaluator wherever it exists, and does not exist
/// where it could not.
@Suite struct ValidityPlanTests {
    static let uri = "file:///api.yaml"

    /// An OpenAPI-style document: components referring to each other, direction rules, the 3.0 keywords.
    static let document: JSONValue = [
        "components": [
            "schemas": [
                "Identifier": ["type": "integer", "format": "int32", "readOnly": true],
                "Item": [
                    "type": "object", "required": ["id", "name", "password"], "additionalProperties": false,
                    "properties": [
                        "id": ["$ref": "#/components/schemas/Identifier"],
                        "name": ["type": "string", "minLength": 1, "maxLength": 8, "pattern": "^[a-z]+$"],
                        "password": ["type": "string", "writeOnly": true],
                        "note": ["type": "string", "nullable": true],
                        "price": ["type": "number", "minimum": 0, "exclusiveMinimum": true, "multipleOf": 0.5],
                        "tags": ["type": "array", "items": ["type": "string"], "uniqueItems": true, "maxItems": 3],
                        "created_at": ["type": "string", "format": "date-time"],
                        "kind": ["enum": ["a", "b"]],
                        "parent": ["$ref": "#/components/schemas/Item"],
                        "either": ["oneOf": [["type": "integer"], ["type": "number", "maximum": 1]]],
                        "secret": ["anyOf": [["type": "string", "writeOnly": true], ["type": "null"]]],
                        "plain": ["not": ["type": "boolean"]],
                        "both": ["allOf": [["minimum": 1], ["maximum": 3]]],
                    ],
                ],
            ]
        ]
    ]

    static let instances: [JSONValue] = [
        ["name": "ada", "password": "x"],
        ["id": 1, "name": "ada", "password": "x"],
        ["id": 1, "name": "ada"],
        ["id": "one", "name": "ada", "password": "x"],
        ["id": 3_000_000_000, "name": "ada"],
        ["id": 1, "name": "Ada"],
        ["id": 1, "name": ""],
        ["id": 1, "name": "abcdefghi"],
        ["id": 1, "name": "ada", "note": .null],
        ["id": 1, "name": "ada", "note": 4],
        ["id": 1, "name": "ada", "price": 0],
        ["id": 1, "name": "ada", "price": 2.5],
        ["id": 1, "name": "ada", "price": 2.25],
        ["id": 1, "name": "ada", "tags": ["a", "b"]],
        ["id": 1, "name": "ada", "tags": ["a", "a"]],
        ["id": 1, "name": "ada", "tags": ["a", "b", "c", "d"]],
        ["id": 1, "name": "ada", "created_at": "2026-12-02T10:00:00Z"],
        ["id": 1, "name": "ada", "created_at": "yesterday"],
        ["id": 1, "name": "ada", "kind": "a"],
        ["id": 1, "name": "ada", "kind": "c"],
        ["id": 1, "name": "ada", "extra": true],
        ["id": 1, "name": "ada", "parent": ["id": 2, "name": "bob"]],
        ["id": 1, "name": "ada", "parent": ["id": 2, "name": "Bob"]],
        ["id": 1, "name": "ada", "either": 5],
        ["id": 1, "name": "ada", "either": 0.5],
        ["id": 1, "name": "ada", "either": 0],
        ["id": 1, "name": "ada", "secret": "s"],
        ["id": 1, "name": "ada", "secret": .null],
        ["id": 1, "name": "ada", "plain": true],
        ["id": 1, "name": "ada", "plain": "x"],
        ["id": 1, "name": "ada", "both": 2],
        ["id": 1, "name": "ada", "both": 4],
        .null, "text", [1, 2],
    ]

    /// A plan compiled on its own (a fresh store: nothing shared with other tests).
    static func plan(
        _ target: SchemaRegistry.Target, _ registry: SchemaRegistry, _ options: ValidationOptions
    ) -> ValidityPlan? {
        ValidityPlanCompiler.plan(for: target, registry: registry, options: options, store: ValidityPlanStore())
    }

    func registry(_ dialect: SchemaDialect) -> SchemaRegistry {
        var registry = SchemaRegistry()
        registry.register(Self.document, uri: Self.uri, dialect: dialect)
        return registry
    }

    @Test(arguments: [SchemaDialect.openAPI30, .openAPI31])
    func agreesWithTheEvaluatorInEveryDirection(dialect: SchemaDialect) throws {
        let registry = registry(dialect)
        let reference = Self.uri + "#/components/schemas/Item"
        let target = try #require(registry.resolve(reference, base: reference))
        var accepted = 0
        for direction in [ValidationDirection.neutral, .request, .response] {
            let options = ValidationOptions(direction: direction)
            let plan = try #require(Self.plan(target, registry, options))
            let validator = JSONSchemaValidator(registry: registry, options: options)
            for instance in Self.instances {
                let errors = validator.evaluate(instance, target: target)
                #expect(
                    plan.accepts(instance) == errors.isEmpty,
                    "\(dialect) \(direction) \(JSONSerializer.serialize(instance)): \(errors.map(\.message))")
                if plan.accepts(instance) { accepted += 1 }
            }
        }
        // Both answers occur: the comparison above is not one-sided.
        #expect(accepted > 10 && accepted < Self.instances.count * 3 - 10)
    }

    @Test func directionRulesAreCompiledIn() throws {
        let registry = registry(.openAPI30)
        let reference = Self.uri + "#/components/schemas/Item"
        let target = try #require(registry.resolve(reference, base: reference))
        func plan(_ direction: ValidationDirection) throws -> ValidityPlan {
            try #require(
                Self.plan(target, registry, ValidationOptions(direction: direction)))
        }
        // A request need not (and may) send the read-only id, whatever its type; a response need not
        // carry the write-only password, and must not.
        #expect(try plan(.request).accepts(["name": "ada", "password": "x"]))
        #expect(try plan(.request).accepts(["id": "one", "name": "ada", "password": "x"]))
        #expect(try !plan(.neutral).accepts(["name": "ada", "password": "x"]))
        #expect(try plan(.response).accepts(["id": 1, "name": "ada"]))
        #expect(try !plan(.response).accepts(["id": 1, "name": "ada", "password": "x"]))
        #expect(try !plan(.response).accepts(["id": 1, "name": "ada", "secret": "s"]))
        #expect(try plan(.request).accepts(["name": "ada", "password": "x", "secret": "s"]))
    }

    @Test func schemasBeyondThePlanHaveNone() {
        let unsupported: [(SchemaDialect, JSONValue)] = [
            (.openAPI31, ["patternProperties": ["^x-": ["type": "string"]]]),
            (.openAPI31, ["if": ["type": "string"], "then": ["minLength": 1]]),
            (.openAPI31, ["unevaluatedProperties": false]),
            (.openAPI31, ["prefixItems": [["type": "string"]]]),
            (.openAPI31, ["contains": ["type": "string"]]),
            (.openAPI31, ["properties": ["a": ["$dynamicRef": "#meta"]]]),
            (.openAPI30, ["items": [["type": "string"]]]),
            (.openAPI30, ["pattern": "(unclosed"]),
            (
                .openAPI30,
                ["oneOf": [["type": "object"]], "discriminator": ["propertyName": "kind"]]
            ),
            (.openAPI31, ["allOf": [["$ref": "#/$defs/deep"]], "$defs": ["deep": ["dependentRequired": [:]]]]),
        ]
        for (dialect, schema) in unsupported {
            var registry = SchemaRegistry()
            registry.register(schema, uri: Self.uri, dialect: dialect)
            let target = registry.resolve(Self.uri, base: Self.uri)!
            #expect(
                Self.plan(target, registry, ValidationOptions()) == nil,
                "\(JSONSerializer.serialize(schema))")
        }
        // The evaluator still validates against them.
        let errors = JSONSchemaValidator.validate(
            ["x-a": 1], schema: ["patternProperties": ["^x-": ["type": "string"]]], dialect: .openAPI31)
        #expect(errors.map(\.message) == ["expected type \"string\" but found integer"])
    }

    @Test func aSchemaWithoutAPlanSpoilsNoSharedComponent() throws {
        let document: JSONValue = [
            "components": [
                "schemas": [
                    "Good": ["type": "object", "properties": ["name": ["type": "string"]]],
                    "Worse": ["patternProperties": ["^x-": ["type": "string"]]],
                    "Bad": [
                        "properties": [
                            "good": ["$ref": "#/components/schemas/Good"],
                            "worse": ["$ref": "#/components/schemas/Worse"],
                        ]
                    ],
                    // A cycle: Cyclic is finished while Bad2, which reaches Worse, is still open.
                    "Bad2": [
                        "properties": [
                            "cyclic": ["$ref": "#/components/schemas/Cyclic"],
                            "worse": ["$ref": "#/components/schemas/Worse"],
                        ]
                    ],
                    "Cyclic": ["properties": ["back": ["$ref": "#/components/schemas/Bad2"]]],
                ]
            ]
        ]
        var registry = SchemaRegistry()
        registry.register(document, uri: Self.uri, dialect: .openAPI31)
        let store = ValidityPlanStore()
        func plan(_ name: String) throws -> ValidityPlan? {
            let reference = Self.uri + "#/components/schemas/" + name
            let target = try #require(registry.resolve(reference, base: reference))
            return ValidityPlanCompiler.plan(
                for: target, registry: registry, options: ValidationOptions(), store: store)
        }
        #expect(try plan("Bad") == nil)
        let good = try #require(try plan("Good"))
        #expect(good.accepts(["name": "x"]))
        #expect(!good.accepts(["name": 1]))
        #expect(try plan("Bad2") == nil)
        #expect(try plan("Cyclic") == nil)
        let validator = JSONSchemaValidator(registry: registry)
        let errors = validator.validate(
            ["back": ["worse": ["x-a": 1]]], against: Self.uri + "#/components/schemas/Cyclic")
        #expect(errors.map(\.message) == ["expected type \"string\" but found integer"])
    }

    @Test func aLongReferenceChainHasNoPlanAndStillValidates() throws {
        // A thousand components, each a reference to the next: compiling must not exhaust the stack.
        var schemas = JSONObject()
        for index in 0..<1000 { schemas.set("S\(index)", ["$ref": .string("#/components/schemas/S\(index + 1)")]) }
        schemas.set("S1000", ["type": "string"])
        var registry = SchemaRegistry()
        registry.register(["components": ["schemas": .object(schemas)]], uri: Self.uri, dialect: .openAPI30)
        let reference = Self.uri + "#/components/schemas/S0"
        let target = try #require(registry.resolve(reference, base: reference))
        #expect(Self.plan(target, registry, ValidationOptions()) == nil)
        let errors = JSONSchemaValidator(registry: registry).validate("text", against: reference)
        #expect(errors.map(\.message) == ["schema nesting deeper than 400 levels (reference cycle?)"])
        // The tail of the chain is short enough for a plan.
        let near = Self.uri + "#/components/schemas/S900"
        let nearTarget = try #require(registry.resolve(near, base: near))
        let plan = try #require(Self.plan(nearTarget, registry, ValidationOptions()))
        #expect(plan.accepts("text"))
        #expect(!plan.accepts(1))
    }

    @Test func aPlanThatRunsTooDeepGivesTheQuestionToTheEvaluator() throws {
        // A reference cycle under `not` that never descends into the instance: a local "no" at the depth
        // limit would turn into "yes" one level up. The plan gives up as a whole instead.
        let cycle: JSONValue = ["$defs": ["a": ["not": ["$ref": "#/$defs/a"]]], "$ref": "#/$defs/a"]
        var registry = SchemaRegistry()
        registry.register(cycle, uri: Self.uri, dialect: .draft2020_12)
        let target = try #require(registry.resolve(Self.uri, base: Self.uri))
        let plan = try #require(Self.plan(target, registry, ValidationOptions()))
        #expect(!plan.accepts(1))
        let validator = JSONSchemaValidator(registry: registry)
        #expect(validator.validate(1, target: target) == validator.evaluate(1, target: target))

        // A recursive schema and an instance nested deeper than the evaluator goes.
        let tree: JSONValue = ["type": "object", "properties": ["child": ["$ref": "#"]]]
        var deep: JSONValue = [:]
        for _ in 0..<450 { deep = ["child": deep] }
        var treeRegistry = SchemaRegistry()
        treeRegistry.register(tree, uri: Self.uri, dialect: .draft2020_12)
        let treeTarget = try #require(treeRegistry.resolve(Self.uri, base: Self.uri))
        let treePlan = try #require(
            Self.plan(treeTarget, treeRegistry, ValidationOptions()))
        #expect(!treePlan.accepts(deep))
        #expect(treePlan.accepts(["child": ["child": [:]]]))
        let errors = JSONSchemaValidator(registry: treeRegistry).validate(deep, target: treeTarget)
        #expect(errors.first?.message.hasPrefix("schema nesting deeper than") == true)
    }

    /// Every case of the official suite (draft 4 and 2020-12, required and optional) whose schema has a plan:
    /// the plan's answer is the evaluator's.
    @Test(.needsCorpus, arguments: [("draft4", SchemaDialect.draft4), ("draft2020-12", SchemaDialect.draft2020_12)])
    func agreesWithTheEvaluatorOnTheOfficialSuite(draft: String, dialect: SchemaDialect) throws {
        var covered = 0
        var total = 0
        var disagreements: [String] = []
        for group in try JSONSchemaTestSuiteTests.groups(draft: draft, dialect: dialect, optional: nil) {
            let validator = JSONSchemaValidator(registry: group.registry, options: group.options)
            guard let target = group.registry.resolve(group.uri, base: group.uri) else { continue }
            let plan = Self.plan(target, group.registry, group.options)
            for test in group.tests {
                guard let data = test["data"] else { continue }
                total += 1
                guard let plan else { continue }
                covered += 1
                let valid = validator.evaluate(data, target: target).isEmpty
                if plan.accepts(data) != valid {
                    disagreements.append(
                        "\(group.name) | \(test["description"]?.stringValue ?? "") (evaluator: \(valid))")
                }
            }
        }
        print("validity plans cover \(covered) of \(total) \(draft) suite cases")
        for disagreement in disagreements { print("  DISAGREE \(disagreement)") }
        #expect(disagreements.isEmpty)
        // Most of the suite's schemas use keywords a plan covers (measured 2026-12-02).
        #expect(covered * 2 > total)
    }
    /// A plan says its "passes" holds without format assertion unless it reaches a `oneOf` or a `not`
    /// (through `$ref`s, members, items and combinators, recursive schemas included); the validator then
    /// skips the second run only where that is safe, and a `oneOf` that a format decides is still caught.
    @Test func aPassWithoutOneOfOrNotHoldsWithoutFormat() throws {
        let schemas: JSONValue = [
            "Plain": [
                "type": "object",
                "properties": [
                    "email": ["type": "string", "format": "email"], "next": ["$ref": "#/Plain"],
                    "tags": ["type": "array", "items": ["anyOf": [["type": "string"], ["type": "integer"]]]],
                ],
            ],
            "DeepOneOf": ["type": "object", "properties": ["a": ["items": ["$ref": "#/Either"]]]],
            "Either": ["oneOf": [["type": "string", "format": "email"], ["type": "string"]]],
            "Negated": ["allOf": [["not": ["type": "string", "format": "date"]]]],
        ]
        var registry = SchemaRegistry()
        registry.register(schemas, uri: "file:///s.json", dialect: .openAPI30)
        let validator = JSONSchemaValidator(registry: registry, options: ValidationOptions())
        func verdict(_ name: String, _ instance: JSONValue) -> (Bool, Bool) {
            let (errors, holds) = validator.validateNotingFormat(instance, against: "file:///s.json#/\(name)")
            return (errors.isEmpty, holds)
        }
        #expect(verdict("Plain", ["email": "a@b.co", "next": ["tags": ["x", 1]]]) == (true, true))
        #expect(verdict("Plain", ["email": "nope"]) == (false, false))
        #expect(verdict("DeepOneOf", ["a": ["x"]]) == (true, false))
        #expect(verdict("Either", "x") == (true, false))
        #expect(verdict("Negated", "x") == (true, false))
        // "x" passes `Either` only because the email branch asserts its format: without assertion both
        // branches pass and the `oneOf` fails, so the second run is made and says no.
        let annotating = JSONSchemaValidator(
            registry: registry, options: ValidationOptions(formatAssertion: false))
        #expect(!annotating.validate("x", against: "file:///s.json#/Either").isEmpty)
    }
}
