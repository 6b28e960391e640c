import Foundation
import Synchronization
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// What a store hands its persistence: every change, in order; and what a caller is told when the
/// persistence refuses one.
@Suite struct StatePersistenceTests {
    final class Recording: StatePersistence {
        let written = Mutex<[StateChange]>([])
        let refuses: Bool

        init(refuses: Bool = false) { self.refuses = refuses }

        func load() throws(StatePersistenceError) -> SavedState {
            SavedState(
                sessions: ["kept": SavedState.Session(collections: ["/a": .init(sequence: 2, items: [("a1", 1)])])],
                nextPosition: 7)
        }

        func write(_ changes: [StateChange]) throws(StatePersistenceError) {
            if refuses { throw StatePersistenceError("state.db: the disk is full") }
            written.withLock { $0 += changes }
        }
    }

    @Test func everyChangeIsHandedOverInOrder() throws {
        let recording = Recording()
        let store = try StateStore(persistence: recording)
        #expect(store.items(session: "kept", collection: "/a").map(\.id) == ["a1"])
        store.put(session: "kept", collection: "/a", id: "a2", value: 2)
        store.put(session: "kept", collection: "/a", id: "a2", value: 3)
        #expect(store.nextSequence(session: "kept", collection: "/a") == 3)
        store.remove(session: "kept", collection: "/a", id: "a1")
        store.setSingleton(session: "kept", path: "/me", value: ["n": 1])
        store.reset(session: "kept")
        store.reset()
        #expect(
            recording.written.withLock { $0 } == [
                .put(session: "kept", collection: "/a", id: "a2", position: 7, value: 2),
                .put(session: "kept", collection: "/a", id: "a2", position: nil, value: 3),
                .sequence(session: "kept", collection: "/a", value: 3),
                .remove(session: "kept", collection: "/a", id: "a1"),
                .singleton(session: "kept", path: "/me", value: ["n": 1]),
                .dropSession("kept"),
                .dropAll,
            ])
    }

    @Test func aRefusedWriteIsA503SayingSo() throws {
        let contract = try #require(
            ContractLoader().load(
                text: """
                    openapi: 3.0.3
                    info: {title: t, version: '1'}
                    paths:
                      /notes:
                        post:
                          requestBody: {content: {application/json: {schema: {type: object}}}}
                          responses: {'201': {description: made, content: {application/json: {schema: {type: object}}}}}
                      /notes/{id}:
                        get:
                          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                          responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
                    """
            ).contract)
        let store = try StateStore(persistence: Recording(refuses: true))
        let service = MockService(
            mounts: [MountedContract(prefix: "", engine: MockEngine(contract: contract, store: store))], store: store)
        let answer = service.handle(
            MockRequest(
                method: "POST", target: "/notes", headers: [("Content-Type", "application/json")],
                body: Array(#"{"text": "x"}"#.utf8)))
        #expect(answer.status == 503)
        #expect(
            answer.jsonBody?["detail"]
                == "the mock could not keep this change in its state file (it holds it in memory only): state.db: the disk is full"
        )
        // A read that writes nothing is answered as usual.
        #expect(service.handle(MockRequest(method: "GET", path: "/notes/n1")).status == 200)
    }
}
