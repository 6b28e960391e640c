import Foundation
import GRDB
import UnderstudyMock
import UnderstudySchema

/// `serve --state FILE`: a mock's sessions kept in one SQLite file (through GRDB). Every change is one
/// transaction, committed to the write-ahead log before the request that made it is answered, so an
/// acknowledged write survives `kill -9`. The file is held exclusively: a second mock on the same file is
/// refused at start. Items a changed contract no longer accepts are moved to a `quarantine` table, kept for
/// a person to look at, never served (see ``quarantine(_:)``).
public final class SQLiteStateFile: StatePersistence {
    /// The version of the file's layout this build reads and writes.
    public static let format = 1

    public let path: String
    /// Whether the file held no state when it was opened (just made, or empty): a profile's seeds apply.
    public let isNew: Bool
    private let queue: DatabaseQueue

    /// Opens (or makes) the state file at `path`. Throws, naming the file, when it is not a SQLite file, was
    /// written by a newer layout, or is in use by another process.
    public init(path: String) throws(StatePersistenceError) {
        self.path = path
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.label = "understudy-state"
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit is in the log (the OS holds it) before the answer is
            // sent, which a killed process cannot undo; exclusive locking keeps a second mock out.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            var found: Int? = nil
            try queue.write { db in
                // Keyed tables without a rowid: a row lives in its key's b-tree, so a write changes one
                // b-tree, not a table and its key's index (fewer pages in each commit). Files made with the
                // rowid tables of earlier releases keep them: the same statements read and write both.
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                        CREATE TABLE IF NOT EXISTS items (
                          session TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL,
                          position INTEGER NOT NULL, value TEXT NOT NULL,
                          PRIMARY KEY (session, collection, id)) WITHOUT ROWID;
                        CREATE TABLE IF NOT EXISTS sequences (
                          session TEXT NOT NULL, collection TEXT NOT NULL, value INTEGER NOT NULL,
                          PRIMARY KEY (session, collection)) WITHOUT ROWID;
                        CREATE TABLE IF NOT EXISTS singletons (
                          session TEXT NOT NULL, path TEXT NOT NULL, value TEXT NOT NULL,
                          PRIMARY KEY (session, path)) WITHOUT ROWID;
                        CREATE TABLE IF NOT EXISTS quarantine (
                          session TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL,
                          reason TEXT NOT NULL, moved_at TEXT NOT NULL);
                        """)
                found = try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'format'")
                if found == nil {
                    try db.execute(
                        sql: "INSERT INTO meta (key, value) VALUES ('format', ?)", arguments: [String(Self.format)])
                }
            }
            if let found, found > Self.format {
                throw StatePersistenceError(
                    "\(path): written by a newer understudy (state format \(found); this one reads \(Self.format))")
            }
            let empty = try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM singletons)")
                    ?? 0
            }
            isNew = found == nil || empty == 0
        } catch let error as StatePersistenceError {
            throw error
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }

    /// Closes the file (and gives up its lock); later writes fail. A server calls this as it stops.
    public func close() {
        try? queue.close()
    }

    /// A GRDB or SQLite error as a sentence naming the file.
    static func describe(_ error: any Error, path: String) -> String {
        guard let error = error as? DatabaseError else { return "\(path): \(error)" }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "\(path) is in use by another process (another understudy serve --state on the same file?)"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return "\(path) is not an understudy state file (not a SQLite database, or damaged)"
        case .SQLITE_FULL:
            return "\(path): the disk is full"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return "\(path) cannot be written: \(error.message ?? "permission denied")"
        default:
            return "\(path): \(error.message ?? "\(error)")"
        }
    }

    public func load() throws(StatePersistenceError) -> SavedState {
        do {
            return try queue.read { db in
                var saved = SavedState()
                var next = 0
                let items = try Row.fetchCursor(
                    db, sql: "SELECT session, collection, id, position, value FROM items ORDER BY position")
                while let row = try items.next() {
                    let session: String = row["session"]
                    let collection: String = row["collection"]
                    let position: Int = row["position"]
                    next = max(next, position &+ 1)
                    let text: String = row["value"]
                    // A value this build cannot read stays in the file (and is not served).
                    guard let value = try? JSONParser.parse(bytes: Array(text.utf8)) else { continue }
                    saved.sessions[session, default: SavedState.Session()].collections[
                        collection, default: SavedState.Collection()
                    ].items.append((row["id"], value))
                }
                for row in try Row.fetchAll(db, sql: "SELECT session, collection, value FROM sequences") {
                    let session: String = row["session"]
                    let collection: String = row["collection"]
                    saved.sessions[session, default: SavedState.Session()].collections[
                        collection, default: SavedState.Collection()
                    ].sequence = row["value"]
                }
                for row in try Row.fetchAll(db, sql: "SELECT session, path, value FROM singletons") {
                    let session: String = row["session"]
                    let text: String = row["value"]
                    guard let value = try? JSONParser.parse(bytes: Array(text.utf8)) else { continue }
                    saved.sessions[session, default: SavedState.Session()].singletons[row["path"]] = value
                }
                saved.nextPosition = next
                return saved
            }
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }

    public func write(_ changes: [StateChange]) throws(StatePersistenceError) {
        do {
            try queue.write { db in
                for change in changes { try Self.apply(change, to: db) }
            }
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }

    private static func apply(_ change: StateChange, to db: Database) throws {
        switch change {
        case .put(let session, let collection, let id, let position?, let value):
            try db.cachedStatement(
                sql: """
                    INSERT INTO items (session, collection, id, position, value) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (session, collection, id) DO UPDATE SET value = excluded.value
                    """
            ).execute(arguments: [session, collection, id, position, JSONSerializer.serialize(value)])
        case .put(let session, let collection, let id, nil, let value):
            try db.cachedStatement(sql: "UPDATE items SET value = ? WHERE session = ? AND collection = ? AND id = ?")
                .execute(arguments: [JSONSerializer.serialize(value), session, collection, id])
        case .remove(let session, let collection, let id):
            try db.cachedStatement(sql: "DELETE FROM items WHERE session = ? AND collection = ? AND id = ?")
                .execute(arguments: [session, collection, id])
        case .sequence(let session, let collection, let value):
            try db.cachedStatement(
                sql: """
                    INSERT INTO sequences (session, collection, value) VALUES (?, ?, ?)
                    ON CONFLICT (session, collection) DO UPDATE SET value = excluded.value
                    """
            ).execute(arguments: [session, collection, value])
        case .singleton(let session, let path, let value):
            try db.cachedStatement(
                sql: """
                    INSERT INTO singletons (session, path, value) VALUES (?, ?, ?)
                    ON CONFLICT (session, path) DO UPDATE SET value = excluded.value
                    """
            ).execute(arguments: [session, path, JSONSerializer.serialize(value)])
        case .dropSession(let session):
            for table in ["items", "sequences", "singletons"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE session = ?").execute(arguments: [session])
            }
        case .dropAll:
            try db.execute(sql: "DELETE FROM items; DELETE FROM sequences; DELETE FROM singletons")
        }
    }

    /// Copies `misfits` into the `quarantine` table with their reasons (the store then removes them from the
    /// items, through ``write(_:)``).
    public func quarantine(_ misfits: [StoredItemMisfit], at date: Date = Date()) throws(StatePersistenceError) {
        do {
            try queue.write { db in
                for misfit in misfits {
                    try db.cachedStatement(
                        sql:
                            "INSERT INTO quarantine (session, collection, id, value, reason, moved_at) VALUES (?, ?, ?, ?, ?, ?)"
                    ).execute(
                        arguments: [
                            misfit.session, misfit.collection, misfit.id, JSONSerializer.serialize(misfit.value),
                            misfit.reason, DateText.format(date),
                        ])
                }
            }
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }

    /// What the file says about the contract mounted at `mount` when it last served it (a fingerprint of
    /// its documents), if anything.
    public func fingerprint(mount: String) throws(StatePersistenceError) -> String? {
        do {
            return try queue.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: ["contract " + mount])
            }
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }

    public func setFingerprint(_ fingerprint: String, mount: String) throws(StatePersistenceError) {
        do {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO meta (key, value) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """, arguments: ["contract " + mount, fingerprint])
            }
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }
}
