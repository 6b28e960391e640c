import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// The resource model built from small contracts, one per shape seen on contracts nobody tuned for, and
/// what the engine then does with requests to them.
@Suite struct ResourceModelTests {
    static func engine(_ paths: String, schemas: String = "") throws -> MockEngine {
        let text = """
            openapi: 3.0.3
            info: {title: Shapes, version: '1'}
            paths:
            \(paths)
            components:
              schemas:
            \(schemas)
            """
        let outcome = ContractLoader().load(text: text)
        let contract = try #require(outcome.contract, "\(outcome.diagnostics)")
        return MockEngine(contract: contract, options: MockOptions(seed: 1))
    }

    func send(_ engine: MockEngine, _ method: String, _ target: String, json: JSONValue? = nil) -> MockResponse {
        engine.send(method, target, json: json)
    }

    static let flowSchemas = """
            Flow:
              type: object
              required: [id, name]
              properties:
                id: {type: string, format: uuid, readOnly: true}
                name: {type: string}
                tags: {type: array, items: {type: string}}
            FlowCreate:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tags: {type: array, items: {type: string}}
            Filter:
              type: object
              properties:
                limit: {type: integer, default: 200}
                offset: {type: integer, default: 0}
        """

    /// Prefect's flows: created at `/flows/`, listed by `POST /flows/filter`, read at `/flows/{id}`.
    static let flowPaths = """
          /flows/:
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/FlowCreate'}}}}
              responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}}
          /flows/filter:
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Filter'}}}}
              responses:
                '200': {description: page, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Flow'}}}}}
          /flows/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
            get:
              responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}}
        """

    /// Prefect's shape: `POST /flows/` creates, `POST /flows/filter` lists, items at `/flows/{id}`.
    @Test func trailingSlashCollectionListedByAFilterPost() throws {
        let engine = try Self.engine(
            Self.flowPaths + "\n" + """
                    delete:
                      responses: {'204': {description: gone}}
                """, schemas: Self.flowSchemas)
        let model = engine.resourceModel
        #expect(model.collections.map(\.path) == ["/flows"])
        #expect(
            model.collections.first?.operations.map { "\($0.behavior) \($0.operation)" } == [
                "create POST /flows/", "list POST /flows/filter", "read GET /flows/{id}", "delete DELETE /flows/{id}",
            ])
        #expect(model.outside.isEmpty)

