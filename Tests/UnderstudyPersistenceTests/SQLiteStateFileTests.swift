import Foundation
import GRDB
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudyPersistence
import UnderstudySchema
import UnderstudyTestSupport

/// `serve --state`: what a store writes through comes back, in order, in a new process's store; the file is
/// held by one mock at a time; what is not a state file is refused, naming it.
@Suite struct SQLiteStateFileTests {
    static func file() -> String { Scratch.folder("state").appendingPathComponent("state.db").path }

    @Test func everyKindOfChangeComesBackInOrder() throws {
        let path = Self.file()
        do {
            let state = try SQLiteStateFile(path: path)
            #expect(state.isNew)
            let store = try StateStore(persistence: state)
            store.put(session: "ada", collection: "/notes", id: "n1", value: ["title": "one"])
            store.put(session: "ada", collection: "/notes", id: "n2", value: ["title": "two"])
            store.put(session: "ada", collection: "/notes", id: "n3", value: ["title": "three"])
            store.put(session: "ada", collection: "/notes", id: "n1", value: ["title": "one, changed"])
            store.remove(session: "ada", collection: "/notes", id: "n2")
            #expect(store.nextSequence(session: "ada", collection: "/notes") == 1)
            #expect(store.nextSequence(session: "ada", collection: "/notes") == 2)
            store.setSingleton(session: "ada", path: "/settings", value: ["theme": "dark"])
            store.put(session: "bob", collection: "/notes", id: "b1", value: ["title": "bob's"])
            store.reset(session: "bob")
            #expect(store.persistenceFailures.count == 0)
            state.close()
        }
        let reopened = try SQLiteStateFile(path: path)
        #expect(!reopened.isNew)
        let store = try StateStore(persistence: reopened)
        #expect(store.items(session: "ada", collection: "/notes").map(\.id) == ["n1", "n3"])
        #expect(store.item(session: "ada", collection: "/notes", id: "n1") == ["title": "one, changed"])
        #expect(store.singleton(session: "ada", path: "/settings") == ["theme": "dark"])
        #expect(store.nextSequence(session: "ada", collection: "/notes") == 3)
        #expect(store.sessionNames == ["ada"])
        // A new item after a restart goes after every earlier one, in this run and the next.
        store.put(session: "ada", collection: "/notes", id: "n0", value: ["title": "zero"])
        #expect(store.items(session: "ada", collection: "/notes").map(\.id) == ["n1", "n3", "n0"])
    }

