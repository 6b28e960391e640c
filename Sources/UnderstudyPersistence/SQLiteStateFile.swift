import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import UnderstudyMock
import UnderstudySchema

/// `serve --state FILE`: a mock's sessions kept in one SQLite file (through GRDB). Every write is appended to
/// a change log beside the file (``ChangeLog``) before the request that made it is answered, so an
/// acknowledged write survives `kill -9`; the logged changes reach the SQLite file in the background, several
/// thousand in one transaction, and a log file is deleted once all of it is there. Opening the file first
/// brings in what logs a killed process left. The file is held exclusively: a second mock on the same file
/// is refused at start. Items a changed contract no longer accepts are moved to a `quarantine` table, kept
/// for a person to look at, never served (see ``quarantine(_:)``).
public final class SQLiteStateFile: StatePersistence {
    /// The version of the file's layout this build reads and writes.
    public static let format = 1

    public let path: String
    /// Whether the file held no state when it was opened (just made, or empty): a profile's seeds apply.
    public let isNew: Bool
    private let queue: DatabaseQueue
    /// How many logged changes wait before they are written to the SQLite file in one transaction.
    static let changesPerTransaction = 2048

    /// A change as the log holds it: with its value's JSON as the log wrote it (puts and singletons), so the
    /// SQLite file takes the same bytes instead of serialising the value again.
    struct LoggedChange: Sendable {
        let change: StateChange
        let value: ArraySlice<UInt8>?
    }

    /// The log being appended to (opened at the first write), and the changes in it not yet handed on.
    private struct Logging {
        var file: ChangeLog?
        var nextNumber: Int
        var backlog: [LoggedChange] = []
        var closed = false
    }

    private let logging: Mutex<Logging>
    /// What the applier has still to bring in: changes handed on whose transaction failed (the disk full?),
    /// tried again first with the next ones, and the number of the oldest log file not yet deleted (files
    /// stay until all they hold is in the SQLite file).
    private struct Applying {
        var unapplied: [LoggedChange] = []
        var oldestLog: Int
    }

    private let applying: Mutex<Applying>
    /// Where logged changes are written to the SQLite file, one transaction at a time, in order.
    private let applier = DispatchQueue(label: "understudy.state-file")
    /// How many handed-on transactions may wait for the applier: a write that would hand on one more waits
    /// (memory and the logs stay bounded when the disk is slower than the requests).
    private let handOffs = DispatchSemaphore(value: 2)

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
            // What a process that was killed had logged comes in first (all of it again when it had reached
            // the file already: every change sets a value, so writing it twice leaves what writing it once did).
            let logs = ChangeLog.numbers(of: path)
            if !logs.isEmpty {
                let changes = logs.flatMap { ChangeLog.writes(of: path, number: $0).joined() }
                try queue.write { db in try Self.apply(changes.map { LoggedChange(change: $0, value: nil) }, to: db) }
                for number in logs { unlink(ChangeLog.path(of: path, number: number)) }
            }
            logging = Mutex(Logging(nextNumber: (logs.last ?? 0) + 1))
            applying = Mutex(Applying(oldestLog: (logs.last ?? 0) + 1))
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

    /// Writes what the log holds to the SQLite file, deletes the log and closes the file (giving up its lock);
    /// later writes fail. A server calls this as it stops.
    public func close() {
        let (rest, through) = logging.withLock { state -> ([LoggedChange], Int?) in
            defer {
                state.file?.close()
                state.file = nil
                state.backlog = []
                state.closed = true
            }
            return (state.backlog, state.file?.number)
        }
        applier.sync { self.applyLogged(rest, through: through) }
        try? queue.close()
    }

