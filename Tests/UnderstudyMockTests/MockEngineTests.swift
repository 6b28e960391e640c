import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// The mock engine in process: routing, security, validation, inferred state, lists, errors, control.
@Suite struct MockEngineTests {
    static let petstore = """
        openapi: 3.0.3
        info: {title: Pets, version: '1'}
        servers: [{url: 'https://api.example.com/v1'}]
        security: [{key: []}]
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50, default: 2}}
                - {name: offset, in: query, schema: {type: integer, minimum: 0}}
                - {name: kind, in: query, schema: {type: string}}
                - {name: sort, in: query, schema: {type: string}}
              responses:
                '200':
                  description: page
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [results, count]
                        properties:
                          count: {type: integer}
                          next: {type: string, nullable: true}
                          previous: {type: string, nullable: true}
                          results: {type: array, items: {$ref: '#/components/schemas/Pet'}}
            post:
              operationId: createPet
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewPet'}
              responses:
                '201':
                  description: created
                  headers: {Location: {schema: {type: string}}}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Pet'}
                '400': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
          /pets/{petId}:
            parameters:
              - {name: petId, in: path, required: true, schema: {type: string, format: uuid}}
            get:
              operationId: getPet
              responses:
                '200': {description: pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                '404': {$ref: '#/components/responses/Error'}
            put:
              operationId: replacePet
              requestBody:
                content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}
              responses:
                '200': {description: pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            patch:
              operationId: updatePet
              requestBody:
                content: {application/merge-patch+json: {schema: {type: object}}, application/json: {schema: {type: object}}}
              responses:
                '200': {description: pet, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            delete:
              operationId: deletePet
              responses:
                '204': {description: gone}
                '404': {$ref: '#/components/responses/Error'}
          /pets/{petId}/toys:
            parameters:
              - {name: petId, in: path, required: true, schema: {type: string}}
            get:
              operationId: listToys
              responses:
                '200': {description: toys, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Toy'}}}}}
            post:
              operationId: addToy
              requestBody:
                content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}
              responses:
                '201': {description: toy, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}
          /pets/{petId}/toys/{toyId}:
            parameters:
              - {name: petId, in: path, required: true, schema: {type: string}}
              - {name: toyId, in: path, required: true, schema: {type: integer}}
            get:
              operationId: getToy
              responses:
                '200': {description: toy, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}
                '404': {$ref: '#/components/responses/Error'}
          /files/{name}.{ext}:
            get:
              operationId: getFile
              security: []
              parameters:
                - {name: name, in: path, required: true, schema: {type: string}}
                - {name: ext, in: path, required: true, schema: {type: string, enum: [csv, pdf]}}
              responses:
                '200': {description: file, content: {text/csv: {schema: {type: string}}}}
          /files/latest.csv:
            get:
              operationId: latestFile
              security: []
              responses:
                '200': {description: file, content: {text/csv: {schema: {type: string}}}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
          responses:
            Error:
              description: error
              content:
                application/json:
                  schema:
                    type: object
                    required: [code, message]
                    properties:
                      code: {type: string}
                      message: {type: string}
          schemas:
            NewPet:
              type: object
              required: [name, kind]
              properties:
                name: {type: string, minLength: 1}
                kind: {type: string, enum: [cat, dog]}
                tag: {type: string}
            Pet:
              allOf:
                - $ref: '#/components/schemas/NewPet'
                - type: object
                  required: [id, createdAt]
                  properties:
                    id: {type: string, format: uuid, readOnly: true}
                    createdAt: {type: string, format: date-time, readOnly: true}
            Toy:
              type: object
              required: [id, label]
              properties:
                id: {type: integer, readOnly: true}
                label: {type: string}
        """

    static func engine(seed: UInt64 = 1) throws -> MockEngine {
        let outcome = ContractLoader().load(text: petstore)
        let contract = try #require(outcome.contract, "\(outcome.diagnostics)")
        return MockEngine(contract: contract, options: MockOptions(seed: seed))
    }