    /// A new file keeps keyed rows in their key's b-tree (no rowid): one b-tree per table for a write.
    @Test func aNewFileHasTablesWithoutRowids() throws {
        let path = Self.file()
        try SQLiteStateFile(path: path).close()
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID' ORDER BY name")
        }
        #expect(tables == ["items", "sequences", "singletons"])
    }

    /// A file made by an earlier release (tables with rowids) is read and written as before.
    @Test func aFileInTheEarlierLayoutIsReadAndWritten() throws {
        let path = Self.file()
        do {
            let earlier = try DatabaseQueue(path: path)
            try earlier.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                        CREATE TABLE items (
                          session TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL,
                          position INTEGER NOT NULL, value TEXT NOT NULL,
                          PRIMARY KEY (session, collection, id));
                        CREATE TABLE sequences (
                          session TEXT NOT NULL, collection TEXT NOT NULL, value INTEGER NOT NULL,
                          PRIMARY KEY (session, collection));
                        CREATE TABLE singletons (
                          session TEXT NOT NULL, path TEXT NOT NULL, value TEXT NOT NULL,
                          PRIMARY KEY (session, path));
                        INSERT INTO meta VALUES ('format', '1');
                        INSERT INTO items VALUES ('ada', '/notes', 'n1', 0, '{"title":"one"}');
                        INSERT INTO sequences VALUES ('ada', '/notes', 1);
                        """)
            }
            try earlier.close()
        }
        do {
            let state = try SQLiteStateFile(path: path)
            #expect(!state.isNew)
            let store = try StateStore(persistence: state)
            #expect(store.item(session: "ada", collection: "/notes", id: "n1") == ["title": "one"])
            let id = store.nextSequence(session: "ada", collection: "/notes", writeNow: false)
            store.put(session: "ada", collection: "/notes", id: "n\(id)", value: ["title": "two"])
            #expect(store.persistenceFailures.count == 0)
            state.close()
        }
        let store = try StateStore(persistence: SQLiteStateFile(path: path))
        #expect(store.items(session: "ada", collection: "/notes").map(\.id) == ["n1", "n2"])
        #expect(store.nextSequence(session: "ada", collection: "/notes") == 3)
    }

    @Test func seedsBecomeASessionsOwnAndImportsReplaceEverything() throws {
        let path = Self.file()
        do {
            let file = try SQLiteStateFile(path: path)
            let store = try StateStore(persistence: file)
            store.setBaseline(["/cases": [("c1", ["name": "seeded"]), ("c2", ["name": "also seeded"])]])
            store.touch(session: "default")
            store.remove(session: "default", collection: "/cases", id: "c1")
            file.close()
        }
        do {
            let file = try SQLiteStateFile(path: path)
            let store = try StateStore(persistence: file)
            // The seeds are not in the baseline of this run, yet the session kept what it made of them.
            #expect(store.items(session: "default", collection: "/cases").map(\.id) == ["c2"])
            try store.restore(["x": ["collections": ["/a": ["sequence": 4, "items": [["id": "a1", "value": 1]]]]]])
            file.close()
        }
        let file = try SQLiteStateFile(path: path)
        let store = try StateStore(persistence: file)
        #expect(store.sessionNames == ["x"])
        #expect(store.items(session: "x", collection: "/a").map(\.id) == ["a1"])
        #expect(store.nextSequence(session: "x", collection: "/a") == 5)
        store.reset()
        file.close()
        #expect(try StateStore(persistence: try SQLiteStateFile(path: path)).sessionNames.isEmpty)
    }

    @Test func oneMockAtATimeAndOnlyStateFiles() throws {
        let path = Self.file()
        let first = try SQLiteStateFile(path: path)
        _ = try StateStore(persistence: first)
        #expect {
            _ = try SQLiteStateFile(path: path)
        } throws: {
            ($0 as? StatePersistenceError)?.message
                == "\(path) is in use by another process (another understudy serve --state on the same file?)"
        }
        let text = Scratch.folder("state").appendingPathComponent("notes.txt").path
        try Array(repeating: "not a database", count: 200).joined(separator: "\n").write(
            toFile: text, atomically: true, encoding: .utf8)
        #expect {
            _ = try SQLiteStateFile(path: text)
        } throws: {
            ($0 as? StatePersistenceError)?.message
                == "\(text) is not an understudy state file (not a SQLite database, or damaged)"
        }
    }

    /// The change log files beside the state file at `path`.
    static func logs(of path: String) throws -> [String] {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("state.db-changes-") }
            .sorted()
    }

    /// Every write is in the change log when it returns: a process killed then (here: a file dropped without
    /// `close`) loses nothing; the next open brings the log into the SQLite file and deletes it.
    @Test func whatAKilledProcessLoggedComesBack() throws {
        let path = Self.file()
        do {
            let state = try SQLiteStateFile(path: path)
            let store = try StateStore(persistence: state)
            store.put(session: "ada", collection: "/notes", id: "n1", value: ["title": "one"])
            store.put(session: "ada", collection: "/notes", id: "n2", value: ["title": "two"])
            store.remove(session: "ada", collection: "/notes", id: "n1")
            #expect(store.nextSequence(session: "ada", collection: "/notes") == 1)
            store.setSingleton(session: "ada", path: "/settings", value: ["theme": "dark"])
            #expect(store.persistenceFailures.count == 0)
        }
        #expect(try Self.logs(of: path) == ["state.db-changes-1"])
        let reopened = try SQLiteStateFile(path: path)
        #expect(try Self.logs(of: path).isEmpty)
        let store = try StateStore(persistence: reopened)
        #expect(store.items(session: "ada", collection: "/notes").map(\.id) == ["n2"])
        #expect(store.singleton(session: "ada", path: "/settings") == ["theme": "dark"])
        #expect(store.nextSequence(session: "ada", collection: "/notes") == 2)
        reopened.close()
        // Closing wrote the SQLite file itself: another reader sees every row.
        let rows = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT id FROM items UNION ALL SELECT path FROM singletons ORDER BY 1")
        }
        #expect(rows == ["/settings", "n2"])
        #expect(try Self.logs(of: path).isEmpty)
    }

    /// A line the process died in the middle of is left out; every write before it comes back.
    @Test func aHalfWrittenLastLineIsLeftOut() throws {
        let path = Self.file()
        do {
            let state = try SQLiteStateFile(path: path)
            try state.write([.put(session: "s", collection: "/a", id: "1", position: 0, value: 1)])
            try state.write([.put(session: "s", collection: "/a", id: "2", position: 1, value: 2)])
        }
        let log = URL(fileURLWithPath: path + "-changes-1")
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"[["put","s","/a","3",2,{"half":"#.utf8))
        try handle.close()
        let saved = try SQLiteStateFile(path: path).load()
        #expect(saved.sessions["s"]?.collections["/a"]?.items.map(\.id) == ["1", "2"])
        #expect(saved.nextPosition == 2)
    }

    /// A log whose changes reached the SQLite file already (the process died before deleting it) is
    /// brought in again without changing anything: every change sets a value.
    @Test func aLogBroughtInTwiceChangesNothing() throws {
        let path = Self.file()
        let copy = path + ".copy"
        do {
            let state = try SQLiteStateFile(path: path)
            let store = try StateStore(persistence: state)
            store.put(session: "s", collection: "/a", id: "x", value: 1)
            store.put(session: "s", collection: "/a", id: "y", value: 2)
            store.remove(session: "s", collection: "/a", id: "x")
            store.put(session: "s", collection: "/a", id: "x", value: 3)
            _ = store.nextSequence(session: "s", collection: "/a")
            try FileManager.default.copyItem(atPath: path + "-changes-1", toPath: copy)
            state.close()
        }
        #expect(try Self.logs(of: path).isEmpty)
        try FileManager.default.moveItem(atPath: copy, toPath: path + "-changes-1")
        let state = try SQLiteStateFile(path: path)
        let store = try StateStore(persistence: state)
        #expect(store.items(session: "s", collection: "/a").map(\.id) == ["y", "x"])
        #expect(store.item(session: "s", collection: "/a", id: "x") == 3)
        #expect(store.nextSequence(session: "s", collection: "/a") == 2)
    }

    /// Past a few thousand changes the log moves on to a new file and the old one's changes go to the
    /// SQLite file in the background; closing writes the rest. A write after closing fails, naming the file.
    @Test func manyChangesReachTheSQLiteFileAndTheLogsGo() throws {
        let path = Self.file()
        let state = try SQLiteStateFile(path: path)
        for index in 0..<5000 {
            try state.write([
                .put(session: "s", collection: "/a", id: String(index), position: index, value: .int(index)),
                .sequence(session: "s", collection: "/a", value: index + 1),
            ])
        }
        // 10,000 changes: four files handed on (2,048 changes each), the fifth still written to. A file
        // handed on goes once its changes are in the SQLite file.
        #expect(try Self.logs(of: path).contains("state.db-changes-5"))
        let deadline = Date().addingTimeInterval(10)
        while try Self.logs(of: path).contains("state.db-changes-1"), Date() < deadline { usleep(1000) }
        #expect(try !Self.logs(of: path).contains("state.db-changes-1"))
        state.close()
        #expect(try Self.logs(of: path).isEmpty)
        let (count, sequence) = try DatabaseQueue(path: path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM items"),
                try Int.fetchOne(db, sql: "SELECT value FROM sequences")
            )
        }
        #expect(count == 5000)
        #expect(sequence == 5000)
        #expect {
            try state.write([.dropAll])
        } throws: {
            ($0 as? StatePersistenceError)?.message == "\(path) is closed"
        }
    }

    /// A collection emptied before it ever drew a number (an item put under a chosen id, then deleted) is in
    /// no export, so what a restart reads back exports the same; one that drew a number keeps it.
    @Test func anExportAfterARestartIsTheOneBefore() throws {
        let path = Self.file()
        let before: JSONValue
        do {
            let state = try SQLiteStateFile(path: path)
            let store = try StateStore(persistence: state)
            store.put(session: "default", collection: "/chosen", id: "x", value: 1)
            store.remove(session: "default", collection: "/chosen", id: "x")
            #expect(store.nextSequence(session: "default", collection: "/drawn") == 1)
            store.put(session: "default", collection: "/drawn", id: "1", value: 2)
            store.remove(session: "default", collection: "/drawn", id: "1")
            store.put(session: "default", collection: "/kept", id: "k", value: 3)
            before = store.export()
            state.close()
        }
        #expect(before["default"]?["collections"]?["/chosen"] == nil)
        #expect(before["default"]?["collections"]?["/drawn"] == ["sequence": 1, "items": []])
        let store = try StateStore(persistence: SQLiteStateFile(path: path))
        #expect(store.export() == before)
    }

    /// A NUL byte in an id, a collection, a session or a singleton's path (a path may carry %00) is kept: what
    /// is read back is what was written, and dropping a session whose name holds one drops no other.
    @Test func namesWithNulBytesComeBackWhole() throws {
        let path = Self.file()
        do {
            let state = try SQLiteStateFile(path: path)
            let store = try StateStore(persistence: state)
            store.put(session: "a", collection: "/c\u{0}d", id: "\u{9E}\u{0}\u{11}x", value: 1)
            store.put(session: "a", collection: "/c", id: "\u{9E}", value: 2)
            store.setSingleton(session: "a", path: "/s\u{0}t", value: ["k": "v"])
            store.put(session: "a\u{0}b", collection: "/c", id: "1", value: 3)
            store.put(session: "a\u{0}z", collection: "/c", id: "1", value: 4)
            store.reset(session: "a\u{0}z")
            state.close()
        }
        let store = try StateStore(persistence: SQLiteStateFile(path: path))
        #expect(store.items(session: "a", collection: "/c\u{0}d").map(\.id) == ["\u{9E}\u{0}\u{11}x"])
        #expect(store.items(session: "a", collection: "/c").map(\.id) == ["\u{9E}"])
        #expect(store.singleton(session: "a", path: "/s\u{0}t") == ["k": "v"])
        #expect(store.singleton(session: "a", path: "/s") == nil)
        #expect(store.item(session: "a\u{0}b", collection: "/c", id: "1") == 3)
        #expect(store.sessionNames.sorted() == ["a", "a\u{0}b"])
    }

    /// The texts of every row reach the SQLite file byte for byte, bound where they lie: empty ones, texts
    /// beyond ASCII, and values larger than the buffer they are gathered in; an update and a removal find
    /// the rows they name.
    @Test func textsOfAnyLengthReachTheFileAsTheyWere() throws {
        let path = Self.file()
        let long = String(repeating: "ß€𝄞x", count: 700)
        let state = try SQLiteStateFile(path: path)
        try state.write([
            .put(session: "", collection: "", id: "", position: 0, value: .string("")),
            .put(session: "ünï", collection: "/名前/{id}", id: long, position: 1, value: .string(long)),
            .put(session: "s", collection: "/a", id: "gone", position: 2, value: .int(1)),
            .sequence(session: "", collection: "", value: 7),
        ])
        try state.write([
            .put(session: "", collection: "", id: "", position: nil, value: ["k": .string(long)]),
            .remove(session: "s", collection: "/a", id: "gone"),
        ])
        state.close()
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT session, collection, id, value FROM items ORDER BY position").map {
                [$0["session"], $0["collection"], $0["id"], $0["value"]] as [String]
            }
        }
        #expect(rows.count == 2)
        #expect(rows.first == ["", "", "", JSONSerializer.serialize(["k": .string(long)])])
        #expect(rows.last == ["ünï", "/名前/{id}", long, JSONSerializer.serialize(.string(long))])
        let sequence = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT value FROM sequences WHERE session = '' AND collection = ''")
        }
        #expect(sequence == 7)
    }

    /// Of a collection's sequence moves in one transaction only the last is written; a drop of the session
    /// in between still takes what came before it.
    @Test func onlyTheLastSequenceMoveIsWrittenAndDropsStillCount() throws {
        let path = Self.file()
        let state = try SQLiteStateFile(path: path)
        try state.write([
            .sequence(session: "s", collection: "/a", value: 5), .sequence(session: "s", collection: "/b", value: 2),
            .dropSession("s"), .sequence(session: "s", collection: "/a", value: 1),
            .sequence(session: "t", collection: "/a", value: 3), .sequence(session: "t", collection: "/a", value: 4),
        ])
        state.close()
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT session, collection, value FROM sequences ORDER BY 1, 2").map {
                row -> String in
                let session: String = row[0]
                let collection: String = row[1]
                let value: Int = row[2]
                return "\(session) \(collection) \(value)"
            }
        }
        #expect(rows == ["s /a 1", "t /a 4"])
    }

    /// A write logs one line, and of a collection's sequence moves in it only the last (a line is kept
    /// whole or not at all); a move before a drop of its session stays.
    @Test func aWriteLogsOnlyTheLastSequenceMoveOfEachCollection() throws {
        let path = Self.file()
        let state = try SQLiteStateFile(path: path)
        try state.write([
            .put(session: "s", collection: "/a", id: "1", position: 0, value: 1),
            .sequence(session: "s", collection: "/a", value: 1),
            .put(session: "s", collection: "/a", id: "2", position: 1, value: 2),
            .sequence(session: "s", collection: "/a", value: 2), .sequence(session: "t", collection: "/a", value: 7),
            .sequence(session: "u", collection: "/a", value: 1), .dropSession("u"),
            .put(session: "s", collection: "/a", id: "2", position: nil, value: ["q\"": [true, .null], "n": 1.5]),
            .singleton(session: "s", path: "/me", value: ["name": "ada"]),
        ])
        let line = try String(contentsOfFile: path + "-changes-1", encoding: .utf8)
        #expect(
            line == #"[["put","s","/a","1",0,1],["put","s","/a","2",1,2],["sequence","s","/a",2],"#
                + #"["sequence","t","/a",7],["sequence","u","/a",1],["dropSession","u"],"#
                + #"["put","s","/a","2",null,{"q\"":[true,null],"n":1.5}],["singleton","s","/me",{"name":"ada"}]]"#
                + "\n")
        state.close()
        let saved = try SQLiteStateFile(path: path).load()
        #expect(saved.sessions["s"]?.collections["/a"]?.sequence == 2)
        #expect(saved.sessions["t"]?.collections["/a"]?.sequence == 7)
        #expect(saved.sessions["s"]?.collections["/a"]?.items.map(\.value) == [1, ["q\"": [true, .null], "n": 1.5]])
        #expect(saved.sessions["s"]?.singletons["/me"] == ["name": "ada"])
    }

    @Test func misfitsAreQuarantinedAndFingerprintsKept() throws {
        let path = Self.file()
        let file = try SQLiteStateFile(path: path)
        #expect(try file.fingerprint(mount: "/v1") == nil)
        try file.setFingerprint("abc", mount: "/v1")
        try file.setFingerprint("abd", mount: "/v1")
        #expect(try file.fingerprint(mount: "/v1") == "abd")
        try file.quarantine([
            .init(session: "s", collection: "/notes", id: "n1", value: ["title": 1], reason: "title: not a string")
        ])
    }
}
