import Testing

@testable import UnderstudySchema

/// ``ValueGenerator/fixedMembers(schemaAt:)``: the members every generated value of a plain object schema
/// has, whatever the salt, and nil where they depend on the draw.
@Suite struct FixedMembersTests {
    static let document: JSONValue = [
        "components": [
            "schemas": [
                "Item": [
                    "type": "object", "required": ["name"],
                    "properties": [
                        "id": ["type": "integer", "readOnly": true], "name": ["type": "string"],
                        "secret": ["type": "string", "writeOnly": true], "price": ["type": "number"],
                        "never": false, "created_at": ["type": "string", "format": "date-time"],
                    ],
                ],
                "Alias": ["$ref": "#/components/schemas/Item"],
                "Described": ["$ref": "#/components/schemas/Item", "description": "an item"],
                "Exampled": [
                    "type": "object", "properties": ["a": ["type": "string"]], "example": ["a": "x"],
                ],
                "Choice": ["oneOf": [["$ref": "#/components/schemas/Item"], ["type": "string"]]],
                "Colour": ["type": "string", "enum": ["red", "blue"]],
                "Loose": ["type": "object", "required": ["undescribed"], "properties": ["a": ["type": "string"]]],
                "Crowded": ["type": "object", "minProperties": 3, "properties": ["a": ["type": "string"]]],
            ]
        ]
    ]

    static func generator(_ direction: ValidationDirection = .response) -> ValueGenerator {
        var registry = SchemaRegistry()
        registry.register(document, uri: "file:///api.json", dialect: .openAPI30)
        return ValueGenerator(registry: registry, seed: 7, direction: direction)
    }

    static func uri(_ name: String) -> String { "file:///api.json#/components/schemas/\(name)" }

    @Test func aPlainObjectListsWhatEveryResponseValueHasInSchemaOrder() {
        let members = ["id", "name", "price", "created_at"]
        #expect(Self.generator().fixedMembers(schemaAt: Self.uri("Item")) == members)
        // Through a reference, and one whose sibling is only an annotation.
        #expect(Self.generator().fixedMembers(schemaAt: Self.uri("Alias")) == members)
        #expect(Self.generator().fixedMembers(schemaAt: Self.uri("Described")) == members)
        // Requests leave read-only members out and keep write-only ones.
        #expect(
            Self.generator(.request).fixedMembers(schemaAt: Self.uri("Item")) == [
                "name", "secret", "price", "created_at",
            ])
    }

    @Test func theListedMembersAreExactlyThoseGenerated() throws {
        let generator = Self.generator()
        let members = try #require(generator.fixedMembers(schemaAt: Self.uri("Item")))
        for salt in ["a", "b", "item /items 1", "item /items 2", "zzz"] {
            let value = generator.generate(schemaAt: Self.uri("Item"), salt: salt)
            #expect(value.objectValue?.keys == members, "salt \(salt)")
        }
    }

    @Test func membersThatDependOnTheDrawAreNotFixed() {
        let generator = Self.generator()
        for name in ["Exampled", "Choice", "Colour", "Loose", "Crowded", "Missing"] {
            #expect(generator.fixedMembers(schemaAt: Self.uri(name)) == nil, "\(name)")
        }
    }
}