    static let key = ("X-Api-Key", "k")

    func send(
        _ engine: MockEngine, _ method: String, _ target: String, json: JSONValue? = nil,
        headers: [(String, String)] = [key], session: String = "default"
    ) -> MockResponse {
        engine.send(method, target, json: json, headers: headers.map { (name: $0.0, value: $0.1) }, session: session)
    }

    @Test func crudLifecycle() async throws {
        let engine = try Self.engine()
        let created = send(engine, "POST", "/pets", json: ["name": "Rex", "kind": "dog"])
        #expect(created.status == 201)
        let pet = try #require(created.jsonBody)
        let id = try #require(pet["id"]?.stringValue)
        #expect(FormatChecker.isValid(id, format: "uuid"))
        #expect(pet["name"] == "Rex")
        #expect(pet["createdAt"].map { FormatChecker.isValid($0.stringValue ?? "", format: "date-time") } == true)
        #expect(created.header("Location") == "/pets/\(id)")

        let fetched = send(engine, "GET", "/pets/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.jsonBody == pet)

        let patched = send(engine, "PATCH", "/pets/\(id)", json: ["tag": "good"])
        #expect(patched.jsonBody?["tag"] == "good")
        #expect(patched.jsonBody?["name"] == "Rex")

        let replaced = send(engine, "PUT", "/pets/\(id)", json: ["name": "Max", "kind": "cat"])
        #expect(replaced.status == 200)
        #expect(replaced.jsonBody?["name"] == "Max")
        #expect(replaced.jsonBody?["tag"] == nil)
        #expect(replaced.jsonBody?["id"] == .string(id))
        #expect(replaced.jsonBody?["createdAt"] == pet["createdAt"])

        let deleted = send(engine, "DELETE", "/pets/\(id)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        let gone = send(engine, "GET", "/pets/\(id)")
        #expect(gone.status == 404)
        #expect(gone.jsonBody?["message"]?.stringValue?.contains(id) == true)
        #expect(gone.jsonBody?["code"] != nil)
        let list = send(engine, "GET", "/pets")
        #expect(list.jsonBody?["count"] == 0)
    }

    @Test func listsPageFilterAndSort() async throws {
        let engine = try Self.engine()
        for (name, kind) in [("a", "cat"), ("b", "dog"), ("c", "cat"), ("d", "cat"), ("e", "dog")] {
            #expect(
                send(engine, "POST", "/pets", json: ["name": .string(name), "kind": .string(kind)]).status == 201)
        }
        let first = try #require(
            send(engine, "GET", "/pets", headers: [Self.key, ("Host", "mock.test")]).jsonBody)
        #expect(first["count"] == 5)
        #expect(first["results"]?.arrayValue?.map { $0["name"] } == ["a", "b"])
        #expect(first["previous"] == .null)
        #expect(first["next"]?.stringValue == "http://mock.test/pets?limit=2&offset=2")
        let last = try #require(send(engine, "GET", "/pets?limit=2&offset=4").jsonBody)
        #expect(last["results"]?.arrayValue?.map { $0["name"] } == ["e"])
        #expect(last["next"] == .null)
        #expect(last["previous"]?.stringValue?.hasSuffix("limit=2&offset=2") == true)
        let cats = try #require(send(engine, "GET", "/pets?kind=cat&limit=10&sort=-name").jsonBody)
        #expect(cats["count"] == 3)
        #expect(cats["results"]?.arrayValue?.map { $0["name"] } == ["d", "c", "a"])
        let tooBig = send(engine, "GET", "/pets?limit=500")
        #expect(tooBig.status == 400)
    }

