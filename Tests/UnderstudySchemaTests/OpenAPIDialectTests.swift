import Testing
import UnderstudySchema

/// The OpenAPI 3.0 Schema Object rules on top of draft 4, and the error locations every error carries.
@Suite struct OpenAPIDialectTests {
    func errors(
        _ instance: JSONValue, _ schema: JSONValue, dialect: SchemaDialect = .openAPI30,
        direction: ValidationDirection = .neutral
    ) -> [ValidationError] {
        JSONSchemaValidator.validate(
            instance, schema: schema, dialect: dialect, uri: "file:///api.yaml",
            options: ValidationOptions(direction: direction))
    }

    @Test func nullableAllowsNull() {
        #expect(errors(.null, ["type": "string", "nullable": true]).isEmpty)
        #expect(errors(.null, ["type": "string"]).map(\.message) == ["expected type \"string\" but found null"])
        // 3.1 has no nullable keyword.
        #expect(!errors(.null, ["type": "string", "nullable": true], dialect: .openAPI31).isEmpty)
    }

    @Test func exclusiveMinimumIsBooleanIn30AndNumericIn31() {
        #expect(!errors(5, ["minimum": 5, "exclusiveMinimum": true]).isEmpty)
        #expect(errors(6, ["minimum": 5, "exclusiveMinimum": true]).isEmpty)
        #expect(!errors(5, ["exclusiveMinimum": 5], dialect: .openAPI31).isEmpty)
    }

    @Test func readOnlyIsNotRequiredInRequestsAndWriteOnlyNeverInResponses() {
        let schema: JSONValue = [
            "type": "object", "required": ["id", "password"],
            "properties": [
                "id": ["type": "string", "readOnly": true], "password": ["type": "string", "writeOnly": true],
            ],
        ]
        #expect(errors(["password": "x"], schema, direction: .request).isEmpty)
        #expect(errors(["id": "1"], schema, direction: .response).isEmpty)
        let leaked = errors(["id": "1", "password": "x"], schema, direction: .response)
        #expect(leaked.map(\.message) == ["property \"password\" is writeOnly and must not appear in a response"])
        #expect(leaked.first?.instancePath == "#/password")
        #expect(errors(["password": "x"], schema).map(\.message) == ["missing required property \"id\""])
    }

    @Test func writeOnlyAlternativesAreUnavailableInResponses() {
        // Found by Schemathesis (Prefect's APISettings.auth_string).
        let schema: JSONValue = ["anyOf": [["type": "string", "writeOnly": true], ["type": "null"]]]
        #expect(!errors("secret", schema, dialect: .openAPI31, direction: .response).isEmpty)
        #expect(errors(.null, schema, dialect: .openAPI31, direction: .response).isEmpty)
        #expect(errors("secret", schema, dialect: .openAPI31, direction: .request).isEmpty)
        var registry = SchemaRegistry()
        registry.register(["properties": ["auth": schema]], uri: "file:///s.json", dialect: .openAPI31)
        let generated = ValueGenerator(registry: registry, direction: .response).generate(schemaAt: "file:///s.json")
        // Optional and writeOnly in an alternative: left out of responses altogether.
        #expect(generated.objectValue?.contains("auth") == false)
    }

