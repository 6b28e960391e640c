import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// The behaviour stage on its own, given valid exchanges (no routing, security or validation in front of
/// it): a create stores the item, a read finds it through the lookup stage, a delete leaves it gone.
@Suite struct ResourceBehaviourTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /books:
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
          /books/{bookId}:
            parameters: [{name: bookId, in: path, required: true, schema: {type: string}}]
            get:
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
                '404': {description: none}
            delete:
              responses:
                '204': {description: gone}
                '404': {description: none}
        components:
          schemas:
            Book:
              type: object
              properties:
                id: {type: string, readOnly: true}
                title: {type: string}
        """

    /// The behaviour stage of the contract `text` (this suite's own by default).
    static func behaviour(of text: String = spec) throws -> ResourceBehaviour {
        let contract = try #require(ContractLoader().load(text: text).contract)
        let clock = MockClock(.real)
        let renderer = ResponseRenderer(contract: contract, seed: 1, logsRepairs: false, clock: clock)
        return ResourceBehaviour(
            contract: contract, options: MockOptions(seed: 1), profile: nil, store: StateStore(),
            binding: ProfileBinding(contract: contract, inferred: ResourceInference.infer(contract), profile: nil),
            renderer: renderer, sessions: IssuedCredentials(), clock: clock, startedAt: Date())
    }

    static func exchange(
        _ behaviour: ResourceBehaviour, _ method: String, _ path: String, pathParameters: [String: String] = [:],
        body: JSONValue? = nil
    ) throws -> Exchange {
        let template = pathParameters.isEmpty ? "/books" : "/books/{bookId}"
        let index = try #require(
            behaviour.contract.operations.firstIndex { $0.method == method && $0.path == template })
        var validated = ValidatedRequest()
        validated.body = body
        return Exchange(
            Exchange.Found(
                operation: behaviour.contract.operations[index], index: index, behavior: behaviour.behaviors[index],
                request: MockRequest(method: method, target: path, headers: [], body: []),
                input: HTTPRequestInput(
                    method: method, pathParameters: pathParameters, query: [], headers: [], body: []),
                validated: validated, session: "default", preferences: Preferences(nil), principal: nil))
    }

    @Test func createReadDeleteThroughTheLookup() throws {
        let behaviour = try Self.behaviour()
        let made = behaviour.run(try Self.exchange(behaviour, "POST", "/books", body: ["title": "Kindred"]))
        #expect(made.status == 201)
        let id = try #require(made.jsonBody?["id"]?.stringValue)
        let read = try Self.exchange(behaviour, "GET", "/books/\(id)", pathParameters: ["bookId": id])
        // The lookup stage finds the item before the behaviour runs; reads are not critical sections.
        var located = read
        behaviour.locate(&located)
        #expect(located.located?.item?["title"] == "Kindred")
        #expect(!behaviour.changesState(read))
        #expect(behaviour.run(read).jsonBody?["title"] == "Kindred")
        // Found by its title too (a field clients address items by is `name`/`key`/…, not `title`): no.
        let byTitle = try Self.exchange(behaviour, "GET", "/books/Kindred", pathParameters: ["bookId": "Kindred"])
        #expect(behaviour.run(byTitle).status == 404)
        let delete = try Self.exchange(behaviour, "DELETE", "/books/\(id)", pathParameters: ["bookId": id])
        #expect(behaviour.changesState(delete))
        #expect(behaviour.run(delete).status == 204)
        var again = read
        behaviour.locate(&again)
        #expect(again.located?.item == nil)
        #expect(again.located?.wasDeleted == true)
        #expect(behaviour.run(read).status == 404)
    }
}
