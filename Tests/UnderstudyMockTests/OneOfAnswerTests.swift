import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// A create whose answer is a `oneOf` of two item schemas that accept the same items (InfluxDB's dashboards:
/// a cell with view properties is also a cell): the answer is still the stored item, with what was sent and
/// the id its Location names, and the journal says it could not be made to fit. (OutputCheckTests reads
/// `Answer` from this contract too.)
@Suite struct OneOfAnswerTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /boards:
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/BoardRequest'}}}}
              responses:
                '201':
                  description: made
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Answer'}
          /boards/{boardId}:
            get:
              parameters: [{name: boardId, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: one
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Answer'}
                '404': {description: none}
        components:
          schemas:
            Answer:
              oneOf: [{$ref: '#/components/schemas/Board'}, {$ref: '#/components/schemas/ViewBoard'}]
            BoardRequest:
              type: object
              required: [name]
              properties: {name: {type: string}, orgID: {type: string}}
            Board:
              allOf:
                - $ref: '#/components/schemas/BoardRequest'
                - properties: {id: {type: string, readOnly: true}, cells: {type: array, items: {$ref: '#/components/schemas/Cell'}}}
            ViewBoard:
              allOf:
                - $ref: '#/components/schemas/BoardRequest'
                - properties: {id: {type: string, readOnly: true}, cells: {type: array, items: {$ref: '#/components/schemas/ViewCell'}}}
            Cell:
              type: object
              properties: {x: {type: integer}}
            ViewCell:
              allOf: [{$ref: '#/components/schemas/Cell'}, {properties: {view: {type: object}}}]
        """

    @Test func theAnswerIsTheStoredItem() throws {
        let contract = try #require(ContractLoader().load(text: Self.spec).contract)
        let engine = MockEngine(contract: contract)
        let created = engine.send("POST", "/boards", json: ["name": "ops", "orgID": "o1"])
        #expect(created.status == 201)
        let answer = try JSONParser.parse(bytes: created.body)
        #expect(answer["name"] == "ops")
        #expect(answer["orgID"] == "o1")
        let id = try #require(answer["id"]?.stringValue)
        #expect(created.headers.first { $0.name == "Location" }?.value == "/boards/\(id)")
        let read = engine.send("GET", "/boards/\(id)")
        #expect(read.status == 200)
        #expect(try JSONParser.parse(bytes: read.body)["name"] == "ops")
        #expect(
            created.repairs.last
                == "no value fitting the response schema could be made (generated data does not fit it either); sent as close as it gets"
        )
    }
}
