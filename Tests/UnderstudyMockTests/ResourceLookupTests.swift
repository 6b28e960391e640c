import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// The resource-lookup stage on its own (a store and item models, no engine), then through the engine: an
/// item is found by its id, else by a field clients also address it by, and is then addressed by its id.
@Suite struct ResourceLookupTests {
    static let things = CollectionInfo(
        collectionPath: "/orgs/{org}/things", itemPath: "/orgs/{org}/things/{thingId}", idParameter: "thingId",
        scopeParameters: ["org"], stateful: true, putCreates: false)

    static func lookup(tenantOwned: Bool = false) -> ResourceLookup {
        var model = ItemModel(idField: "_id")
        model.propertyNames = ["_id", "name", "colour"]
        return ResourceLookup(
            store: StateStore(), tenantOwnedItemPaths: tenantOwned ? [things.itemPath] : [],
            itemModels: [things.itemPath: model])
    }

    @Test func keysCarryScopeAndTenant() {
        let plain = Self.lookup()
        #expect(
            plain.collectionKey(Self.things, pathParameters: ["org": "acme"], principal: nil)
                == "/orgs/{org}/things?org=acme")
        let owned = Self.lookup(tenantOwned: true)
        var ada = Principal(name: "ada", credentials: [:], permissions: [])
        ada.tenant = "north"
        #expect(
            owned.collectionKey(Self.things, pathParameters: ["org": "acme"], principal: ada)
                == "/orgs/{org}/things?org=acme#north")
        #expect(ResourceLookup.fields(ItemModel(idField: "_id")) == ["_id"])
        var model = ItemModel(idField: "id")
        model.propertyNames = ["id", "slug", "title", "name"]
        model.uniqueFields = ["title"]
        #expect(ResourceLookup.fields(model) == ["id", "title", "name", "slug"])
    }

    @Test func findsByIdThenByNameAndReportsTheRealId() {
        let lookup = Self.lookup()
        let key = "/orgs/{org}/things?org=acme"
        lookup.store.put(
            session: "s", collection: key, id: "t1", value: ["_id": "t1", "name": "lamp", "colour": "red"])
        let byId = lookup.locate(Self.things, id: "t1", pathParameters: ["org": "acme"], principal: nil, session: "s")
        #expect(byId.id == "t1")
        #expect(byId.item?["name"] == "lamp")
        let byName = lookup.locate(
            Self.things, id: "lamp", pathParameters: ["org": "acme"], principal: nil, session: "s")
        #expect(byName.id == "t1")
        #expect(byName.collectionKey == key)
        #expect(byName.item?["_id"] == "t1")
        // A PUT names the item it writes: "lamp" is then a new id, not the lamp.
        let naming = lookup.locate(
            Self.things, id: "lamp", pathParameters: ["org": "acme"], principal: nil, session: "s", naming: true)
        #expect(naming.id == "lamp")
        #expect(naming.item == nil)
        // A field that is not an identifier never finds anything; another scope holds nothing.
        #expect(
            lookup.locate(Self.things, id: "red", pathParameters: ["org": "acme"], principal: nil, session: "s").item
                == nil)
        #expect(
            lookup.locate(Self.things, id: "t1", pathParameters: ["org": "other"], principal: nil, session: "s").item
                == nil)
    }

    /// Lookups by another field go through an index made on the first miss; any change to the store makes it
    /// again, so a renamed item is found by its new name only; of two items named alike, the newer.
    @Test func theFieldIndexFollowsTheStore() {
        let lookup = Self.lookup()
        let key = "/orgs/{org}/things?org=acme"
        for number in 1...500 {
            lookup.store.put(
                session: "s", collection: key, id: "t\(number)",
                value: ["_id": .string("t\(number)"), "name": .string("n\(number)")])
        }
        func find(_ value: String) -> String? {
            let place = lookup.locate(
                Self.things, id: value, pathParameters: ["org": "acme"], principal: nil, session: "s")
            return place.item == nil ? nil : place.id
        }
        #expect(find("n250") == "t250")
        #expect(find("nobody") == nil)
        lookup.store.put(session: "s", collection: key, id: "t250", value: ["_id": "t250", "name": "renamed"])
        #expect(find("renamed") == "t250")
        #expect(find("n250") == nil)
        #expect(find("n251") == "t251")
        // Two items named alike: the newer is meant.
        lookup.store.put(session: "s", collection: key, id: "t501", value: ["_id": "t501", "name": "n1"])
        #expect(find("n1") == "t501")
        // Another session has its own items and its own index.
        #expect(
            lookup.locate(Self.things, id: "n1", pathParameters: ["org": "acme"], principal: nil, session: "other").item
                == nil)
    }

    @Test func aDeletedIdIsReportedAndAMissingScopeSearchesEveryScope() {
        let lookup = Self.lookup()
        let key = "/orgs/{org}/things?org=acme"
        lookup.store.put(session: "s", collection: ResourceLookup.deletedKey(key), id: "t9", value: .bool(true))
        let deleted = lookup.locate(
            Self.things, id: "t9", pathParameters: ["org": "acme"], principal: nil, session: "s")
        #expect(deleted.item == nil)
        #expect(deleted.wasDeleted)
        lookup.store.put(session: "s", collection: key, id: "t2", value: ["_id": "t2", "name": "desk"])
        let anywhere = lookup.locate(Self.things, id: "t2", pathParameters: [:], principal: nil, session: "s")
        #expect(anywhere.collectionKey == key)
        #expect(anywhere.item?["name"] == "desk")
    }

    static let tokens = """
        openapi: 3.0.3
        info: {title: tokens, version: '1'}
        paths:
          /tokens:
            get:
              responses:
                '200':
                  description: all
                  content:
                    application/json:
                      schema: {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/Token'}}}}
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Token'}
              responses:
                '201':
                  description: made
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Token'}
          /tokens/{tokenId}:
            parameters:
              - {name: tokenId, in: path, required: true, schema: {type: string}}
            get:
              responses:
                '200':
                  description: one
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Token'}
                '404': {description: none}
            patch:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Token'}
              responses:
                '200':
                  description: changed
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Token'}
                '404': {description: none}
            delete:
              responses:
                '204': {description: gone}
                '404': {description: none}
          /tokens/{tokenId}/rotate:
            parameters:
              - {name: tokenId, in: path, required: true, schema: {type: string}}
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {reason: {type: string}}}
              responses:
                '200':
                  description: the rotation, not the token
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Rotation'}
        components:
          schemas:
            Token:
              type: object
              properties:
                _id: {type: string, readOnly: true}
                name: {type: string}
                role: {type: string}
            Rotation:
              type: object
              required: [reason, rotatedAt]
              properties:
                reason: {type: string}
                rotatedAt: {type: string, format: date-time}
        """

    @Test func theEngineAddressesAnItemByItsNameWithoutCopyingIt() throws {
        let engine = MockEngine(contract: try #require(ContractLoader().load(text: Self.tokens).contract))
        let made = engine.send("POST", "/tokens", json: ["name": "deploy", "role": "reader"])
        #expect(made.status == 201)
        let id = try #require(made.jsonBody?["_id"]?.stringValue)
        #expect(id != "deploy")
        #expect(engine.send("GET", "/tokens/deploy").jsonBody?["_id"]?.stringValue == id)
        let changed = engine.send("PATCH", "/tokens/deploy", json: ["role": "writer"])
        #expect(changed.status == 200)
        #expect(changed.jsonBody?["_id"]?.stringValue == id)
        #expect(engine.send("GET", "/tokens/\(id)").jsonBody?["role"] == "writer")
        #expect(engine.send("GET", "/tokens").jsonBody?["items"]?.arrayValue?.count == 1)
        #expect(engine.send("DELETE", "/tokens/deploy").status == 204)
        #expect(engine.send("GET", "/tokens/\(id)").status == 404)
        #expect(engine.send("GET", "/tokens/deploy").status == 404)
    }

    @Test func anActionOnAMissingItemAnswersItsOwnSchemaWithWhatWasSent() throws {
        // The operation declares no 404, so a missing token is answered with the declared success: the
        // Rotation it declares (with the reason sent), never a made-up Token.
        let engine = MockEngine(contract: try #require(ContractLoader().load(text: Self.tokens).contract))
        let answer = engine.send("POST", "/tokens/nobody/rotate", json: ["reason": "leaked"])
        #expect(answer.status == 200)
        let body = try #require(answer.jsonBody)
        #expect(body["reason"] == "leaked")
        #expect(body["rotatedAt"] != nil)
        #expect(body["name"] == nil)
    }
}
