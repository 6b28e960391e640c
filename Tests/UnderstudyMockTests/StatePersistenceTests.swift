import Dispatch
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
        /// The changes of each write, one element per call (one transaction in a SQLite file).
        let batches = Mutex<[[StateChange]]>([])
        /// Every change written, in order.
        var written: [StateChange] { batches.withLock { $0.flatMap { $0 } } }
        let refuses: Bool

        init(refuses: Bool = false) { self.refuses = refuses }

        func load() throws(StatePersistenceError) -> SavedState {
            SavedState(
                sessions: ["kept": SavedState.Session(collections: ["/a": .init(sequence: 2, items: [("a1", 1)])])],
                nextPosition: 7)
        }

        func write(_ changes: [StateChange]) throws(StatePersistenceError) {
            if refuses { throw StatePersistenceError("state.db: the disk is full") }
            batches.withLock { $0.append(changes) }
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
            recording.written == [
                .put(session: "kept", collection: "/a", id: "a2", position: 7, value: 2),
                .put(session: "kept", collection: "/a", id: "a2", position: nil, value: 3),
                .sequence(session: "kept", collection: "/a", value: 3),
                .remove(session: "kept", collection: "/a", id: "a1"),
                .singleton(session: "kept", path: "/me", value: ["n": 1]),
                .dropSession("kept"),
                .dropAll,
            ])
    }

    @Test func aSequenceHeldBackIsWrittenWithTheNextChangeInOneWrite() throws {
        let recording = Recording()
        let store = try StateStore(persistence: recording)
        #expect(store.nextSequence(session: "kept", collection: "/a", writeNow: false) == 3)
        #expect(recording.batches.withLock { $0 }.isEmpty)
        store.put(session: "kept", collection: "/a", id: "3", value: 3)
        #expect(
            recording.batches.withLock { $0 } == [
                [
                    .sequence(session: "kept", collection: "/a", value: 3),
                    .put(session: "kept", collection: "/a", id: "3", position: 7, value: 3),
                ]
            ])
    }

    /// A persistence whose writes wait at a gate until the test opens it.
    final class Gated: StatePersistence {
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        /// The changes of each write, one element per call.
        let batches = Mutex<[[StateChange]]>([])
        var written: [StateChange] { batches.withLock { $0.flatMap { $0 } } }

        func load() throws(StatePersistenceError) -> SavedState { SavedState() }

        func write(_ changes: [StateChange]) throws(StatePersistenceError) {
            entered.signal()
            gate.wait()
            batches.withLock { $0.append(changes) }
        }
    }

    /// The file is written after the memory lock is given up: a read is answered while a write is still
    /// on its way to the disk, and the writer returns only once its change is written.
    @Test func aReadDoesNotWaitForTheDisk() throws {
        let persistence = Gated()
        let store = try StateStore(persistence: persistence)
        let writer = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            store.put(session: "s", collection: "/a", id: "1", value: 1)
            writer.signal()
        }
        #expect(persistence.entered.wait(timeout: .now() + 10) == .success)
        let reader = DispatchSemaphore(value: 0)
        let seen = Mutex<[String]>([])
        DispatchQueue.global().async {
            seen.withLock { $0 = store.items(session: "s", collection: "/a").map(\.id) }
            reader.signal()
        }
        let readWhileWriting = reader.wait(timeout: .now() + 10) == .success
        // The writer has not returned: its change is not in the file yet.
        let writerReturnedEarly = writer.wait(timeout: .now()) == .success
        persistence.gate.signal()
        #expect(readWhileWriting)
        #expect(!writerReturnedEarly)
        #expect(writer.wait(timeout: .now() + 10) == .success)
        if !readWhileWriting { _ = reader.wait(timeout: .now() + 10) }
        #expect(seen.withLock { $0 } == ["1"])
        #expect(persistence.written.count == 1)
    }

    /// Writes from many threads: never two at once, every change written, each thread's in its own order.
    @Test func concurrentChangesAreAllWrittenInOrder() throws {
        final class Checking: StatePersistence {
            let written = Mutex<[StateChange]>([])
            let busy = Mutex(false)
            let overlaps = Mutex(0)

            func load() throws(StatePersistenceError) -> SavedState { SavedState() }

            func write(_ changes: [StateChange]) throws(StatePersistenceError) {
                if busy.withLock({ busy in
                    defer { busy = true }; return busy
                }) {
                    overlaps.withLock { $0 += 1 }
                }
                usleep(50)
                written.withLock { $0 += changes }
                busy.withLock { $0 = false }
            }
        }
        let persistence = Checking()
        let store = try StateStore(persistence: persistence)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<100 {
                store.put(session: "s", collection: "/t\(thread)", id: String(index), value: .int(index))
            }
        }
        #expect(persistence.overlaps.withLock { $0 } == 0)
        let written = persistence.written.withLock { $0 }
        for thread in 0..<4 {
            let ids = written.compactMap { change -> String? in
                guard case .put(_, "/t\(thread)", let id, _, _) = change else { return nil }
                return id
            }
            #expect(ids == (0..<100).map(String.init))
        }
    }

    /// Under `--state`, a create is one transaction: its id's sequence and its item together.
    @Test func aCreateIsOneWrite() throws {
        let recording = Recording()
        let (_, answer) = try Self.postNote(to: recording)
        #expect(answer.status == 201)
        let batches = recording.batches.withLock { $0 }
        #expect(batches.map { $0.map(Self.kind) } == [["sequence", "put"]])
    }

    static func kind(_ change: StateChange) -> String {
        switch change {
        case .put: "put"
        case .remove: "remove"
        case .sequence: "sequence"
        case .singleton: "singleton"
        case .dropSession: "dropSession"
        case .dropAll: "dropAll"
        }
    }

    /// A mock of ``notes()`` keeping its state through `persistence`, and its answer to a create.
    static func postNote(to persistence: any StatePersistence) throws -> (MockService, MockResponse) {
        let service = try notesService(persistence)
        return (service, service.handle(createNote("x")))
    }

    /// A mock of ``notes()`` keeping its state through `persistence`.
    static func notesService(_ persistence: any StatePersistence) throws -> MockService {
        let store = try StateStore(persistence: persistence)
        return MockService(
            mounts: [MountedContract(prefix: "", engine: MockEngine(contract: try notes(), store: store))],
            store: store)
    }

    static func createNote(_ text: String) -> MockRequest {
        MockRequest(
            method: "POST", target: "/notes", headers: [("Content-Type", "application/json")],
            body: Array(#"{"text": "\#(text)"}"#.utf8))
    }

    /// A collection of notes with string ids.
    static func notes() throws -> Contract {
        try #require(
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
    }

    @Test func aRefusedWriteIsA503SayingSo() throws {
        let (service, answer) = try Self.postNote(to: Recording(refuses: true))
        #expect(answer.status == 503)
        #expect(
            answer.jsonBody?["detail"]
                == "the mock could not keep this change in its state file (it holds it in memory only): state.db: the disk is full"
        )
        // A read that writes nothing is answered as usual.
        #expect(service.handle(MockRequest(method: "GET", path: "/notes/n1")).status == 200)
    }

    /// Changes made while another write is under way wait for it, then go into one write together (one
    /// transaction); each caller returns once its own change is written.
    @Test func changesMadeDuringAWriteAreWrittenTogether() throws {
        let persistence = Gated()
        let store = try StateStore(persistence: persistence)
        let returned = Mutex<Set<String>>([])
        let done = DispatchSemaphore(value: 0)
        for id in ["a", "b", "c"] {
            // Threads of their own: the global queue has as many threads as the machine has cores, and two
            // of these wait.
            Thread {
                store.put(session: "s", collection: "/notes", id: id, value: .string(id))
                returned.withLock { _ = $0.insert(id) }
                done.signal()
            }.start()
            // The first change's write is under way (held at the gate); the others queue behind it.
            if id == "a" { #expect(persistence.entered.wait(timeout: .now() + 10) == .success) }
        }
        // Both later changes are made and wait for the write lock.
        let deadline = Date().addingTimeInterval(10)
        while store.changeTicket < 3, Date() < deadline { usleep(1000) }
        #expect(store.changeTicket == 3)
        #expect(returned.withLock { $0 }.isEmpty)
        persistence.gate.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(returned.withLock { $0 } == ["a"])
        #expect(persistence.entered.wait(timeout: .now() + 10) == .success)
        persistence.gate.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(returned.withLock { $0 } == ["a", "b", "c"])
        #expect(persistence.batches.withLock { $0 }.map(\.count) == [1, 2])
    }

    /// A change held for the next write is written when a request asks for it, and by `finishWrites`.
    @Test func heldChangesAreWrittenWhenAskedForOrWhenWritingFinishes() throws {
        let recording = Recording()
        let store = try StateStore(persistence: recording)
        let before = store.changeTicket
        #expect(store.nextSequence(session: "kept", collection: "/a", writeNow: false) == 3)
        let after = store.changeTicket
        #expect(after == before + 1)
        #expect(recording.written.isEmpty)
        #expect(store.writeThrough(after: before, through: after) == nil)
        #expect(recording.written == [.sequence(session: "kept", collection: "/a", value: 3)])
        _ = store.nextSequence(session: "kept", collection: "/a", writeNow: false)
        store.finishWrites()
        #expect(recording.written.count == 2)
        // A refused write is told to the request whose changes it held.
        let refusing = try StateStore(persistence: Recording(refuses: true))
        let start = refusing.changeTicket
        _ = refusing.nextSequence(session: "kept", collection: "/a", writeNow: false)
        #expect(refusing.writeThrough(after: start, through: refusing.changeTicket) == "state.db: the disk is full")
    }
}
