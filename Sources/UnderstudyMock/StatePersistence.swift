import UnderstudySchema

/// Where a ``StateStore`` keeps its state beyond the process (`serve --state FILE`: a SQLite file). The store
/// loads it once, then writes every change through, in the order memory made them, before the request that
/// made the change is answered: an acknowledged write survives the process being killed. Writes come one at
/// a time, never concurrently; changes of concurrent requests may come together in one call.
public protocol StatePersistence: Sendable {
    /// Everything saved so far.
    func load() throws(StatePersistenceError) -> SavedState
    /// Writes `changes` in order, all or none.
    func write(_ changes: [StateChange]) throws(StatePersistenceError)
}

/// One change to a store, as a persistence writes it. Its payload is kept in one shared box (`indirect`):
/// a change is handed from the store's pending list to the change log and on to the SQLite file, and a copy
/// then counts one reference instead of one per string and value.
public indirect enum StateChange: Sendable, Equatable {
    /// An item stored; `position` orders a new item after every earlier one (nil: an update, which keeps
    /// its place).
    case put(session: String, collection: String, id: String, position: Int?, value: JSONValue)
    case remove(session: String, collection: String, id: String)
    /// A collection's id sequence moved on to `value`.
    case sequence(session: String, collection: String, value: Int)
    case singleton(session: String, path: String, value: JSONValue)
    /// A session reset or evicted.
    case dropSession(String)
    /// Every session reset, or replaced by an import.
    case dropAll
}

/// What a persistence saved: sessions with their collections (items in creation order) and singletons.
public struct SavedState: Sendable {
    public struct Collection: Sendable {
        public var sequence: Int
        public var items: [(id: String, value: JSONValue)]

        public init(sequence: Int = 0, items: [(id: String, value: JSONValue)] = []) {
            self.sequence = sequence
            self.items = items
        }
    }

    public struct Session: Sendable {
        public var collections: [String: Collection]
        public var singletons: [String: JSONValue]

        public init(collections: [String: Collection] = [:], singletons: [String: JSONValue] = [:]) {
            self.collections = collections
            self.singletons = singletons
        }
    }

    public var sessions: [String: Session]
    /// The position the next new item takes (beyond every saved one).
    public var nextPosition: Int

    public init(sessions: [String: Session] = [:], nextPosition: Int = 0) {
        self.sessions = sessions
        self.nextPosition = nextPosition
    }
}

/// Why a persistence could not be read or written, in a sentence naming the file.
public struct StatePersistenceError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
