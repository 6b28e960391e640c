import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

@testable import UnderstudyMock

/// A profile's `id: {format: sequence}` numbers items 1, 2, 3 … in the id field's own type: `"2"` where the
/// contract's id is a string, so the stored item fits its schema and nothing is repaired on the way out.
struct SequenceIdentifierTests {
    static let contract = """
        openapi: 3.0.3
        info: {title: Tags, version: "1"}
        paths:
          /tags:
            get:
              operationId: listTags
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Tag'}}}}}
            post:
              operationId: createTag
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Tag'}}}}
              responses:
                "201": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Tag'}}}}
          /tags/{id}:
            get:
              operationId: getTag
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Tag'}}}}
                "404": {description: missing}
        components:
          schemas:
            Tag:
              type: object
              required: [name]
              properties:
                id: {type: string, readOnly: true}
                name: {type: string}
        """

    static let profile = """
        resources:
          tags:
            path: /tags/{id}
            id: {format: sequence}
            seed:
              - items: [{name: first}]
        """

    @Test func sequenceIdsTakeTheIdFieldsType() throws {
        let engine = try ProfileFixture.engine(contract: Self.contract, profile: Self.profile)
        func call(_ method: String, _ target: String, _ json: JSONValue? = nil) -> MockResponse {
            engine.send(method, target, json: json)
        }
        let made = call("POST", "/tags", ["name": "second"])
        #expect(made.status == 201)
        #expect(made.jsonBody?["id"] == "2")
        #expect(made.jsonBody?["name"] == "second")
        #expect(call("GET", "/tags/2").jsonBody == ["id": "2", "name": "second"])
        #expect(call("GET", "/tags").jsonBody == [["id": "1", "name": "first"], ["id": "2", "name": "second"]])
    }
}
