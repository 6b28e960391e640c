import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

@testable import UnderstudyMock

/// Under a profile, a read whose answer depends only on the request, the caller and the store is answered
/// from the read cache once the gates have let it through: rate limits still count it, each caller gets its
/// own answer, a write is seen at once, and a rule that reads the clock or draws is never cached.
@Suite struct ReadCacheUnderProfileTests {
    static let contract = """
        openapi: 3.0.3
        info: {title: Notes, version: "1"}
        security: [{key: []}]
        paths:
          /notes:
            get:
              operationId: listNotes
              parameters: [{name: limit, in: query, schema: {type: integer}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Note'}}}}}
            post:
              operationId: createNote
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
              responses:
                "201": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
          /notes/{id}:
            get:
              operationId: getNote
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
                "404": {description: missing}
          /stamps:
            get:
              operationId: listStamps
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: object, properties: {at: {type: string}, id: {type: string}}}}}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
          schemas:
            Note:
              type: object
              properties:
                id: {type: integer, readOnly: true}
                text: {type: string}
                seen: {type: string}
        """

    static let profile = """
        principals:
          ann: {credentials: {key: ann-key}, tenant: ann, permissions: ["*"]}
          bob: {credentials: {key: bob-key}, tenant: bob, permissions: ["*"]}
        rateLimits:
          - {operation: getNote, limit: 3, window: 1h}
        resources:
          notes:
            path: /notes/{id}
            id: {format: sequence}
            owner: tenant
            computed: {seen: "by {{ principal.name }}"}
        operations:
          listNotes:
            list: {only: "item.text != 'hidden'"}
          listStamps:
            body: {at: "{{ now }}", id: "{{ uuid }}"}
        """

    static func engine() throws -> MockEngine { try ProfileFixture.engine(contract: contract, profile: profile) }

    /// `X-Api-Key: key` and, when given, `json` as the body.
    static func call(
        _ engine: MockEngine, _ method: String, _ target: String, key: String, json: JSONValue? = nil
    ) -> MockResponse {
        engine.send(method, target, json: json, headers: [("X-Api-Key", key)])
    }

    @Test func whichOperationsAreCachedAfterTheGates() throws {
        let engine = try Self.engine()
        let names = engine.contract.operations.map(\.displayName)
        let cached = Dictionary(uniqueKeysWithValues: zip(names, engine.cachedAfterGates))
        #expect(engine.cachesBeforeRouting == false)
        #expect(cached == ["listNotes": true, "createNote": true, "getNote": true, "listStamps": false])
    }

    @Test func repeatedReadsComeFromTheCacheAndWritesAreSeenAtOnce() throws {
        let engine = try Self.engine()
        let made = Self.call(engine, "POST", "/notes", key: "ann-key", json: ["text": "first"])
        #expect(made.status == 201)
        let first = Self.call(engine, "GET", "/notes", key: "ann-key")
        let hitsBefore = engine.readCache.hits
        let again = Self.call(engine, "GET", "/notes", key: "ann-key")
        #expect(engine.readCache.hits == hitsBefore + 1)
        #expect(again.body == first.body)
        #expect(first.jsonBody == [["id": 1, "text": "first", "seen": "by ann"]])
        // Another caller: its own answer (its tenant sees nothing), not ann's.
        #expect(Self.call(engine, "GET", "/notes", key: "bob-key").jsonBody == [])
        // A write moves the store on: the next read is made afresh, and the list rule still applies.
        #expect(Self.call(engine, "POST", "/notes", key: "ann-key", json: ["text": "hidden"]).status == 201)
        #expect(Self.call(engine, "POST", "/notes", key: "ann-key", json: ["text": "second"]).status == 201)
        let after = Self.call(engine, "GET", "/notes", key: "ann-key")
        #expect(after.jsonBody?.arrayValue?.compactMap { $0["text"]?.stringValue } == ["first", "second"])
    }

    @Test func rateLimitsCountCachedReads() throws {
        let engine = try Self.engine()
        #expect(Self.call(engine, "POST", "/notes", key: "ann-key", json: ["text": "a"]).status == 201)
        let statuses = (0..<4).map { _ in Self.call(engine, "GET", "/notes/1", key: "ann-key").status }
        #expect(statuses == [200, 200, 200, 429])
        #expect(engine.readCache.hits >= 2)
    }

    @Test func aRuleThatReadsTheClockOrDrawsIsNeverCached() throws {
        let engine = try Self.engine()
        let first = Self.call(engine, "GET", "/stamps", key: "ann-key")
        let second = Self.call(engine, "GET", "/stamps", key: "ann-key")
        #expect(first.status == 200)
        #expect(first.jsonBody?["id"] != second.jsonBody?["id"])
        #expect(engine.readCache.hits == 0)
    }

    @Test func theTemplateLanguageKnowsWhatReadsTheClockOrDraws() throws {
        for text in ["now", "now - 1d", "uuid", "random(4)", "counter('x')", "item.a ?? randomInt", "timestamp > 3"] {
            #expect(try TemplateExpression(text).readsClockOrChance, "\(text)")
        }
        for text in ["item.now", "request.query.uuid", "len(item.tags) > 2", "date('2024-01-01') + days(2)"] {
            #expect(try !TemplateExpression(text).readsClockOrChance, "\(text)")
        }
        #expect(Template.readsClockOrChance(["a": ["plain", "{{ item.id }}"], "b": 3]) == false)
        #expect(Template.readsClockOrChance(["a": ["plain", "at {{ now }}"]]))
        #expect(Template.readsClockOrChance("{{ unclosed"))
    }
}
