import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// The render stage on its own (no store, no engine): state that fits goes out as it is, state that does not
/// is repaired and the repair reported; without state the named example, else the first, with what the
/// request sent copied in; errors in the API's declared shape, else problem details.
@Suite struct ResponseRendererTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /books/{bookId}:
            parameters: [{name: bookId, in: path, required: true, schema: {type: string}}]
            put:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
              responses:
                '200':
                  description: the book
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Book'}
                      examples:
                        dune: {value: {id: b1, title: Dune, pages: 412}}
                        emma: {value: {id: b2, title: Emma, pages: 474}}
                '204':
                  description: nothing
                  content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}
                '422':
                  description: invalid
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [message]
                        properties: {message: {type: string}, code: {type: string}}
        components:
          schemas:
            Book:
              type: object
              required: [id, title, pages]
              properties:
                id: {type: string}
                title: {type: string}
                pages: {type: integer, minimum: 1}
        """

    static func renderer() throws -> (ResponseRenderer, Contract) {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        let renderer = ResponseRenderer(contract: contract, seed: 1, logsRepairs: false, clock: MockClock(.real))
        return (renderer, contract)
    }

    static func exchange(_ contract: Contract, body: JSONValue? = nil, prefer: String? = nil) throws -> Exchange {
        let index = try #require(contract.operations.firstIndex { $0.method == "PUT" })
        var headers: [(name: String, value: String)] = []
        if let prefer { headers.append(("Prefer", prefer)) }
        let request = MockRequest(method: "PUT", target: "/books/b9", headers: headers, body: [])
        var validated = ValidatedRequest()
        validated.body = body
        validated.parameters[.path] = ["bookId": "b9"]
        return Exchange(
            Exchange.Found(
                operation: contract.operations[index], index: index, behavior: .stateless, request: request,
                input: HTTPRequestInput(
                    method: "PUT", pathParameters: ["bookId": "b9"], query: [], headers: headers, body: []),
                validated: validated, session: "default", preferences: Preferences(prefer), principal: nil))
    }

    static func response(_ contract: Contract, _ status: String) throws -> Response {
        try #require(contract.operations.first { $0.method == "PUT" }?.responses.first { $0.status == status })
    }

    @Test func stateThatFitsGoesOutAndStateThatDoesNotIsRepairedAndReported() throws {
        let (renderer, contract) = try Self.renderer()
        let exchange = try Self.exchange(contract)
        let fits = renderer.render(
            exchange, response: try Self.response(contract, "200"), status: 200,
            data: ["id": "b9", "title": "Kindred", "pages": 264])
        #expect(fits.status == 200)
        #expect(fits.jsonBody == ["id": "b9", "title": "Kindred", "pages": 264])
        #expect(fits.repairs.isEmpty)
        let broken = renderer.render(
            exchange, response: try Self.response(contract, "200"), status: 200, data: ["id": "b9", "pages": 0])
        let body = try #require(broken.jsonBody)
        #expect(body["id"] == "b9")
        #expect(body["title"]?.stringValue != nil)
        #expect(body["pages"]?.intValue.map { $0 >= 1 } == true)
        #expect(broken.repairs.count == 1)
    }

    @Test func withoutStateTheExampleWithWhatWasSent() throws {
        let (renderer, contract) = try Self.renderer()
        let first = renderer.render(
            try Self.exchange(contract, body: ["title": "Beloved"]), response: try Self.response(contract, "200"),
            status: 200, data: nil)
        #expect(first.jsonBody == ["id": "b1", "title": "Beloved", "pages": 412])
        // A named example is sent as it is.
        let named = renderer.render(
            try Self.exchange(contract, body: ["title": "Beloved"], prefer: "example=emma"),
            response: try Self.response(contract, "200"), status: 200, data: nil)
        #expect(named.jsonBody == ["id": "b2", "title": "Emma", "pages": 474])
        // 204 never carries a body; the declared type is still named.
        let empty = renderer.render(
            try Self.exchange(contract), response: try Self.response(contract, "204"), status: 204, data: nil)
        #expect(empty.body.isEmpty)
        #expect(empty.header("Content-Type") == "application/json")
    }

    @Test func errorsInTheDeclaredShapeElseProblemDetails() throws {
        let (renderer, contract) = try Self.renderer()
        let operation = try Self.exchange(contract).operation
        let declared = renderer.errorResponse(422, "title is missing", operation: operation, issues: [])
        #expect(declared.status == 422)
        #expect(declared.jsonBody?["message"] == "title is missing")
        let undeclared = renderer.errorResponse(409, "taken", operation: operation, issues: [])
        #expect(undeclared.status == 409)
        #expect(undeclared.header("Content-Type") == "application/json")
        #expect(undeclared.jsonBody?["title"] == "Conflict")
        #expect(undeclared.jsonBody?["detail"] == "taken")
    }
}
