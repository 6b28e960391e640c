import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

/// Exact messages and positions for the problems a contract can have, and for inputs that are not
/// contracts at all.
@Suite struct ContractDiagnosticsTests {
    func load(_ text: String, json: Bool = false) -> ContractLoader.Outcome {
        ContractLoader().load(
            text: text, uri: json ? "file:///memory/api.json" : "file:///memory/api.yaml",
            displayPath: json ? "api.json" : "api.yaml")
    }

    @Test func unresolvedReferenceSuggestsTheNearName() {
        let outcome = load(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /pets:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Pets'}
            components:
              schemas:
                Pet: {type: object}
            """)
        #expect(outcome.contract == nil)
        #expect(
            outcome.diagnostics.map(\.description) == [
                "api.yaml:11:30: error: unresolved $ref '#/components/schemas/Pets'\n    hint: did you mean '#/components/schemas/Pet'?"
            ])
    }

    @Test func unknownSecuritySchemeIsAnError() {
        let outcome = load(
            """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            security: [{apiKey: []}]
            paths:
              /a:
                get:
                  responses: {'204': {description: none}}
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
            """)
        #expect(outcome.contract == nil)
        let error = outcome.diagnostics.errors.first
        #expect(error?.message == "unknown security scheme 'apiKey'")
        #expect(error?.hint == "declared schemes: bearer")
        #expect(error?.location.line == 3)
    }

    @Test func pathParameterWithoutDefinitionWarnsAndStillRoutes() throws {
        let outcome = load(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /pets/{petId}:
                get:
                  responses: {'200': {description: ok}}
            """)
        let contract = try #require(outcome.contract)
        #expect(
            outcome.diagnostics.map(\.description) == [
                "api.yaml:4:3: warning: path parameter '{petId}' of GET /pets/{petId} has no definition; it is read as a string [path-parameters]\n    hint: add a parameter with name: petId and in: path"
            ])
        #expect(contract.operations[0].parameters.map(\.name) == ["petId"])
    }

    @Test func unknownKeysAreWarningsWithSuggestions() throws {
        let outcome = load(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  summary: s
                  respones: {}
                  responses: {'200': {description: ok}}
            """)
        #expect(outcome.contract != nil)
        let warning = try #require(outcome.diagnostics.first)
        #expect(
            warning.description
                == "api.yaml:7:7: warning: unknown key 'respones' in an operation; it is ignored\n    hint: did you mean 'responses'?"
        )
    }

    @Test func pathLevelParametersAreMergedAndOverridden() throws {
        let outcome = load(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /pets/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: string}}
                  - {name: verbose, in: query, schema: {type: boolean}}
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer}}
                  responses: {'200': {description: ok}}
            """)
        let operation = try #require(outcome.contract?.operations.first)
        #expect(operation.parameters.map(\.name) == ["id", "verbose"])
        #expect(operation.parameters[0].schema?.value["type"] == "integer")
    }

    @Test func multiFileReferencesAndCycles() throws {
        let folder = Scratch.folder("understudy-multi")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /nodes:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: 'schemas/node.yaml#/Node'}
        """.write(to: folder.appendingPathComponent("api.yaml"), atomically: true, encoding: .utf8)
        try """
        Node:
          type: object
          required: [name]
          properties:
            name: {type: string}
            children: {type: array, items: {$ref: '#/Node'}}
            owner: {$ref: 'owner.yaml'}
        """.write(to: folder.appendingPathComponent("schemas/node.yaml"), atomically: true, encoding: .utf8)
        try "{type: object, properties: {email: {type: string, format: email}}}".write(
            to: folder.appendingPathComponent("schemas/owner.yaml"), atomically: true, encoding: .utf8)
        let outcome = ContractLoader().load(path: folder.appendingPathComponent("api.yaml").path)
        let contract = try #require(outcome.contract, "\(outcome.diagnostics)")
        #expect(contract.documents.count == 3)
        let schema = try #require(contract.operations[0].responses[0].content[0].schema)
        let good: JSONValue = ["name": "a", "children": [["name": "b", "children": []]], "owner": ["email": "a@b.co"]]
        #expect(contract.validate(good, against: schema).isEmpty)
        let bad: JSONValue = ["name": "a", "children": [["children": []]], "owner": ["email": "nope"]]
        let errors = contract.validate(bad, against: schema)
        #expect(Set(errors.map(\.instancePath)) == ["#/children/0", "#/owner/email"])
        #expect(errors.contains { $0.schemaURI.hasSuffix("schemas/owner.yaml#/properties/email/format") })
    }

    @Test func missingExternalFileIsAnErrorAtTheReference() {
        let outcome = load(
            """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  responses: {'200': {$ref: 'missing.yaml#/ok'}}
            """)
        #expect(outcome.contract == nil)
        let error = outcome.diagnostics.errors.first
        #expect(error?.message == "$ref 'missing.yaml#/ok' names a file that cannot be read: no such file")
        #expect(error?.location == SourceLocation(line: 6, column: 33))
    }

    // MARK: Bad input

    @Test func emptyDocument() {
        let outcome = load("   \n\n")
        #expect(outcome.contract == nil)
        #expect(outcome.diagnostics.map(\.message) == ["document is empty"])
    }

    @Test func notYAML() {
        let outcome = load("openapi: 3.0.0\ninfo: {title: [unclosed\n")
        #expect(outcome.contract == nil)
        #expect(outcome.diagnostics.first?.message.hasPrefix("YAML syntax error") == true)
        #expect(outcome.diagnostics.first?.location.line == 3)
    }

    @Test func notAMapping() {
        let outcome = load("- just\n- a list\n")
        #expect(
            outcome.diagnostics.map(\.message) == [
                "expected an OpenAPI document (a mapping with 'openapi' or 'swagger'), found an array"
            ])
    }

    @Test func unknownVersion() {
        let outcome = load("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
        #expect(outcome.contract == nil)
        #expect(
            outcome.diagnostics.map(\.description) == [
                "api.yaml:1:10: error: unsupported OpenAPI version '4.0.0'\n    hint: Understudy reads OpenAPI 3.0.x, 3.1.x and 3.2.x, and Swagger 2.0"
            ])
    }

    @Test func notOpenAPI() {
        let outcome = load("name: something\nversion: 2\n")
        #expect(outcome.diagnostics.first?.message == "not an OpenAPI document: no 'openapi' or 'swagger' field")
    }

    @Test func malformedJSON() {
        let outcome = load("{\"openapi\": \"3.0.0\", }", json: true)
        #expect(
            outcome.diagnostics.map(\.description) == [
                "api.json:1:22: error: JSON syntax error: expected a string key in object"
            ])
    }

    @Test func binaryInput() {
        let outcome = ContractLoader().reader.parse(
            [0x89, 0x50, 0x4E, 0x47, 0, 0], displayPath: "x.png", isJSON: false)
        #expect(outcome.value == nil)
        #expect(outcome.diagnostics.first?.message == "document contains NUL bytes: it is binary, not YAML or JSON")
    }

    @Test func oversizedDocumentIsRefusedBeforeReading() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "understudy-big-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        // A sparse 100 MB file: refused by size, never read into memory.
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 100 * 1_048_576)
        try handle.close()
        let outcome = ContractLoader().load(path: file.path)
        #expect(outcome.unreadable)
        #expect(outcome.diagnostics.first?.message == "document is 100 MB, larger than the 64 MB limit")
    }

    @Test func missingFileIsUnreadable() {
        let outcome = ContractLoader().load(path: "/nonexistent/api.yaml")
        #expect(outcome.unreadable)
        #expect(outcome.diagnostics.first?.description == "/nonexistent/api.yaml: error: no such file")
    }
}