    /// A list's filtered, sorted order is kept between requests (``ListOrderMemo``); every change to the
    /// store, and every other filter, sort or session, must still show in the next answer.
    @Test func aKeptListOrderFollowsEveryChange() async throws {
        let engine = try Self.engine()
        var ids: [String: String] = [:]
        for (name, kind) in [("a", "cat"), ("b", "dog"), ("c", "cat"), ("d", "cat"), ("e", "dog")] {
            let created = send(engine, "POST", "/pets", json: ["name": .string(name), "kind": .string(kind)])
            ids[name] = try #require(created.jsonBody?["id"]?.stringValue)
        }
        func names(_ target: String, session: String = "default") -> [JSONValue]? {
            send(engine, "GET", target, session: session).jsonBody?["results"]?.arrayValue.map(Array.init)?.map {
                $0["name"] ?? .null
            }
        }
        let cats = "/pets?kind=cat&limit=10&sort=-name"
        #expect(names(cats) == ["d", "c", "a"])
        // Another page of the same order, and a parameter the list ignores: the same order.
        #expect(names("/pets?kind=cat&limit=1&offset=1&sort=-name") == ["c"])
        #expect(names(cats + "&unrelated=1") == ["d", "c", "a"])
        #expect(names("/pets?kind=cat&limit=10&sort=name") == ["a", "c", "d"])
        #expect(names("/pets?kind=dog&limit=10&sort=-name") == ["e", "b"])
        #expect(send(engine, "PATCH", "/pets/\(ids["c"]!)", json: ["name": "z"]).status == 200)
        #expect(names(cats) == ["z", "d", "a"])
        #expect(send(engine, "DELETE", "/pets/\(ids["a"]!)").status == 204)
        #expect(names(cats) == ["z", "d"])
        #expect(send(engine, "POST", "/pets", json: ["name": "m", "kind": "cat"]).status == 201)
        #expect(names(cats) == ["z", "m", "d"])
        #expect(send(engine, "PATCH", "/pets/\(ids["d"]!)", json: ["kind": "dog"]).status == 200)
        #expect(names(cats) == ["z", "m"])
        #expect(names("/pets?kind=dog&limit=10&sort=-name") == ["e", "d", "b"])
        #expect(names(cats, session: "other") == [])
    }

    @Test func nestedCollectionsAreScopedToTheirParent() async throws {
        let engine = try Self.engine()
        let toy = send(engine, "POST", "/pets/p1/toys", json: ["label": "ball"])
        #expect(toy.status == 201)
        #expect(toy.jsonBody?["id"] == 1)
        #expect(send(engine, "POST", "/pets/p1/toys", json: ["label": "rope"]).jsonBody?["id"] == 2)
        #expect(send(engine, "GET", "/pets/p1/toys").jsonBody?.arrayValue?.count == 2)
        #expect(send(engine, "GET", "/pets/p2/toys").jsonBody?.arrayValue?.count == 0)
        #expect(send(engine, "GET", "/pets/p1/toys/2").jsonBody?["label"] == "rope")
        #expect(send(engine, "GET", "/pets/p2/toys/2").status == 404)
    }