    @Test func discriminatorSelectsTheNamedSchema() {
        let document: JSONValue = [
            "components": [
                "schemas": [
                    "Pet": [
                        "oneOf": [["$ref": "#/components/schemas/Cat"], ["$ref": "#/components/schemas/Dog"]],
                        "discriminator": ["propertyName": "kind", "mapping": ["dog": "#/components/schemas/Dog"]],
                    ],
                    "Cat": [
                        "type": "object", "required": ["kind", "lives"], "properties": ["lives": ["type": "integer"]],
                    ],
                    "Dog": [
                        "type": "object", "required": ["kind", "bark"], "properties": ["bark": ["type": "boolean"]],
                    ],
                ]
            ]
        ]
        var registry = SchemaRegistry()
        registry.register(document, uri: "file:///api.yaml", dialect: .openAPI30)
        let validator = JSONSchemaValidator(registry: registry)
        let pet = "file:///api.yaml#/components/schemas/Pet"
        #expect(validator.validate(["kind": "Cat", "lives": 9], against: pet).isEmpty)
        #expect(validator.validate(["kind": "dog", "bark": true], against: pet).isEmpty)
        let wrong = validator.validate(["kind": "dog", "lives": 9], against: pet)
        #expect(wrong.map(\.message) == ["missing required property \"bark\""])
        #expect(wrong.first?.schemaURI == "file:///api.yaml#/components/schemas/Dog/required")
        // A value naming no subtype: plain oneOf decides (it fits Cat alone, or nothing).
        #expect(validator.validate(["kind": "Fish", "lives": 9], against: pet).isEmpty)
        #expect(validator.validate(["kind": "Fish"], against: pet).first?.keyword == "oneOf")
        // In OpenAPI 3.1 the discriminator is an annotation: a dog with lives is a valid cat.
        var registry31 = SchemaRegistry()
        registry31.register(document, uri: "file:///api.yaml", dialect: .openAPI31)
        #expect(JSONSchemaValidator(registry: registry31).validate(["kind": "dog", "lives": 9], against: pet).isEmpty)
    }

    @Test func errorsNameInstanceAndSchemaLocations() {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "items": ["type": "array", "items": ["type": "integer", "format": "int32", "maximum": 10]]
            ],
        ]
        let found = errors(["items": [1, 11, 3_000_000_000]], schema)
        #expect(
            found.map(\.description) == [
                "#/items/1: 11 is greater than the maximum 10 (at file:///api.yaml#/properties/items/items/maximum)",
                "#/items/2: 3000000000 is greater than the maximum 10 (at file:///api.yaml#/properties/items/items/maximum)",
                "#/items/2: 3000000000 is out of range for format int32 (at file:///api.yaml#/properties/items/items/format)",
            ])
    }

    @Test func openAPIFormats() {
        let cases: [(String, String, Bool)] = [
            ("date-time", "2024-06-01T12:00:00Z", true), ("date-time", "2024-06-01 12:00:00", false),
            ("date", "2024-02-29", true), ("date", "2023-02-29", false), ("time", "12:00:00+01:00", true),
            ("email", "a.b@example.com", true), ("email", "a..b@example.com", false),
            ("uuid", "0cd85449-05fe-4866-9802-8192e6785fc7", true), ("uuid", "0cd85449", false),
            ("uri", "https://example.com/a?b#c", true), ("uri", "/relative", false),
            ("uri-reference", "/relative", true), ("hostname", "api.example.com", true),
            ("hostname", "-bad.com", false),
            ("ipv4", "192.168.0.1", true), ("ipv4", "256.1.1.1", false), ("ipv6", "::1", true),
            ("ipv6", "1::2::3", false),
            ("byte", "aGVsbG8=", true), ("byte", "not base64!", false), ("binary", "\u{0}anything", true),
        ]
        for (format, value, valid) in cases {
            #expect(FormatChecker.isValid(value, format: format) == valid, "\(format): \(value)")
        }
        #expect(FormatChecker.isValid(number: .int(2_147_483_647), format: "int32"))
        #expect(!FormatChecker.isValid(number: .int(2_147_483_648), format: "int32"))
    }

    @Test func recursiveSchemasTerminate() {
        let schema: JSONValue = [
            "type": "object", "properties": ["next": ["$ref": "#"]], "additionalProperties": false,
        ]
        #expect(errors(["next": ["next": ["next": [:]]]], schema).isEmpty)
        #expect(errors(["next": ["next": ["oops": 1]]], schema).first?.instancePath == "#/next/next/oops")
        // A reference cycle with no progress on the instance ends instead of looping.
        let loop: JSONValue = ["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"]
        _ = errors(1, loop, dialect: .draft2020_12)
    }

    @Test func jsonParserRejectsBadInputWithPositions() throws {
        #expect(throws: JSONParseError("unexpected end of input", at: SourceLocation(line: 1, column: 7))) {
            try JSONParser.parse("{\"a\": ")
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes: [0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError("nesting deeper than 512 levels", at: SourceLocation(line: 1, column: 513))) {
            try JSONParser.parse(deep)
        }
        #expect(
            try JSONParser.parse("{\"a\":[1,2.5,\"\\u00e9\\ud83d\\ude00\",null,true]}")
                == ["a": [1, 2.5, "é😀", .null, true]])
    }

    @Test func integersBeyondInt64StayIntegers() throws {
        // Found by Schemathesis: 1.8e19 echoed as "-1.8446744073709552e+19" reads as a float elsewhere.
        let value = try JSONParser.parse("-18446744073709551616")
        #expect(JSONSerializer.serialize(value) == "-18446744073709551616")
        #expect(JSONSerializer.serialize(.double(2.5e20)) == "250000000000000000000")
        #expect(JSONSerializer.serialize(.double(0.5)) == "0.5")
    }

    @Test func serializerRoundTrips() throws {
        let value: JSONValue = ["b": [1, 2.5, "x\n\"y\""], "a": ["nested": .null], "c": true]
        let text = JSONSerializer.serialize(value)
        #expect(text == "{\"b\":[1,2.5,\"x\\n\\\"y\\\"\"],\"a\":{\"nested\":null},\"c\":true}")
        #expect(try JSONParser.parse(text) == value)
        #expect(try JSONParser.parse(JSONSerializer.serialize(value, pretty: true)) == value)
        #expect(JSONSerializer.serialize(["k": [1]], pretty: true) == "{\n  \"k\": [\n    1\n  ]\n}")
    }

    @Test func serializerEscapesControlsAndKeepsUnicode() throws {
        let tricky: JSONValue = .string("tab\tbs\\nul\u{0}bell\u{7}\u{1F}é→😀")
        let text = JSONSerializer.serialize(tricky)
        #expect(text == #""tab\tbs\\nul\u0000bell\u0007\u001fé→😀""#)
        #expect(try JSONParser.parse(text) == tricky)
        #expect(JSONSerializer.data(tricky) == Array(text.utf8))
    }
}

