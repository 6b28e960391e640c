import Foundation
import UnderstudyMock
import UnderstudySchema

/// The state file's change log: files beside it (`FILE-changes-1`, `-2`, …) that every write is appended to
/// before the request that made it is answered, one line per write. Appending a line is one `write` call, where a
/// SQLite commit is a transaction that writes whole pages to the write-ahead log; the changes reach the SQLite
/// file later, many writes in one transaction (see ``SQLiteStateFile``). A line is in the file (the OS holds
/// it) once the call returns, so an acknowledged change survives the process being killed, as a commit to
/// the write-ahead log did.
///
/// A line is a JSON array of changes (see ``encode(_:)``). Reading stops at the first line that does not
/// parse: the tail of a write the process died in, or one that failed and could not be cut off (the log then
/// moves on to a new file, so a later file's lines still count).
struct ChangeLog {
    /// The file appended to, its number, and how long it is.
    private(set) var number: Int
    private var descriptor: Int32
    private var length: off_t
    let statePath: String

    /// Opens (or makes) log file `number` of the state file at `statePath`, to append to.
    init(statePath: String, number: Int) throws(StatePersistenceError) {
        self.statePath = statePath
        self.number = number
        let path = Self.path(of: statePath, number: number)
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StatePersistenceError("\(path) cannot be opened: \(String(cString: strerror(errno)))")
        }
        length = lseek(descriptor, 0, SEEK_END)
    }

    /// The path of log file `number`.
    static func path(of statePath: String, number: Int) -> String { "\(statePath)-changes-\(number)" }

    /// The numbers of the log files beside the state file, oldest first.
    static func numbers(of statePath: String) -> [Int] {
        let url = URL(fileURLWithPath: statePath)
        let prefix = url.lastPathComponent + "-changes-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix(prefix) else { return nil }
            return Int(name.dropFirst(prefix.count)).flatMap { $0 > 0 ? $0 : nil }
        }.sorted()
    }

    /// Appends `changes` as one line. When the line cannot be written whole, the file is cut back to where
    /// it was (or, when that fails too, the log moves on to a new file), so no later line follows half of one.
    /// Returns, for each change that carries a value (an item's or a singleton's), that value's JSON as the
    /// line holds it: the SQLite file takes the same bytes instead of serialising the value again.
    @discardableResult
    mutating func append(_ changes: [StateChange]) throws(StatePersistenceError) -> [ArraySlice<UInt8>?] {
        // The line is ``encode(_:)`` of each change in one array, written in one pass: where each value's
        // bytes lie in it is noted on the way.
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(changes.count)
        let line = JSONSerializer.build(capacity: 256 * changes.count) { writer in
            writer.raw("[")
            for (index, change) in changes.enumerated() {
                if index > 0 { writer.raw(",") }
                ranges.append(Self.write(change, to: &writer))
            }
            writer.raw("]\n")
        }
        var written = 0
        var failure: Int32 = 0
        line.withUnsafeBytes { bytes in
            while written < bytes.count {
                let result = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result > 0 {
                    written += result
                } else if result < 0, errno == EINTR {
                    continue
                } else {
                    failure = result < 0 ? errno : ENOSPC
                    return
                }
            }
        }
        guard failure != 0 else {
            length += off_t(written)
            return ranges.map { range in range.map { line[$0] } }
        }
        let path = Self.path(of: statePath, number: number)
        if written > 0, ftruncate(descriptor, length) != 0 {
            // The half line stays; what comes after goes to a new file (or here, when none can be made).
            try? moveOn()
        }
        throw StatePersistenceError("\(path) cannot be written: \(String(cString: strerror(failure)))")
    }

    /// Closes this file and opens the next one: what is appended from now on goes there.
    mutating func moveOn() throws(StatePersistenceError) {
        let next = try ChangeLog(statePath: statePath, number: number + 1)
        close()
        self = next
    }

    func close() {
        Foundation.close(descriptor)
    }

    /// Every write in log file `number`, in order, up to the first line that does not parse.
    static func writes(of statePath: String, number: Int) -> [[StateChange]] {
        guard let data = FileManager.default.contents(atPath: path(of: statePath, number: number)) else { return [] }
        var writes: [[StateChange]] = []
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard let value = try? JSONParser.parse(bytes: Array(line)), let entries = value.arrayValue else { break }
            let changes = entries.compactMap(Self.decode)
            guard changes.count == entries.count else { break }
            writes.append(changes)
        }
        return writes
    }

    /// Writes ``encode(_:)`` of `change`; returns where its value's bytes are (an item's or a singleton's).
    static func write(_ change: StateChange, to writer: inout JSONWriter) -> Range<Int>? {
        switch change {
        case .put(let session, let collection, let id, let position, let value):
            writer.raw("[\"put\",")
            writer.write(string: session)
            writer.raw(",")
            writer.write(string: collection)
            writer.raw(",")
            writer.write(string: id)
            writer.raw(",")
            if let position { writer.write(integer: position) } else { writer.raw("null") }
            return writeLast(value, to: &writer)
        case .singleton(let session, let path, let value):
            writer.raw("[\"singleton\",")
            writer.write(string: session)
            writer.raw(",")
            writer.write(string: path)
            return writeLast(value, to: &writer)
        default:
            writer.write(encode(change))
            return nil
        }
    }

    /// Writes `value` as the last element of a change's array (after a comma, before the closing bracket);
    /// returns where its bytes are.
    private static func writeLast(_ value: JSONValue, to writer: inout JSONWriter) -> Range<Int> {
        writer.raw(",")
        let start = writer.written
        writer.write(value)
        let range = start..<writer.written
        writer.raw("]")
        return range
    }

    /// A change as a JSON array: its kind, then its fields in order.
    static func encode(_ change: StateChange) -> JSONValue {
        switch change {
        case .put(let session, let collection, let id, let position, let value):
            return [
                "put", .string(session), .string(collection), .string(id), position.map(JSONValue.int) ?? .null, value,
            ]
        case .remove(let session, let collection, let id):
            return ["remove", .string(session), .string(collection), .string(id)]
        case .sequence(let session, let collection, let value):
            return ["sequence", .string(session), .string(collection), .int(value)]
        case .singleton(let session, let path, let value):
            return ["singleton", .string(session), .string(path), value]
        case .dropSession(let session):
            return ["dropSession", .string(session)]
        case .dropAll:
            return ["dropAll"]
        }
    }

    /// The change ``encode(_:)`` made `value` of; nil for anything else.
    static func decode(_ value: JSONValue) -> StateChange? {
        guard let fields = value.arrayValue?.elements, let kind = fields.first?.stringValue else { return nil }
        func text(_ index: Int) -> String? { index < fields.count ? fields[index].stringValue : nil }
        switch (kind, fields.count) {
        case ("put", 6):
            guard let session = text(1), let collection = text(2), let id = text(3) else { return nil }
            let position: Int?
            if case .null = fields[4] {
                position = nil
            } else {
                guard let number = fields[4].intValue else { return nil }
                position = number
            }
            return .put(session: session, collection: collection, id: id, position: position, value: fields[5])
        case ("remove", 4):
            guard let session = text(1), let collection = text(2), let id = text(3) else { return nil }
            return .remove(session: session, collection: collection, id: id)
        case ("sequence", 4):
            guard let session = text(1), let collection = text(2), let value = fields[3].intValue else { return nil }
            return .sequence(session: session, collection: collection, value: value)
        case ("singleton", 4):
            guard let session = text(1), let path = text(2) else { return nil }
            return .singleton(session: session, path: path, value: fields[3])
        case ("dropSession", 2):
            return text(1).map { .dropSession($0) }
        case ("dropAll", 1):
            return .dropAll
        default:
            return nil
        }
    }
}
