import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// What Schemathesis' negative and stateful runs over foreign contracts found (scripts/fuzz-mock), each
/// written down as the smallest contract that shows it.
@Suite struct FuzzFindingsTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Findings, version: '1'}
        security: [{bearer: []}]
        paths:
          /silences:
            post:
              operationId: createSilence
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Silence'}}}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: object, properties: {silenceID: {type: string}}}}}}
          /silences/{silenceID}:
            parameters: [{name: silenceID, in: path, required: true, schema: {type: string, format: uuid}}]
            get:
              operationId: getSilence
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Silence'}}}}
            delete:
              operationId: deleteSilence
              responses: {'200': {description: gone}}
          /configs:
            get:
              responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Config'}}}}}}
          /configs/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get:
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Config'}}}}
                '404': {$ref: '#/components/responses/Problem'}
            delete:
              responses: {'204': {description: gone}, '404': {$ref: '#/components/responses/Problem'}}
          /archives/{id}:
            put:
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
              responses: {'200': {description: stored}}
          /reports/{id}/cache:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get:
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {size: {type: integer}}}}}}}
            put:
              requestBody: {content: {application/json: {schema: {type: object}}}}
              responses: {'200': {description: stored}}
            delete:
              responses: {'204': {description: purged}}
          /messages:
            get:
              parameters: [{name: limit, in: query, schema: {type: integer}}]
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}
                default:
                  description: Error
                  headers:
                    x-server-id: {required: true, schema: {type: string}}
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        extras: {type: object, additionalProperties: {type: object, additionalProperties: {type: string}}}
              responses: {'201': {description: made}}
          /webhooks:
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Webhook'}}}}
              responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Webhook'}}}}}
          /webhooks/{resourceId}:
            get:
              parameters: [{name: resourceId, in: path, required: true, schema: {type: string}}]
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Webhook'}}}}
                '404': {description: none}
          /sites/{site_id}/assets:
            post:
              parameters: [{name: site_id, in: path, required: true, schema: {type: string}}]
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Asset'}}}}
              responses:
                '201':
                  description: made
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          form: {type: object, properties: {url: {type: string}}}
                          asset: {$ref: '#/components/schemas/Asset'}
          /sites/{site_id}/assets/{asset_id}:
            get:
              parameters:
                - {name: site_id, in: path, required: true, schema: {type: string}}
                - {name: asset_id, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Asset'}}}}
                '404': {description: none}
          /dbrps:
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [database, links]
                      properties:
                        database: {type: string}
                        links: {$ref: '#/components/schemas/Links'}
              responses: {'201': {description: made}}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          responses:
            Problem:
              description: problem
              content:
                application/json:
                  schema:
                    allOf:
                      - $ref: '#/components/schemas/Problem'
                      - type: object
                        properties: {realm: {type: string}}
                      - {}
          schemas:
            Problem:
              type: object
              required: [title, status, code]
              properties:
                title: {type: string}
                status: {type: integer}
                detail: {type: string}
                code: {type: string}
            Silence:
              type: object
              properties: {id: {type: string}, comment: {type: string}}
            Config:
              type: object
              properties: {ID: {type: string}, Name: {type: string}}
            Webhook:
              type: object
              properties: {_id: {type: string, readOnly: true}, name: {type: string}, url: {type: string}}
            Asset:
              type: object
              properties: {id: {type: string, readOnly: true}, site_id: {type: string}, name: {type: string}}
            Links:
              type: object
              readOnly: true
              required: [self]
              properties: {self: {type: string}}
        """

    static func engine() throws -> MockEngine {
        let loaded = ContractLoader().load(text: spec)
        return MockEngine(contract: try #require(loaded.contract, "\(loaded.diagnostics)"))
    }

    static func send(
        _ engine: MockEngine, _ method: String, _ target: String, json: JSONValue? = nil,
        headers: [(name: String, value: String)] = [("Authorization", "Bearer t")]
    ) -> MockResponse {
        engine.send(method, target, json: json, headers: headers)
    }

    /// A create that names an id its item path cannot carry (`"["` for a uuid) gets one the server makes.
    @Test func aClientIdThePathCannotCarryIsReplaced() throws {
        let engine = try Self.engine()
        let created = Self.send(engine, "POST", "/silences", json: ["id": "[", "comment": "c"])
        let id = try #require(created.jsonBody?["silenceID"]?.stringValue)
        #expect(UUID(uuidString: id) != nil, "\(id)")
        #expect(Self.send(engine, "GET", "/silences/\(id)").jsonBody?["comment"] == "c")
    }

    /// Deleted means gone: 404 even where the read declares none, in a collection that holds its items and in
    /// one that only generates them; a PUT brings the item back.
    @Test func aDeletedItemStaysDeleted() throws {
        let engine = try Self.engine()
        let id = try #require(
            Self.send(engine, "POST", "/silences", json: ["comment": "c"]).jsonBody?["silenceID"]?.stringValue)
        #expect(Self.send(engine, "DELETE", "/silences/\(id)").status == 200)
        let gone = Self.send(engine, "GET", "/silences/\(id)")
        #expect(gone.status == 404)
        #expect(gone.jsonBody?["detail"]?.stringValue?.contains("was deleted") == true)
        // Never created, nothing declares 404: the declared success, as before; deleted anyway, it is gone.
        let never = UUID().uuidString.lowercased()
        #expect(Self.send(engine, "GET", "/silences/\(never)").status == 200)
        #expect(Self.send(engine, "DELETE", "/silences/\(never)").status == 200)
        #expect(Self.send(engine, "GET", "/silences/\(never)").status == 404)

        #expect(Self.send(engine, "GET", "/configs/c1").status == 200)
        #expect(Self.send(engine, "DELETE", "/configs/c1").status == 204)
        let deleted = Self.send(engine, "GET", "/configs/c1")
        #expect(deleted.status == 404)
        #expect(Self.send(engine, "DELETE", "/configs/c1").status == 404)
        // The 404 keeps its schema: an allOf with an empty part is still an object, with a title and a code
        // that fit the status.
        let body = try #require(deleted.jsonBody)
        #expect(body["title"] == "Not Found")
        #expect(body["status"] == 404)
        #expect(body["code"] == "not_found")
        #expect(body["detail"]?.stringValue?.hasPrefix("item 'c1' was deleted") == true)
        // Outside any collection (a DELETE and a GET of one path, nothing creating): the path is gone too,
        // until something writes to it.
        #expect(Self.send(engine, "DELETE", "/reports/r9/cache").status == 204)
        let purged = Self.send(engine, "GET", "/reports/r9/cache")
        #expect(purged.status == 404)
        #expect(purged.jsonBody?["detail"] == "/reports/r9/cache was deleted from this mock")
        #expect(Self.send(engine, "GET", "/reports/r8/cache").status == 200)
        #expect(Self.send(engine, "PUT", "/reports/r9/cache", json: ["size": 1]).status == 200)
        #expect(Self.send(engine, "GET", "/reports/r9/cache").status == 200)
    }

    /// A deleted item is answered with a client error the read declares, so the mock keeps the contract: a
    /// FastAPI contract declares only 422 (in its `detail` list shape); 410 wins where declared; with no client
    /// error declared at all, 404.
    @Test func aDeletedItemIsAnsweredWithADeclaredClientError() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /variables/:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                  responses:
                    '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                    '422': {$ref: '#/components/responses/Invalid'}
              /variables/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
                get:
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                    '422': {$ref: '#/components/responses/Invalid'}
                delete:
                  responses: {'204': {description: gone}, '422': {$ref: '#/components/responses/Invalid'}}
              /tokens:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}}
              /tokens/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
                get:
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                    '400': {description: bad}
                    '401': {description: who}
                    '410': {description: gone}
                delete:
                  responses: {'204': {description: gone}}
              /keys:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}}
              /keys/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
                get:
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Variable'}}}}
                    '401': {description: who}
                delete:
                  responses: {'204': {description: gone}}
            components:
              responses:
                Invalid:
                  description: invalid
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          detail:
                            type: array
                            items:
                              type: object
                              required: [loc, msg, type]
                              properties:
                                loc: {type: array, items: {anyOf: [{type: string}, {type: integer}]}}
                                msg: {type: string}
                                type: {type: string}
              schemas:
                Variable:
                  type: object
                  required: [name]
                  properties: {id: {type: string, format: uuid, readOnly: true}, name: {type: string}}
            """
        let loaded = ContractLoader().load(text: spec)
        let engine = MockEngine(contract: try #require(loaded.contract, "\(loaded.diagnostics)"))
        func deleted(_ collection: String) throws -> MockResponse {
            // A trailing slash on the create path is the same collection (`POST /variables/`).
            let made = engine.send("POST", "/\(collection)\(collection == "variables" ? "/" : "")", json: ["name": "a"])
            let id = try #require(made.jsonBody?["id"]?.stringValue, "\(made.status)")
            #expect(engine.send("DELETE", "/\(collection)/\(id)").status == 204)
            return engine.send("GET", "/\(collection)/\(id)")
        }
        let variable = try deleted("variables")
        #expect(variable.status == 422)
        let entry = try #require(variable.jsonBody?["detail"]?[0])
        #expect(entry["type"] == "unprocessable_entity")
        #expect(entry["loc"] == [])
        #expect(entry["msg"]?.stringValue?.hasSuffix("was deleted from variables") == true)
        #expect(try deleted("tokens").status == 410)
        #expect(try deleted("keys").status == 404)
    }

    /// An empty body sent with its media type is an empty file; read-only members of a request are ignored.
    @Test func emptyFilesAndReadOnlyMembersAreAccepted() throws {
        let engine = try Self.engine()
        let empty = engine.handle(
            MockRequest(
                method: "PUT", target: "/archives/a",
                headers: [("Authorization", "Bearer t"), ("Content-Type", "application/octet-stream")])
        ).0
        #expect(empty.status == 200)
        let missing = engine.handle(
            MockRequest(method: "PUT", target: "/archives/a", headers: [("Authorization", "Bearer t")])
        ).0
        #expect(missing.status == 400)
        #expect(Self.send(engine, "POST", "/dbrps", json: ["database": "d", "links": [:]]).status == 201)
        #expect(Self.send(engine, "POST", "/dbrps", json: ["database": "d"]).status == 201)
        #expect(Self.send(engine, "POST", "/dbrps", json: ["links": [:]]).status == 400)
    }

    /// An error declared only by a description and headers still carries the headers it requires; form fields
    /// named like array positions (`extras[0][k]`) are members where the schema says object.
    @Test func bodilessErrorsKeepTheirHeadersAndFormIndexesFollowTheSchema() throws {
        let engine = try Self.engine()
        let refused = Self.send(engine, "GET", "/messages?limit=many")
        #expect(refused.status == 400)
        #expect(refused.header("x-server-id") != nil)
        let posted = engine.handle(
            MockRequest(
                method: "POST", target: "/messages",
                headers: [("Authorization", "Bearer t"), ("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("extras%5B0%5D%5Bk%5D=v&extras%5B1%5D%5Bk%5D=w".utf8))
        ).0
        #expect(posted.status == 201, "\(String(decoding: posted.body, as: UTF8.self))")
    }

    /// The id field is found by the path parameter's name or `_id` (not a `name`), and a create answer that
    /// wraps the item in a member named after it (`{"asset": …, "form": …}`) carries the stored item there.
    @Test func createdItemsCanBeReadBackByTheIdTheAnswerGives() throws {
        let engine = try Self.engine()
        let webhook = try #require(Self.send(engine, "POST", "/webhooks", json: ["name": "n", "url": "u"]).jsonBody)
        let id = try #require(webhook["_id"]?.stringValue)
        #expect(Self.send(engine, "GET", "/webhooks/\(id)").jsonBody?["url"] == "u")
        let created = try #require(Self.send(engine, "POST", "/sites/s1/assets", json: ["name": "logo"]).jsonBody)
        let asset = try #require(created["asset"]?["id"]?.stringValue)
        #expect(created["asset"]?["name"] == "logo")
        #expect(created["form"]?.objectValue != nil)
        #expect(Self.send(engine, "GET", "/sites/s1/assets/\(asset)").jsonBody?["name"] == "logo")
    }

    /// An error the operation does not declare is problem details in the JSON media type it answers with.
    @Test func undeclaredErrorsSpeakTheOperationsMediaType() throws {
        let engine = try Self.engine()
        let refused = Self.send(engine, "GET", "/silences/not-a-uuid")
        #expect(refused.status == 400)
        #expect(refused.header("Content-Type") == "application/json")
        #expect(refused.jsonBody?["title"] == "Bad Request")
        let anonymous = Self.send(engine, "GET", "/configs/x", headers: [])
        #expect(anonymous.status == 401)
        #expect(anonymous.jsonBody?["title"] == "Unauthorized")
    }
}
