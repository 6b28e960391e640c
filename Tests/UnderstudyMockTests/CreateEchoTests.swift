import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// A create that sends every member of the item is not generated and then overwritten: it answers what was
/// sent, with the id and time stamps filled in, in the order a generated item has (the same order as a create
/// that sends less and gets the rest made up).
@Suite struct CreateEchoTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /items:
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
          /items/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
            get:
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                '404': {description: none}
        components:
          schemas:
            Item:
              type: object
              required: [name]
              properties:
                id: {type: integer, readOnly: true}
                name: {type: string}
                price: {type: number}
                created_at: {type: string, format: date-time, readOnly: true}
                tags: {type: array, items: {type: string}}
        """

    static func engine() throws -> MockEngine {
        let outcome = ContractLoader().load(text: spec)
        let contract = try #require(outcome.contract, "\(outcome.diagnostics)")
        return MockEngine(contract: contract, options: MockOptions(seed: 1))
    }

    @Test func everyMemberSentIsAnsweredAsSentWithTheIdAndStampFilled() throws {
        let engine = try Self.engine()
        let sent: JSONValue = ["tags": ["a", "b"], "price": 2.5, "name": "ada"]
        let made = engine.send("POST", "/items", json: sent)
        #expect(made.status == 201)
        let body = try JSONParser.parse(bytes: made.body)
        let object = try #require(body.objectValue)
        #expect(object.keys == ["id", "name", "price", "created_at", "tags"])
        #expect(body["name"] == "ada")
        #expect(body["price"] == 2.5)
        #expect(body["tags"] == ["a", "b"])
        let id = try #require(body["id"]?.intValue)
        let stamp = try #require(body["created_at"]?.stringValue)
        #expect(DateText.parse(stamp) != nil, "\(stamp)")
        let read = engine.send("GET", "/items/\(id)")
        #expect(read.status == 200)
        #expect(try JSONParser.parse(bytes: read.body) == body)
    }

    @Test func theCollectionsFixedMembersAreKnownFromTheStart() throws {
        let behaviour = try ResourceBehaviourTests.behaviour(of: Self.spec)
        #expect(behaviour.fixedItemMembers.keys.sorted() == ["/items/{id}"])
        #expect(behaviour.fixedItemMembers["/items/{id}"]?.all == ["id", "name", "price", "created_at", "tags"])
        #expect(behaviour.fixedItemMembers["/items/{id}"]?.toSend == ["name", "price", "tags"])
        #expect(behaviour.itemModels["/items/{id}"]?.createdStamps == ["created_at"])
    }

    @Test func aCreateThatSendsLessGetsTheSameMembersInTheSameOrder() throws {
        let engine = try Self.engine()
        let made = engine.send("POST", "/items", json: ["name": "ada"])
        #expect(made.status == 201)
        let body = try JSONParser.parse(bytes: made.body)
        #expect(body.objectValue?.keys == ["id", "name", "price", "created_at", "tags"])
        #expect(body["name"] == "ada")
        #expect(body["price"]?.doubleValue != nil)
        #expect(body["tags"]?.arrayValue != nil)
    }
}