/// Numbers compare and hash as the values they are, also at the edge of `Int`.
@Suite struct JSONNumberTests {
    @Test func equalityAgreesWithHashingAtTheEdgeOfInt() {
        let largest = JSONNumber.int(.max)
        let twoTo63 = JSONNumber.double(9_223_372_036_854_775_808.0)
        #expect(largest != twoTo63)
        #expect(JSONNumber.compare(largest, twoTo63) == -1)
        #expect(JSONNumber.compare(twoTo63, largest) == 1)
        #expect(JSONNumber.double(1.0) == .int(1))
        #expect(JSONNumber.double(-0.0) == .int(0))
        #expect(JSONNumber.compare(.int(3), .double(3.5)) == -1)
        #expect(JSONNumber.compare(.int(-4), .double(-3.5)) == -1)
        #expect(JSONNumber.compare(.int(4), .double(3.5)) == 1)
        // The set a memo keeps values in: both numbers, no trap.
        var seen: Set<JSONValue> = []
        for value in [
            JSONValue.number(largest), .number(twoTo63), .number(.double(9.2e18)),
            .number(.int(9_200_000_000_000_000_000)),
            .number(.double(-9_223_372_036_854_775_808.0)), .number(.int(.min)), .number(.double(.nan)),
        ] {
            seen.insert(value)
        }
        // Int.max, 2^63, 9.2e18 (the double and the integer are one number), Int.min (likewise) and NaN.
        #expect(seen.count == 5)
        #expect(seen.contains(.number(.int(.min))))
    }
}