    deinit {
        // Without close (a test standing in for a killed process): the log stays for the next open.
        logging.withLock { $0.file?.close() }
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
                // Texts are read with their lengths (GRDB reads a text column up to its first NUL byte, and an
                // id or a collection may hold one: a path may carry %00).
                try Self.rows(db, "SELECT session, collection, id, position, value FROM items ORDER BY position") {
                    handle in
                    let position = Int(sqlite3_column_int64(handle, 3))
                    next = max(next, position &+ 1)
                    // A value this build cannot read stays in the file (and is not served).
                    guard let value = try? JSONParser.parse(bytes: Self.bytes(handle, 4)) else { return }
                    saved.sessions[Self.text(handle, 0), default: SavedState.Session()].collections[
                        Self.text(handle, 1), default: SavedState.Collection()
                    ].items.append((Self.text(handle, 2), value))
                }
                try Self.rows(db, "SELECT session, collection, value FROM sequences") { handle in
                    saved.sessions[Self.text(handle, 0), default: SavedState.Session()].collections[
                        Self.text(handle, 1), default: SavedState.Collection()
                    ].sequence = Int(sqlite3_column_int64(handle, 2))
                }
                try Self.rows(db, "SELECT session, path, value FROM singletons") { handle in
                    guard let value = try? JSONParser.parse(bytes: Self.bytes(handle, 2)) else { return }
                    saved.sessions[Self.text(handle, 0), default: SavedState.Session()].singletons[
                        Self.text(handle, 1)] = value
                }
                saved.nextPosition = next
                return saved
            }
        } catch {
            throw StatePersistenceError(Self.describe(error, path: path))
        }
    }

    /// Runs `sql` and calls `body` with the statement at each row.
    private static func rows(_ db: Database, _ sql: String, _ body: (OpaquePointer) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
            }
            try body(handle)
        }
    }

    /// The bytes of text column `column` of the current row, all of them (NUL bytes too).
    private static func bytes(_ handle: OpaquePointer, _ column: Int32) -> [UInt8] {
        guard let start = sqlite3_column_text(handle, column) else { return [] }
        return Array(UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// Text column `column` of the current row, all of it (NUL bytes too).
    private static func text(_ handle: OpaquePointer, _ column: Int32) -> String {
        guard let start = sqlite3_column_text(handle, column) else { return "" }
        return String(
            decoding: UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self
        )
    }

    /// Appends `changes` to the log (one `write` call): they are kept once this returns. Every
    /// ``changesPerTransaction`` changes, the log moves on to a new file and what the old one holds is
    /// written to the SQLite file in the background.
    public func write(_ changes: [StateChange]) throws(StatePersistenceError) {
        // A line is written whole or not at all, so a sequence move that a later one in the same write
        // overwrites is left out of it (every create moves its collection's sequence).
        let superseded = Self.supersededSequences(in: changes)
        let changes =
            superseded.isEmpty ? changes : changes.indices.compactMap { superseded.contains($0) ? nil : changes[$0] }
        var failure: StatePersistenceError?
        let due = logging.withLock { state -> (changes: [LoggedChange], through: Int)? in
            let values: [ArraySlice<UInt8>?]
            do throws(StatePersistenceError) {
                guard !state.closed else { throw StatePersistenceError("\(path) is closed") }
                if state.file == nil { state.file = try ChangeLog(statePath: path, number: state.nextNumber) }
                values = try state.file!.append(changes)
            } catch {
                failure = error
                return nil
            }
            for index in changes.indices {
                state.backlog.append(LoggedChange(change: changes[index], value: values[index]))
            }
            guard state.backlog.count >= Self.changesPerTransaction, let through = state.file?.number else {
                return nil
            }
            // When no new file can be made, this one goes on (and is handed on later, whole).
            guard (try? state.file!.moveOn()) != nil else { return nil }
            defer {
                // Room for the next transaction's changes at once: growing by doubling copies (and counts a
                // reference for) every change each time.
                state.backlog = []
                state.backlog.reserveCapacity(Self.changesPerTransaction + 64)
            }
            return (state.backlog, through)
        }
        if let failure { throw failure }
        guard let due else { return }
        handOffs.wait()
        applier.async {
            self.applyLogged(due.changes, through: due.through)
            self.handOffs.signal()
        }
    }

    /// Writes `changes` (after any whose transaction failed before) to the SQLite file in one transaction;
    /// then the log files up to number `through` hold nothing the file does not, and go.
    private func applyLogged(_ changes: [LoggedChange], through: Int?) {
        let (all, oldest) = applying.withLock { state -> ([LoggedChange], Int) in
            guard !state.unapplied.isEmpty else { return (changes, state.oldestLog) }
            defer { state.unapplied = [] }
            return (state.unapplied + changes, state.oldestLog)
        }
        if !all.isEmpty {
            do {
                try queue.write { db in try Self.apply(all, to: db) }
            } catch {
                applying.withLock { $0.unapplied = all }
                return
            }
        }
        guard let through, through >= oldest else { return }
        for number in oldest...through { unlink(ChangeLog.path(of: path, number: number)) }
        applying.withLock { $0.oldestLog = through + 1 }
    }

    /// Writes `changes` in order, leaving out the sequence moves a later one overwrites. The statements that
    /// repeat (an item stored, updated or removed, a sequence moved) are bound and stepped through SQLite's C
    /// API: GRDB's argument arrays and bindings cost about as much as SQLite's own work on these rows.
    private static func apply(_ changes: [LoggedChange], to db: Database) throws {
        let superseded = supersededSequences(in: changes.map(\.change))
        var statements = RepeatedStatements(db)
        var arguments = StatementArguments()
        for (index, logged) in changes.enumerated() where !superseded.contains(index) {
            // A value as the log wrote it (the same bytes), else written now.
            func text(_ value: JSONValue) -> ArraySlice<UInt8> {
                logged.value ?? ArraySlice(JSONSerializer.data(value))
            }
            switch logged.change {
            case .put(let session, let collection, let id, let position?, let value):
                arguments.reset(session, collection, id)
                arguments.number(Int64(position), at: 4)
                try run(statements.statement(.insertItem), in: db, arguments, value: text(value), at: 5)
            case .put(let session, let collection, let id, nil, let value):
                arguments.reset(session, collection, id, from: 2)
                try run(statements.statement(.updateItem), in: db, arguments, value: text(value), at: 1)
            case .remove(let session, let collection, let id):
                arguments.reset(session, collection, id)
                try run(statements.statement(.removeItem), in: db, arguments)
            case .sequence(let session, let collection, let value):
                arguments.reset(session, collection)
                arguments.number(Int64(value), at: 3)
                try run(statements.statement(.moveSequence), in: db, arguments)
            case .singleton(let session, let path, let value):
                arguments.reset(session, path)
                try run(statements.statement(.putSingleton), in: db, arguments, value: text(value), at: 3)
            case .dropSession(let session):
                // Bound with its length, as every text here: a name cut at a NUL byte would drop another session.
                for kind in [RepeatedStatement.dropItems, .dropSequences, .dropSingletons] {
                    arguments.reset(session)
                    try run(statements.statement(kind), in: db, arguments)
                }
            case .dropAll:
                try db.execute(sql: "DELETE FROM items; DELETE FROM sequences; DELETE FROM singletons")
            }
        }
    }

    /// The statements ``apply(_:to:)-swift.type.method`` repeats.
    private enum RepeatedStatement: Int, CaseIterable {
        case insertItem, updateItem, removeItem, moveSequence, putSingleton, dropItems, dropSequences, dropSingletons

        var sql: String {
            switch self {
            case .insertItem:
                """
                INSERT INTO items (session, collection, id, position, value) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (session, collection, id) DO UPDATE SET value = excluded.value
                """
            case .updateItem: "UPDATE items SET value = ? WHERE session = ? AND collection = ? AND id = ?"
            case .removeItem: "DELETE FROM items WHERE session = ? AND collection = ? AND id = ?"
            case .moveSequence:
                """
                INSERT INTO sequences (session, collection, value) VALUES (?, ?, ?)
                ON CONFLICT (session, collection) DO UPDATE SET value = excluded.value
                """
            case .putSingleton:
                """
                INSERT INTO singletons (session, path, value) VALUES (?, ?, ?)
                ON CONFLICT (session, path) DO UPDATE SET value = excluded.value
                """
            case .dropItems: "DELETE FROM items WHERE session = ?"
            case .dropSequences: "DELETE FROM sequences WHERE session = ?"
            case .dropSingletons: "DELETE FROM singletons WHERE session = ?"
            }
        }
    }

    /// The repeated statements of one transaction, each looked up in GRDB's cache once.
    private struct RepeatedStatements {
        let db: Database
        private var found = [Statement?](repeating: nil, count: RepeatedStatement.allCases.count)

        init(_ db: Database) { self.db = db }

        mutating func statement(_ kind: RepeatedStatement) throws -> Statement {
            if let statement = found[kind.rawValue] { return statement }
            let made = try db.cachedStatement(sql: kind.sql)
            found[kind.rawValue] = made
            return made
        }
    }

    /// The texts and numbers one repeated statement is bound with. The texts are copied into one buffer kept
    /// for the whole transaction and bound where they lie (`SQLITE_STATIC`) while the statement runs: SQLite
    /// would otherwise copy each one into memory of its own (`SQLITE_TRANSIENT`) and free it again, for every row.
    private struct StatementArguments {
        private var bytes: [UInt8] = []
        /// Each text's parameter index and where its bytes are in `bytes`.
        private var texts: [(index: Int32, start: Int, count: Int)] = []
        private var numbers: [(index: Int32, value: Int64)] = []

        init() {
            bytes.reserveCapacity(256)
            texts.reserveCapacity(4)
            numbers.reserveCapacity(1)
        }

        /// Forgets the last statement's arguments and takes `first`, `second` and `third` as the texts of
        /// parameters `index`, `index + 1` and `index + 2`.
        mutating func reset(_ first: String, _ second: String? = nil, _ third: String? = nil, from index: Int32 = 1) {
            bytes.removeAll(keepingCapacity: true)
            texts.removeAll(keepingCapacity: true)
            numbers.removeAll(keepingCapacity: true)
            append(first, at: index)
            if let second { append(second, at: index + 1) }
            if let third { append(third, at: index + 2) }
        }

        mutating func number(_ value: Int64, at index: Int32) { numbers.append((index, value)) }

        private mutating func append(_ text: String, at index: Int32) {
            let start = bytes.count
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
            texts.append((index, start, bytes.count - start))
        }

        /// Binds the arguments to `handle` and calls `body` while they stay where they were bound.
        func bound<Result>(to handle: OpaquePointer, _ body: () -> Result) -> Result {
            bytes.withUnsafeBufferPointer { buffer in
                for text in texts {
                    // An empty text still needs an address: SQLite reads a null one as NULL.
                    let start =
                        buffer.baseAddress.map { UnsafeRawPointer($0 + text.start) }
                        ?? UnsafeRawPointer(emptyText.utf8Start)
                    sqlite3_bind_text(
                        handle, text.index, start.assumingMemoryBound(to: CChar.self), Int32(text.count),
                        nil /* SQLITE_STATIC */)
                }
                for number in numbers { sqlite3_bind_int64(handle, number.index, number.value) }
                return body()
            }
        }
    }

    /// What an empty text is bound to.
    private static let emptyText: StaticString = ""

    /// Binds `statement`'s arguments (and `value`'s JSON text at parameter `valueIndex`), runs it to its end and
    /// resets it, while what is bound stays where SQLite reads it; throws SQLite's error.
    private static func run(
        _ statement: Statement, in db: Database, _ arguments: StatementArguments, value: ArraySlice<UInt8>? = nil,
        at valueIndex: Int32 = 0
    ) throws {
        let handle = statement.sqliteStatement
        let code = arguments.bound(to: handle) { () -> Int32 in
            guard let value else { return sqlite3_step(handle) }
            return value.withUnsafeBufferPointer { buffer in
                let start = buffer.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(emptyText.utf8Start)
                sqlite3_bind_text(
                    handle, valueIndex, start.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                    nil /* SQLITE_STATIC */)
                return sqlite3_step(handle)
            }
        }
        let failure =
            code == SQLITE_DONE
            ? nil
            : DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }, sql: statement.sql)
        // Reset and unbound before the bound bytes may move or go.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if let failure { throw failure }
    }

    /// The positions of sequence moves a later move of the same collection overwrites in the same write
    /// (no drop of its session in between): creates that come together write their collection's sequence
    /// once, not once each.
    static func supersededSequences(in changes: [StateChange]) -> Set<Int> {
        struct Sequence: Hashable {
            var session: String
            var collection: String
        }
        var superseded = Set<Int>()
        var later = Set<Sequence>()
        // The collection of the sequence move looked at last (in `later`): the moves of a write come from
        // creates in one collection, mostly, and comparing with it costs less than hashing.
        var last: Sequence? = nil
        for (index, change) in changes.enumerated().reversed() {
            switch change {
            case .sequence(let session, let collection, _):
                let sequence = Sequence(session: session, collection: collection)
                if sequence == last || !later.insert(sequence).inserted {
                    superseded.insert(index)
                }
                last = sequence
            case .dropSession(let session):
                later = later.filter { $0.session != session }
                last = nil
            case .dropAll:
                later = []
                last = nil
            case .put, .remove, .singleton:
                continue
            }
        }
        return superseded
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