    @Test func routingLiteralsTemplatesAnd405() async throws {
        let engine = try Self.engine()
        let unknown = send(engine, "GET", "/nope")
        #expect(unknown.status == 404)
        #expect(unknown.header("Content-Type") == "application/problem+json")
        let wrongMethod = send(engine, "POST", "/pets/abc")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "DELETE, GET, HEAD, PATCH, PUT")
        let latest = engine.handle(MockRequest(method: "GET", target: "/files/latest.csv")).1
        #expect(latest.operationId == "latestFile")
        let (file, record) = engine.handle(MockRequest(method: "GET", target: "/files/report.v2.pdf"))
        #expect(record.operationId == "getFile")
        #expect(file.status == 200)
        #expect(file.header("Content-Type") == "text/csv")
        #expect(engine.handle(MockRequest(method: "GET", target: "/files/report.exe")).0.status == 400)
        // A trailing slash: the collection when it has the method, else the item with an empty id (which the
        // petId format then refuses), never a 405 from the collection.
        #expect(
            engine.handle(MockRequest(method: "GET", target: "/pets/", headers: [Self.key])).1.operationId == "listPets"
        )
        let emptyId = engine.handle(MockRequest(method: "DELETE", target: "/pets/", headers: [Self.key]))
        #expect(emptyId.1.operationId == "deletePet")
        #expect(emptyId.0.status == 400)
    }

    @Test func invalidRequestsGetTheContractsErrorShape() async throws {
        let engine = try Self.engine()
        let missing = send(engine, "POST", "/pets", json: ["kind": "bird"])
        #expect(missing.status == 400)
        let body = try #require(missing.jsonBody)
        let message = try #require(body["message"]?.stringValue)
        #expect(message.contains("missing required property \"name\""))
        #expect(message.contains("\"bird\" is not one of the allowed values"))
        #expect(body["code"]?.stringValue != nil)

        let wrongType = send(
            engine, "POST", "/pets", headers: [Self.key, ("Content-Type", "text/plain")])
        #expect(wrongType.status == 415)

        let malformed = engine.handle(
            MockRequest(
                method: "POST", target: "/pets", headers: [Self.key, ("Content-Type", "application/json")],
                body: Array("{\"name\": ".utf8))
        ).0
        #expect(malformed.status == 400)
        #expect(malformed.jsonBody?["message"]?.stringValue?.contains("malformed JSON") == true)

        let badId = send(engine, "GET", "/pets/not-a-uuid")
        #expect(badId.status == 400)
        // getPet declares no 400: the answer is problem details listing each issue with its location, in the
        // JSON media type the operation answers with (it never names problem+json).
        #expect(badId.header("Content-Type") == "application/json")
        #expect(badId.jsonBody?["title"] == "Bad Request")
        #expect(badId.jsonBody?["errors"]?[0]?["location"] == "path.petId")
        #expect(badId.jsonBody?["errors"]?[0]?["message"] == "\"not-a-uuid\" is not a valid uuid")

        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let hostile = engine.handle(
            MockRequest(
                method: "POST", target: "/pets", headers: [Self.key, ("Content-Type", "application/json")],
                body: Array(deep.utf8))
        ).0
        #expect(hostile.status == 400)
        let invalidUTF8 = engine.handle(
            MockRequest(
                method: "POST", target: "/pets", headers: [Self.key, ("Content-Type", "application/json")],
                body: [0x22, 0xC3, 0x28, 0x22])
        ).0
        #expect(invalidUTF8.status == 400)
        #expect(send(engine, "GET", "/pets/..%2F..%2Fetc").status == 400)
        #expect(send(engine, "GET", "/pets/%00").status == 400)
    }

    @Test func declaredErrorWithoutSchemaKeepsItsMediaType() async throws {
        // Found by Schemathesis (launchdarkly): a 401 declared as application/json without a schema was sent
        // as application/problem+json, a media type the contract does not document.
        let outcome = ContractLoader().load(
            text: """
                swagger: '2.0'
                info: {title: t, version: '1'}
                produces: [application/json]
                securityDefinitions: {key: {type: apiKey, in: header, name: Authorization}}
                security: [{key: []}]
                paths:
                  /flags:
                    get:
                      responses:
                        '200': {description: ok, schema: {type: array, items: {type: string}}}
                        '401': {description: unauthorized}
                """)
        let engine = MockEngine(contract: try #require(outcome.contract))
        let (response, _) = engine.handle(MockRequest(method: "GET", target: "/flags"))
        #expect(response.status == 401)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.jsonBody?["detail"] == "missing API key 'Authorization' in the header")
    }

    @Test func aSharedSwaggerResponseTakesTheOperationsProduces() async throws {
        // Found by Schemathesis on Gitea: `#/responses/string` converted with the document's produces answered
        // application/json where the operation produces only text/plain.
        let outcome = ContractLoader().load(
            text: """
                swagger: '2.0'
                info: {title: t, version: '1'}
                produces: [application/json, text/html]
                responses:
                  string: {description: a string, schema: {type: string}}
                paths:
                  /diff:
                    get:
                      produces: [text/plain]
                      responses: {'200': {$ref: '#/responses/string'}}
                  /json:
                    get:
                      responses: {'200': {$ref: '#/responses/string'}}
                """)
        let contract = try #require(outcome.contract)
        #expect(contract.operations[0].responses[0].content.map(\.mediaType) == ["text/plain"])
        #expect(contract.operations[1].responses[0].content.map(\.mediaType) == ["application/json", "text/html"])
        let engine = MockEngine(contract: contract)
        #expect(engine.handle(MockRequest(method: "GET", target: "/diff")).0.header("Content-Type") == "text/plain")
    }

    @Test func aRequiredTextBodyMayBeEmptyWhenItsSchemaAllowsIt() async throws {
        // Found by Schemathesis on Keycloak: an empty text/plain body is the empty string.
        let outcome = ContractLoader().load(
            text: """
                openapi: 3.0.3
                info: {title: t, version: '1'}
                paths:
                  /label:
                    put:
                      requestBody:
                        required: true
                        content: {text/plain: {schema: {type: string}}}
                      responses: {'204': {description: ok}}
                  /code:
                    put:
                      requestBody:
                        required: true
                        content: {text/plain: {schema: {type: string, minLength: 1}}}
                      responses: {'204': {description: ok}}
                """)
        let engine = MockEngine(contract: try #require(outcome.contract))
        let text = [("Content-Type", "text/plain")].map { (name: $0.0, value: $0.1) }
        #expect(engine.handle(MockRequest(method: "PUT", target: "/label", headers: text)).0.status == 204)
        #expect(engine.handle(MockRequest(method: "PUT", target: "/code", headers: text)).0.status == 400)
    }

    @Test func ambiguousParameterTextAndOverlappingOneOfAreAccepted() async throws {
        // Found by Schemathesis on PeerTube: "15" for oneOf [integer, array of integer], and a UUID for
        // oneOf [integer, UUID, short UUID] (a UUID also fits the short-UUID pattern). A 204 declared with
        // content still has no body.
        let outcome = ContractLoader().load(
            text: """
                openapi: 3.0.3
                info: {title: t, version: '1'}
                paths:
                  /videos/{id}:
                    parameters:
                      - name: id
                        in: path
                        required: true
                        schema:
                          oneOf:
                            - {type: integer}
                            - {type: string, format: uuid}
                            - {type: string, pattern: '^[a-zA-Z0-9-]{22,36}$'}
                    get:
                      parameters:
                        - name: category
                          in: query
                          explode: false
                          schema: {oneOf: [{type: integer}, {type: array, items: {type: integer}}]}
                      responses:
                        '204':
                          description: done
                          content: {application/json: {schema: {type: object}}}
                """)
        let engine = MockEngine(contract: try #require(outcome.contract))
        let uuid = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
        let (response, record) = engine.handle(MockRequest(method: "GET", target: "/videos/\(uuid)?category=15"))
        #expect(record.issues == [])
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == "application/json")
        #expect(engine.handle(MockRequest(method: "GET", target: "/videos/7?category=1,2")).0.status == 204)
        #expect(engine.handle(MockRequest(method: "GET", target: "/videos/7?category=x")).0.status == 400)
        #expect(engine.handle(MockRequest(method: "GET", target: "/videos/a%20b")).0.status == 400)
    }

    @Test func securityIsEnforced() async throws {
        let engine = try Self.engine()
        let anonymous = send(engine, "GET", "/pets", headers: [])
        #expect(anonymous.status == 401)
        #expect(anonymous.header("Content-Type") == "application/json")
        #expect(anonymous.jsonBody?["detail"] == "missing API key 'X-Api-Key' in the header")
        #expect(send(engine, "GET", "/pets", headers: [("X-Api-Key", "  ")]).status == 401)
        #expect(send(engine, "GET", "/pets", headers: [("x-api-key", "anything")]).status == 200)
    }

    @Test func preferSelectsADeclaredResponse() async throws {
        let engine = try Self.engine()
        let forced = send(
            engine, "GET", "/pets/\(UUID().uuidString.lowercased())", headers: [Self.key, ("Prefer", "code=404")])
        #expect(forced.status == 404)
        #expect(forced.jsonBody?["message"] != nil)
    }

    @Test func sessionsAreIsolated() async throws {
        let engine = try Self.engine()
        _ = send(engine, "POST", "/pets", json: ["name": "a", "kind": "cat"], session: "one")
        #expect(send(engine, "GET", "/pets", session: "one").jsonBody?["count"] == 1)
        #expect(send(engine, "GET", "/pets", session: "two").jsonBody?["count"] == 0)
    }

    @Test func repeatedReadsNeverServeStaleState() async throws {
        let base = try Self.engine()
        let store = StateStore()
        let engine = MockEngine(contract: base.contract, options: base.options, store: store)
        let id = try #require(
            send(engine, "POST", "/pets", json: ["name": "a", "kind": "cat"]).jsonBody?["id"]?.stringValue)
        // Each read twice, so the second may come from the read cache; every write must show at once.
        for _ in 0..<2 { #expect(send(engine, "GET", "/pets/\(id)").jsonBody?["name"] == "a") }
        for _ in 0..<2 { #expect(send(engine, "GET", "/pets?limit=5").jsonBody?["count"] == 1) }
        // An answer from the cache is logged like any other.
        let repeated = engine.handle(MockRequest(method: "GET", target: "/pets/\(id)", headers: [Self.key]))
        #expect(repeated.1.operationId == "getPet")
        #expect(repeated.1.behavior == "read")
        // The request, not only its target, is the key: without the credential it is refused.
        #expect(engine.handle(MockRequest(method: "GET", target: "/pets/\(id)")).0.status == 401)
        _ = send(engine, "PATCH", "/pets/\(id)", json: ["name": "b"])
        #expect(send(engine, "GET", "/pets/\(id)").jsonBody?["name"] == "b")
        _ = send(engine, "POST", "/pets", json: ["name": "c", "kind": "dog"])
        #expect(send(engine, "GET", "/pets?limit=5").jsonBody?["count"] == 2)
        // Another session, a different Accept or Host: answered for that request, not from another's entry.
        #expect(send(engine, "GET", "/pets?limit=5", session: "other").jsonBody?["count"] == 0)
        let hosted = send(engine, "GET", "/pets?limit=1", headers: [Self.key, ("Host", "a.test")])
        #expect(hosted.jsonBody?["next"]?.stringValue?.hasPrefix("http://a.test/") == true)
        let otherHost = send(engine, "GET", "/pets?limit=1", headers: [Self.key, ("Host", "b.test")])
        #expect(otherHost.jsonBody?["next"]?.stringValue?.hasPrefix("http://b.test/") == true)
        store.reset()
        #expect(send(engine, "GET", "/pets/\(id)").status == 404)
        #expect(send(engine, "GET", "/pets?limit=5").jsonBody?["count"] == 0)
        try store.restore([
            "default": [
                "collections": [
                    "/pets": [
                        "sequence": 1,
                        "items": [["id": .string(id), "value": ["id": .string(id), "name": "z", "kind": "cat"]]],
                    ]
                ], "singletons": [:],
            ]
        ])
        #expect(send(engine, "GET", "/pets/\(id)").jsonBody?["name"] == "z")
    }

    @Test func sameSeedSameData() async throws {
        let first = send(try Self.engine(seed: 9), "POST", "/pets", json: ["name": "a", "kind": "cat"])
        let second = send(try Self.engine(seed: 9), "POST", "/pets", json: ["name": "a", "kind": "cat"])
        #expect(first.jsonBody?["id"] == second.jsonBody?["id"])
    }

    @Test func concurrentCreatesLoseNothing() async throws {
        let engine = try Self.engine()
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<64 {
                group.addTask {
                    for item in 0..<100 {
                        _ = self.send(
                            engine, "POST", "/pets", json: ["name": .string("c\(client)-\(item)"), "kind": "cat"])
                    }
                }
            }
        }
        let list = send(engine, "GET", "/pets?limit=1")
        #expect(list.jsonBody?["count"] == 6400)
    }
}
