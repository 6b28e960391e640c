import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// Read-modify-write is one critical section: concurrent PATCHes of one item lose nothing, and a unique value
/// is claimed by exactly one of many concurrent creates.
@Suite struct StoreAtomicityTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Counters, version: '1'}
        paths:
          /boards:
            post:
              operationId: createBoard
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Board'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Board'}}}}
          /boards/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
            get:
              operationId: getBoard
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Board'}}}}
                '404': {description: none}
            patch:
              operationId: updateBoard
              requestBody: {content: {application/merge-patch+json: {schema: {$ref: '#/components/schemas/Board'}}}}
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Board'}}}}
                '404': {description: none}
        components:
          schemas:
            Board:
              type: object
              properties: {id: {type: integer, readOnly: true}}
              additionalProperties: {type: integer}
        """

    @Test func concurrentPatchesOfOneItemLoseNothing() async throws {
        let loaded = ContractLoader().load(text: Self.spec)
        let engine = MockEngine(contract: try #require(loaded.contract, "\(loaded.diagnostics)"))
        func send(_ method: String, _ target: String, _ body: JSONValue? = nil) -> MockResponse {
            engine.send(
                method, target, json: body,
                contentType: method == "PATCH" ? "application/merge-patch+json" : "application/json")
        }
        let created = send("POST", "/boards", ["seed": 0])
        #expect(created.status == 201)
        let id = try #require(created.jsonBody?["id"]?.intValue)
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<64 {
                group.addTask {
                    for round in 1...100 {
                        let answer = send("PATCH", "/boards/\(id)", .object(["f\(client)": .int(round)]))
                        #expect(answer.status == 200)
                    }
                }
            }
        }
        let board = try #require(send("GET", "/boards/\(id)").jsonBody)
        let lost = (0..<64).filter { board["f\($0)"] != .int(100) }
        #expect(lost.isEmpty, "fields whose last update was lost: \(lost.map { "f\($0)=\(board["f\($0)"] ?? .null)" })")
        #expect(board["seed"] == 0)
    }

    @Test func concurrentPlainCreatesEachGetTheirOwnItem() async throws {
        // A create with nothing to check runs outside the session's critical section: every one must still
        // get its own id and be stored.
        let loaded = ContractLoader().load(text: Self.spec)
        let engine = MockEngine(contract: try #require(loaded.contract, "\(loaded.diagnostics)"))
        let ids = await withTaskGroup(of: [Int].self) { group in
            for client in 0..<32 {
                group.addTask {
                    (0..<50).compactMap { round in
                        engine.send("POST", "/boards", json: ["client": .int(client), "round": .int(round)])
                            .jsonBody?["id"]?.intValue
                    }
                }
            }
            var all: [Int] = []
            for await some in group { all += some }
            return all
        }
        #expect(ids.count == 1600)
        #expect(Set(ids).count == 1600)
        #expect(Set(ids) == Set(1...1600))
        for id in [1, 800, 1600] {
            let board = engine.send("GET", "/boards/\(id)")
            #expect(board.status == 200)
            #expect(board.jsonBody?["id"]?.intValue == id)
        }
    }

    @Test func aUniqueValueIsClaimedOnce() async throws {
        let mock = try ProfileBehaviourTests.Mock()
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    mock.call("POST", "/orgs/main/reports", json: ["name": "Concurrent", "type": "csv"]).status
                }
            }
            var all: [Int] = []
            for await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == 201 }.count == 1)
        #expect(statuses.filter { $0 == 409 }.count == 63)
    }
}