        let created = send(engine, "POST", "/flows/", json: ["name": "etl"])
        #expect(created.status == 201)
        let id = try #require(created.jsonBody?["id"]?.stringValue)
        #expect(created.jsonBody?["name"] == "etl")
        #expect(send(engine, "GET", "/flows/\(id)").jsonBody?["name"] == "etl")
        _ = send(engine, "POST", "/flows/", json: ["name": "report"])
        let listed = send(engine, "POST", "/flows/filter", json: ["limit": 1, "offset": 1])
        #expect(listed.jsonBody?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["report"])
        #expect(send(engine, "DELETE", "/flows/\(id)").status == 204)
        #expect(send(engine, "GET", "/flows/\(id)").status == 404)
    }

    static let flagSchemas = """
            Flag:
              type: object
              required: [key, name]
              properties:
                key: {type: string}
                name: {type: string}
        """

    /// LaunchDarkly's shape: the collection's path ends in a parameter (`/flags/{projectKey}`), and the
    /// client chooses each item's key.
    @Test func collectionUnderAParameterWithClientChosenKeys() throws {
        let engine = try Self.engine(
            """
              /flags/{projectKey}:
                parameters: [{name: projectKey, in: path, required: true, schema: {type: string}}]
                get:
                  responses:
                    '200': {description: page, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/Flag'}}}}}}}
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
              /flags/{projectKey}/{featureFlagKey}:
                parameters:
                  - {name: projectKey, in: path, required: true, schema: {type: string}}
                  - {name: featureFlagKey, in: path, required: true, schema: {type: string}}
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
                patch:
                  requestBody: {content: {application/json: {schema: {type: object}}}}
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
            """, schemas: Self.flagSchemas)
        let collection = try #require(engine.resourceModel.collections.first)
        #expect(collection.path == "/flags/{projectKey}")
        #expect(collection.itemPath == "/flags/{projectKey}/{featureFlagKey}")
        #expect(collection.idField == "key")
        #expect(collection.scope == ["projectKey"])
        #expect(collection.idSource == "chosen by the client (body \"key\"), else made by the mock")
        #expect(collection.stateful)

        let created = send(engine, "POST", "/flags/web", json: ["key": "dark-mode", "name": "Dark mode"])
        #expect(created.status == 201)
        #expect(created.jsonBody?["key"] == "dark-mode")
        #expect(created.header("Location") == "/flags/web/dark-mode")
        #expect(send(engine, "GET", "/flags/web/dark-mode").jsonBody?["name"] == "Dark mode")
        let listed = send(engine, "GET", "/flags/web")
        #expect(listed.jsonBody?["items"]?.arrayValue?.count == 1)
        #expect(send(engine, "GET", "/flags/mobile").jsonBody?["items"]?.arrayValue?.count == 0)
    }

    /// An empty key cannot name an item in a path: the item keeps what was sent and is stored under an id
    /// the mock makes.
    @Test func emptyClientKeyIsKeptAndTheItemStillStored() throws {
        let engine = try Self.engine(
            """
              /projects:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
              /projects/{projectKey}:
                parameters: [{name: projectKey, in: path, required: true, schema: {type: string}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
            """, schemas: Self.flagSchemas)
        let created = send(engine, "POST", "/projects", json: ["key": "", "name": "Nameless"])
        #expect(created.status == 201)
        #expect(created.jsonBody?["key"] == "")
        let location = try #require(created.header("Location"))
        #expect(location.hasPrefix("/projects/") && location.count > "/projects/".count)
        #expect(send(engine, "GET", location).jsonBody?["name"] == "Nameless")
    }

    /// A client's id that cannot be the store's (an integer path parameter given a value the mock cannot
    /// use, here a negative one against `minimum: 1`) stays in the item, and the item is still read by it;
    /// a writable timestamp the client sent is kept, one it left out is stamped with the mock's clock.
    @Test func sentIdsAndTimestampsAreKept() throws {
        let engine = try Self.engine(
            """
              /notes:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}}
              /notes/{noteId}:
                parameters: [{name: noteId, in: path, required: true, schema: {type: integer, minimum: 1}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}}
            """,
            schemas: """
                    Note:
                      type: object
                      properties:
                        id: {type: integer}
                        text: {type: string}
                        created_at: {type: string, format: date-time}
                        updated_at: {type: string, format: date-time}
                """)
        let created = send(
            engine, "POST", "/notes", json: ["id": -4, "text": "hi", "created_at": "2001-02-03T04:05:06Z"])
        #expect(created.status == 201)
        let body = try #require(created.jsonBody)
        #expect(body["id"] == -4)
        #expect(body["created_at"] == "2001-02-03T04:05:06Z")
        #expect(body["updated_at"]?.stringValue?.hasPrefix("20") == true)
        #expect(body["updated_at"] != "2001-02-03T04:05:06Z")
        let location = try #require(created.header("Location"))
        #expect(send(engine, "GET", location).jsonBody?["text"] == "hi")
    }

    /// InfluxDB's DBRP: `oneOf` an `orgID` or an `org`. Whichever the client sends is kept, whatever branch
    /// the made-up part of the item took; the item stored and answered fits the schema.
    @Test func sentMembersWinOverMadeUpOnesWhenTheSchemaAllowsOnlyOne() throws {
        let engine = try Self.engine(
            """
              /mappings:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Mapping'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Mapping'}}}}}
              /mappings/{mappingId}:
                parameters: [{name: mappingId, in: path, required: true, schema: {type: string}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Mapping'}}}}}
            """,
            schemas: """
                    Mapping:
                      type: object
                      oneOf:
                        - required: [orgID, bucket]
                        - required: [org, bucket]
                      properties:
                        id: {type: string, readOnly: true}
                        orgID: {type: string}
                        org: {type: string}
                        bucket: {type: string}
                """)
        for sent: JSONValue in [["org": "acme", "bucket": "b"], ["orgID": "o-1", "bucket": "b"]] {
            let created = send(engine, "POST", "/mappings", json: sent)
            #expect(created.status == 201)
            let body = try #require(created.jsonBody)
            let location = try #require(created.header("Location"))
            let read = try #require(send(engine, "GET", location).jsonBody)
            for (name, value) in try #require(sent.objectValue) {
                #expect(body[name] == value)
                #expect(read[name] == value)
            }
            #expect((body["org"] == nil) != (body["orgID"] == nil))
        }
    }

    /// Keycloak's operations answer `2XX` with no body: the item is what the create takes, the create says
    /// where it is (`Location`, as a 201), and an item whose `id` the client sent empty is still found by it.
    @Test func bodilessAnswersStillMakeACollection() throws {
        let engine = try Self.engine(
            """
              /executions:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Execution'}}}}
                  responses: {'2XX': {description: success}}
              /executions/{executionId}:
                parameters: [{name: executionId, in: path, required: true, schema: {type: string}}]
                get:
                  responses: {'2XX': {description: success}}
                delete:
                  responses: {'2XX': {description: success}}
            """,
            schemas: """
                    Execution:
                      type: object
                      properties:
                        id: {type: string}
                        priority: {type: integer}
                """)
        let created = send(engine, "POST", "/executions", json: ["id": "", "priority": 3])
        #expect(created.status == 201)
        let location = try #require(created.header("Location"))
        #expect(location.hasPrefix("/executions/") && location.count > "/executions/".count)
        #expect(send(engine, "GET", location).status == 200)
        #expect(send(engine, "GET", "/executions/").status == 200)
        #expect(send(engine, "DELETE", location).status == 204)
        #expect(send(engine, "GET", location).status == 404)
    }

    /// Stripe's reads answer `anyOf: [sku, deleted_sku]`: the item is the first alternative, so its `id`
    /// member is the item's id, and the item answered by the create is the one read back by that id.
    @Test func aReadAnsweringOneOfSeveralShapesDescribesTheFirst() throws {
        let engine = try Self.engine(
            """
              /skus:
                post:
                  requestBody: {content: {application/json: {schema: {type: object, properties: {price: {type: integer}}}}}}
                  responses: {'200': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Sku'}}}}}
              /skus/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                get:
                  responses:
                    '200':
                      description: one
                      content:
                        application/json:
                          schema: {anyOf: [{$ref: '#/components/schemas/Sku'}, {$ref: '#/components/schemas/DeletedSku'}]}
            """,
            schemas: """
                    Sku:
                      type: object
                      required: [id, price]
                      properties: {id: {type: string}, price: {type: integer}}
                    DeletedSku:
                      type: object
                      required: [id, deleted]
                      properties: {id: {type: string}, deleted: {type: boolean}}
                """)
        #expect(engine.resourceModel.collections.first?.idField == "id")
        let created = send(engine, "POST", "/skus", json: ["price": 5])
        let id = try #require(created.jsonBody?["id"]?.stringValue)
        #expect(send(engine, "GET", "/skus/\(id)").jsonBody?["price"] == 5)
    }

    /// One collection, two item paths naming its parameter two ways (Contract.fit's `/documents/{inbox_id}`
    /// and `/documents/{document_id}`): creates go with the item path that can be read, on every run.
    @Test func twoItemPathsUnderOneCollectionPreferTheReadableOne() throws {
        let engine = try Self.engine(
            """
              /documents:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}}
              /documents/{inbox_id}:
                parameters: [{name: inbox_id, in: path, required: true, schema: {type: string}}]
                post:
                  responses: {'200': {description: moved}}
                patch:
                  responses: {'200': {description: moved}}
              /documents/{document_id}:
                parameters: [{name: document_id, in: path, required: true, schema: {type: string}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}}
            """, schemas: Self.flowSchemas)
        let create = try #require(
            engine.resourceModel.collections.first { $0.operations.contains { $0.behavior == "create" } })
        #expect(create.itemPath == "/documents/{document_id}")
        let created = send(engine, "POST", "/documents", json: ["name": "scan"])
        let location = try #require(created.header("Location"))
        #expect(send(engine, "GET", location).jsonBody?["name"] == "scan")
    }

    /// Prefect's `/variables/name/{name}` beside `/variables/{id}`: the same items, addressed by name, which
    /// is then unique (refused with the client error the create declares: here 422).
    @Test func itemsAddressedByAnotherField() throws {
        let engine = try Self.engine(
            """
              /variables/:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/FlowCreate'}}}}
                  responses:
                    '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}
                    '422':
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
                                  properties:
                                    loc: {type: array, items: {type: string}}
                                    msg: {type: string}
                                    type: {type: string}
              /variables/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}}
                patch:
                  requestBody: {content: {application/json: {schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}}}}
                  responses:
                    '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}
                    '422': {description: invalid}
              /variables/name/{name}:
                parameters: [{name: name, in: path, required: true, schema: {type: string}}]
                get:
                  responses:
                    '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flow'}}}}
                    '404': {description: none}
                delete:
                  responses: {'204': {description: gone}, '404': {description: none}}
            """, schemas: Self.flowSchemas)
        #expect(
            engine.resourceModel.collections.first?.operations.map { "\($0.behavior) \($0.operation)" } == [
                "create POST /variables/", "read GET /variables/{id}", "update PATCH /variables/{id}",
                "by name GET /variables/name/{name}",
                "by name DELETE /variables/name/{name}",
            ])
        let created = send(engine, "POST", "/variables/", json: ["name": "region"])
        let id = try #require(created.jsonBody?["id"]?.stringValue)
        #expect(send(engine, "GET", "/variables/name/region").jsonBody?["id"] == .string(id))
        #expect(send(engine, "GET", "/variables/name/other").status == 404)
        let again = send(engine, "POST", "/variables/", json: ["name": "region"])
        #expect(again.status == 422)
        // The error list says why, though no request issue caused it.
        #expect(
            again.jsonBody?["detail"]
                == [["loc": [], "msg": "an item with name 'region' already exists", "type": "unprocessable_entity"]])
        // A write that leaves the unique member to the mock never conflicts over a value it made up.
        for index in 0..<20 {
            let other = "0b8d4bb4-4a4c-4f34-9c1e-3d1c2b7a0c\(10 + index)"
            #expect(send(engine, "PATCH", "/variables/\(other)", json: ["tags": ["x"]]).status == 200)
        }
        #expect(send(engine, "DELETE", "/variables/name/region").status == 204)
        #expect(send(engine, "GET", "/variables/\(id)").status == 404)
        #expect(send(engine, "POST", "/variables/", json: ["name": "region"]).status == 201)
    }

    /// Which member wraps an item, and which names it: the component the list holds marks the wrapper
    /// (`{"ssh_key": SSHKey}`); a resource with several plain members is not wrapped even when one member is
    /// called `data`; an integer path parameter is held in the integer `id`, not a string `key_id`.
    @Test func envelopesAndIdFieldsFromSchemas() throws {
        let engine = try Self.engine(
            """
              /keys:
                get:
                  responses:
                    '200': {description: all, content: {application/json: {schema: {type: object, properties: {ssh_keys: {type: array, items: {$ref: '#/components/schemas/Key'}}}}}}}
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Key'}}}}
                  responses:
                    '201': {description: made, content: {application/json: {schema: {type: object, properties: {ssh_key: {$ref: '#/components/schemas/Key'}}}}}}
              /keys/{key_id}:
                parameters: [{name: key_id, in: path, required: true, schema: {type: integer}}]
                get:
                  responses:
                    '200': {description: one, content: {application/json: {schema: {type: object, properties: {ssh_key: {$ref: '#/components/schemas/Key'}}}}}}
              /revisions:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Revision'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Revision'}}}}}
              /revisions/{name}:
                parameters: [{name: name, in: path, required: true, schema: {type: string}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Revision'}}}}}
            """,
            schemas: """
                    Key:
                      type: object
                      properties:
                        id: {type: integer, readOnly: true}
                        key_id: {type: string}
                        name: {type: string}
                    Revision:
                      type: object
                      properties:
                        apiVersion: {type: string}
                        kind: {type: string}
                        revision: {type: integer}
                        data: {type: object}
                        metadata: {type: object, properties: {name: {type: string}}}
                """)
        let collections = Dictionary(uniqueKeysWithValues: engine.resourceModel.collections.map { ($0.path, $0) })
        #expect(collections["/keys"]?.envelope == "ssh_key")
        #expect(collections["/keys"]?.idField == "id")
        #expect(collections["/revisions"]?.envelope == nil)
        let created = send(engine, "POST", "/keys", json: ["name": "laptop"])
        #expect(created.jsonBody?["ssh_key"]?["name"] == "laptop")
        let id = try #require(created.jsonBody?["ssh_key"]?["id"]?.intValue)
        #expect(send(engine, "GET", "/keys/\(id)").jsonBody?["ssh_key"]?["name"] == "laptop")
        #expect(send(engine, "GET", "/keys").jsonBody?["ssh_keys"]?.arrayValue?.first?["name"] == "laptop")
        let revision = send(engine, "POST", "/revisions", json: ["revision": 3, "kind": "ControllerRevision"])
        #expect(revision.jsonBody?["revision"] == 3)
        #expect(revision.jsonBody?["kind"] == "ControllerRevision")
    }

    /// LaunchDarkly's integrations: `/integrations` only lists, so `/integrations/{kind}`, which creates, is a
    /// collection and not an item; a sub-resource deleted below an item (`/things/{id}/photo`) stays deleted.
    @Test func collectionBelowAListAndDeletedSubResources() throws {
        let engine = try Self.engine(
            """
              /integrations:
                get:
                  responses: {'200': {description: all, content: {application/json: {schema: {type: object}}}}}
              /integrations/{kind}:
                parameters: [{name: kind, in: path, required: true, schema: {type: string}}]
                get:
                  responses:
                    '200': {description: all, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/Flag'}}}}}}}
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
              /integrations/{kind}/{id}:
                parameters:
                  - {name: kind, in: path, required: true, schema: {type: string}}
                  - {name: id, in: path, required: true, schema: {type: string}}
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
                delete:
                  responses: {'204': {description: gone}}
              /integrations/{kind}/{id}/photo:
                parameters:
                  - {name: kind, in: path, required: true, schema: {type: string}}
                  - {name: id, in: path, required: true, schema: {type: string}}
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {type: object}}}}}
                delete:
                  responses: {'204': {description: gone}}
            """, schemas: Self.flagSchemas)
        let collection = try #require(engine.resourceModel.collections.first)
        #expect(collection.path == "/integrations/{kind}")
        #expect(collection.itemPath == "/integrations/{kind}/{id}")
        let created = send(engine, "POST", "/integrations/datadog", json: ["key": "dd", "name": "Datadog"])
        #expect(created.status == 201)
        #expect(send(engine, "GET", "/integrations/datadog/dd").jsonBody?["name"] == "Datadog")
        #expect(send(engine, "GET", "/integrations/datadog/dd/photo").status == 200)
        #expect(send(engine, "DELETE", "/integrations/datadog/dd/photo").status == 204)
        #expect(send(engine, "GET", "/integrations/datadog/dd/photo").status == 404)
        #expect(send(engine, "DELETE", "/integrations/datadog/dd").status == 204)
        #expect(send(engine, "GET", "/integrations/datadog/dd").status == 404)
    }

    /// An action that answers another resource (Prefect's `create_flow_run` on a deployment answers a flow
    /// run) answers that resource with what was sent, not the item it acts on.
    @Test func actionsAnsweringAnotherResource() throws {
        let engine = try Self.engine(
            """
              /deployments:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
              /deployments/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                get:
                  responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Flag'}}}}}
              /deployments/{id}/create_flow_run:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                post:
                  requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
                  responses:
                    '201':
                      description: run
                      content:
                        application/json:
                          schema: {type: object, properties: {key: {type: string}, name: {type: string}, state: {type: string}}}
            """, schemas: Self.flagSchemas)
        _ = send(engine, "POST", "/deployments", json: ["key": "etl", "name": "ETL"])
        let run = send(engine, "POST", "/deployments/etl/create_flow_run", json: ["name": "nightly"])
        #expect(run.status == 201)
        #expect(run.jsonBody?["name"] == "nightly")
    }

    static let loanSchemas = """
            Loan:
              type: object
              required: [id, borrower]
              properties:
                id: {type: integer, readOnly: true}
                borrower: {type: string}
                due: {type: string, format: date}
        """

    /// The hidden library contract's shape: `GET` + `POST /books/{bookId}/loans` and no item path.
    @Test func nestedCollectionWithoutAnItemPath() throws {
        let engine = try Self.engine(
            """
              /books/{bookId}/loans:
                parameters: [{name: bookId, in: path, required: true, schema: {type: string}}]
                get:
                  responses:
                    '200': {description: all, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Loan'}}}}}
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Loan'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Loan'}}}}}
            """, schemas: Self.loanSchemas)
        let collection = try #require(engine.resourceModel.collections.first)
        #expect(collection.path == "/books/{bookId}/loans")
        #expect(collection.itemPath == nil)
        #expect(collection.scope == ["bookId"])

        let created = send(engine, "POST", "/books/b1/loans", json: ["borrower": "ada"])
        #expect(created.status == 201)
        #expect(created.jsonBody?["borrower"] == "ada")
        #expect(send(engine, "GET", "/books/b1/loans").jsonBody?.arrayValue?.compactMap { $0["borrower"] } == ["ada"])
        #expect(send(engine, "GET", "/books/b2/loans").jsonBody?.arrayValue?.isEmpty == true)
    }

    /// A GET and a POST on one path whose POST takes nothing the GET lists are not a collection.
    @Test func postThatTakesSomethingElseIsNotACollection() throws {
        let engine = try Self.engine(
            """
              /search:
                get:
                  responses:
                    '200': {description: all, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Loan'}}}}}
                post:
                  requestBody: {content: {application/json: {schema: {type: object, properties: {query: {type: string}}}}}}
                  responses:
                    '200': {description: all, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Loan'}}}}}
            """, schemas: Self.loanSchemas)
        #expect(engine.resourceModel.collections.isEmpty)
        #expect(engine.resourceModel.outside.map(\.operation) == ["GET /search", "POST /search"])
    }

    /// Outside any collection, an answer made from the contract carries what the request sent wherever the
    /// answer names the same member and the value fits it; a value that does not fit leaves the example.
    @Test func answersOutsideCollectionsReflectTheRequest() throws {
        let engine = try Self.engine(
            """
              /Users/New:
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {type: object, properties: {Name: {type: string}, Kind: {type: string}}}
                  responses:
                    '200':
                      description: made
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              Name: {type: string}
                              Kind: {type: string, enum: [person, robot]}
                              Id: {type: integer}
                          example: {Name: Example, Kind: person, Id: 7}
              /apps/{owner}/deploy:
                parameters: [{name: owner, in: path, required: true, schema: {type: string}}]
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {type: object, properties: {display_name: {type: string}}}
                  responses:
                    '202':
                      description: queued
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              app: {type: object, properties: {display_name: {type: string}, owner: {type: string}}}
                              action: {type: object, properties: {status: {type: string}}}
            """)
        let made = send(engine, "POST", "/Users/New", json: ["Name": "ada", "Kind": "alien"])
        #expect(made.jsonBody == ["Name": "ada", "Kind": "person", "Id": 7])
        let deployed = send(engine, "POST", "/apps/acme/deploy", json: ["display_name": "My App"])
        #expect(deployed.status == 202)
        #expect(deployed.jsonBody?["app"]?["display_name"] == "My App")
        #expect(deployed.jsonBody?["app"]?["owner"] == "acme")
        let asked = engine.handle(
            MockRequest(
                method: "POST", target: "/Users/New",
                headers: [("Content-Type", "application/json"), ("Prefer", "example=missing")],
                body: JSONSerializer.data(["Name": "ada"]))
        ).0
        // A caller who names an example gets it as it is.
        #expect(asked.jsonBody?["Name"] == "Example")
    }

    /// An action on a stored item that answers the item (Gitea's `POST …/reviews/{id}` submitting a review
    /// with a body) answers with what it sent where the value fits the item's member; the stored item is
    /// left as it was, and a value that does not fit leaves the stored one.
    @Test func actionsOnStoredItemsReflectTheRequest() throws {
        let engine = try Self.engine(
            """
              /reviews:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Review'}}}}
                  responses: {'201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Review'}}}}}
              /reviews/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
                get:
                  responses:
                    '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Review'}}}}
                    '404': {description: missing}
                post:
                  requestBody:
                    content:
                      application/json:
                        schema: {type: object, properties: {body: {type: string}, event: {type: string}}}
                  responses:
                    '200': {description: submitted, content: {application/json: {schema: {$ref: '#/components/schemas/Review'}}}}
                    '404': {description: missing}
            """,
            schemas: """
                    Review:
                      type: object
                      properties:
                        id: {type: integer, readOnly: true}
                        body: {type: string}
                        state: {type: string, enum: [pending, approved]}
                """)
        let made = send(engine, "POST", "/reviews", json: ["body": "first", "state": "pending"])
        let id = try #require(made.jsonBody?["id"]?.intValue)
        let submitted = send(engine, "POST", "/reviews/\(id)", json: ["body": "lgtm", "event": "APPROVE"])
        #expect(submitted.status == 200)
        #expect(submitted.jsonBody?["body"] == "lgtm")
        #expect(submitted.jsonBody?["state"] == "pending")
        #expect(submitted.jsonBody?["id"] == .int(id))
        #expect(send(engine, "GET", "/reviews/\(id)").jsonBody?["body"] == "first")
        #expect(send(engine, "POST", "/reviews/\(id + 1)", json: ["body": "lgtm"]).status == 404)
    }

    /// An output problem the mock had to repair (a stored item that no longer fits its schema, here put in
    /// through the admin API) is in the request journal, not only in the log.
    @Test func repairsAreInTheJournal() throws {
        let store = StateStore()
        let contract = try #require(
            ContractLoader().load(
                text: """
                    openapi: 3.0.3
                    info: {title: Shapes, version: '1'}
                    paths:
                    \(Self.flowPaths)
                    components:
                      schemas:
                    \(Self.flowSchemas)
                    """
            ).contract)
        let engine = MockEngine(contract: contract, options: MockOptions(seed: 1), store: store)
        let service = MockService(mounts: [MountedContract(prefix: "", engine: engine)], store: store)
        let id = "0b8d4bb4-4a4c-4f34-9c1e-3d1c2b7a0c11"
        let state: JSONValue = [
            "default": [
                "collections": [
                    "/flows": [
                        "sequence": 1, "items": [["id": .string(id), "value": ["id": .string(id), "name": 42]]],
                    ]
                ],
                "singletons": [:],
            ]
        ]
        let put = service.handle(
            MockRequest(
                method: "PUT", target: "/__understudy/state", headers: [("Content-Type", "application/json")],
                body: JSONSerializer.data(state)))
        #expect(put.status == 200)
        let read = service.handle(MockRequest(method: "GET", target: "/flows/\(id)"))
        #expect(read.status == 200)
        #expect(read.jsonBody?["name"]?.stringValue != nil)
        let journal = service.handle(MockRequest(method: "GET", target: "/__understudy/requests?limit=1")).jsonBody
        let repairs = journal?["requests"]?.arrayValue?.last?["repairs"]?.arrayValue
        #expect(repairs?.count == 1)
        #expect(repairs?.first?.stringValue?.hasPrefix("stored data did not fit the response schema (") == true)
    }

    /// `understudy explain`'s text for one small contract, whole.
    @Test func renderedModel() throws {
        let engine = try Self.engine(
            Self.flowPaths + "\n" + """
                  /health:
                    get:
                      responses: {'200': {description: fine}}
                """, schemas: Self.flowSchemas)
        #expect(
            engine.resourceModel.rendered == """
                1 collection

                collection /flows
                  item path   /flows/{id}
                  id          id (path parameter id), made by the mock
                  list        POST /flows/filter: limit "limit", offset "offset" (in the body); a bare array
                  create      POST /flows/
                  list        POST /flows/filter
                  read        GET /flows/{id}

                1 operation outside any collection
                  GET /health  [contract] nothing writes this path: answered from the contract

                To change any of this, a profile (mock.yaml) names a resource: resources: {NAME: {path: ITEM_PATH, \
                id: {field: FIELD}, operations: {operationId: create|list|read|update|replace|delete|action}}}; see \
                docs/profiles.md.

                """)
    }
}
