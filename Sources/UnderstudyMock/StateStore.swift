import Dispatch
import Synchronization
import UnderstudySchema

/// The mock's memory: collections of resources and singletons, per session. Every method runs under one
/// lock, so concurrent requests never lose an update; the lock is held only for dictionary work, so
/// requests are answered on the event loop that read them, with no hop to another thread.
///
/// A read-modify-write (PATCH, PUT, an action's effects, a unique check and the put after it) runs inside
/// ``exclusive(session:_:)``, one critical section per session, so no other write of that session comes in
/// between. Sessions are bounded (``SessionLimits``): the least recently used one goes when there are too
/// many, and idle ones go after a while; observers (``onEviction(_:)``) forget what else they kept for it.
public final class StateStore: Sendable {
    struct Collection: Sendable {
        private(set) var order: [String] = []
        private(set) var items = ShardedDictionary<String, JSONValue>()
        var sequence = 0
        /// Every item in order, kept from the first read of the whole collection until the next change: a
        /// list that filters or sorts reads them all, and looking each up by id hashes every id twice.
        private var ordered = OrderedValues()

        /// Stores `value` under `id` (a new id goes last in the order), unless `keepingPresent` and an item is
        /// there already (which then stays); says whether the item was new and whether `value` was stored.
        @discardableResult
        mutating func store(
            _ id: String, _ value: JSONValue, keepingPresent: Bool = false
        ) -> (isNew: Bool, stored: Bool) {
            guard let old = items.updateValue(value, forKey: id) else {
                order.append(id)
                forgetOrdered()
                return (true, true)
            }
            if keepingPresent {
                items[id] = old
                return (false, false)
            }
            forgetOrdered()
            return (false, true)
        }

        /// Moves the id sequence on; returns its new value.
        mutating func nextSequence() -> Int {
            sequence += 1
            return sequence
        }

        mutating func remove(_ id: String) -> JSONValue? {
            guard let value = items.removeValue(forKey: id) else { return nil }
            if let index = order.lastIndex(of: id) { order.remove(at: index) }
            forgetOrdered()
            return value
        }

        /// The items at `range` of the order (whole when it is all of them, from the kept copy).
        func values(_ range: Range<Int>) -> [JSONValue] {
            guard range.count == order.count else { return order[range].compactMap { items[$0] } }
            if let kept = ordered.values { return kept }
            let all = order.compactMap { items[$0] }
            ordered.values = all
            return all
        }

        /// Drops the kept copy: this collection's own box is emptied, a box another copy still shares is
        /// left to it (it still holds what that copy holds).
        private mutating func forgetOrdered() {
            if isKnownUniquelyReferenced(&ordered) {
                ordered.values = nil
            } else {
                ordered = OrderedValues()
            }
        }
    }

    /// The kept order of a ``Collection``'s items; read and written only under the store's lock (so its
    /// exclusivity is not checked on every access).
    final class OrderedValues: @unchecked Sendable {
        @exclusivity(unchecked) var values: [JSONValue]?
    }

    struct Session: Sendable {
        var collections: [String: Collection] = [:]
        var singletons: [String: JSONValue] = [:]
        /// When it was last used (monotonic seconds), for idle and least-recently-used eviction.
        var lastUsed: Double = 0
    }

    /// Every session, and a counter moved on by every change (see ``revision``).
    private struct Memory {
        var sessions: [String: Session] = [:]
        var revision: UInt64 = 0
        /// What a session holds before its first write: a profile's seed data.
        var baseline = Session()
        /// Sessions evicted under the lock, for observers to hear of once it is released.
        var evicted: [String] = []
        /// When idle sessions were last looked for.
        var lastSweep: Double = 0
        /// Whether changes are collected for a ``StatePersistence`` (see ``pending``).
        var journaling = false
        /// Changes wait until a caller asks for them to be written (see ``StateStore/writeWhenAsked()``).
        var writesWhenAsked = false
        /// Changes made under the lock (only when journaling), in order, not yet taken by a writer (see
        /// `mutate`).
        var pending: [StateChange] = []
        /// How many changes writers took so far: with `pending`, the number of every change journaled
        /// (see ``changeTicket``).
        var taken: UInt64 = 0
        /// The position the next new item takes, so a file keeps creation order (grows, never reused).
        var nextPosition = 0

        func session(_ name: String) -> Session? {
            sessions[name] ?? (baseline.collections.isEmpty ? nil : baseline)
        }

        /// Makes a session that only reads its baseline a real one, before its first write; marks it used.
        /// A new session may push the least recently used one out (see ``SessionLimits``).
        mutating func materialize(_ name: String, now: Double, limits: SessionLimits) {
            if let used = sessions[name]?.lastUsed {
                // Used again within a hundredth of a second, it keeps its time: eviction orders sessions by
                // when they were used, and writing the time back costs a dictionary update on every change.
                if now - used >= 0.01 { sessions[name]?.lastUsed = now }
                return
            }
            var session = baseline.collections.isEmpty ? Session() : baseline
            session.lastUsed = now
            sessions[name] = session
            // The session's copy of the seeds becomes its own, in the file too.
            if journaling { journalWhole(session, named: name) }
            sweep(now: now, limits: limits, force: false)
            while sessions.count > limits.maximum {
                guard
                    let oldest = sessions.lazy.filter({ $0.key != name && $0.key != SessionLimits.permanent }).min(by: {
                        $0.value.lastUsed < $1.value.lastUsed
                    })?.key
                else { break }
                evict(oldest)
            }
        }

        /// Evicts sessions idle for longer than the limit (looked for at most every tenth of it, unless forced).
        mutating func sweep(now: Double, limits: SessionLimits, force: Bool) {
            guard force || now - lastSweep >= limits.idleSeconds / 10 else { return }
            lastSweep = now
            for (name, session) in sessions
            where name != SessionLimits.permanent && now - session.lastUsed > limits.idleSeconds {
                evict(name)
            }
        }

        /// Every item, sequence and singleton of `session` as changes for the persistence, items in creation
        /// order after every earlier one.
        mutating func journalWhole(_ session: Session, named name: String) {
            for key in session.collections.keys.sorted() {
                let collection = session.collections[key]!
                for id in collection.order {
                    guard let value = collection.items[id] else { continue }
                    pending.append(.put(session: name, collection: key, id: id, position: nextPosition, value: value))
                    nextPosition += 1
                }
                pending.append(.sequence(session: name, collection: key, value: collection.sequence))
            }
            for path in session.singletons.keys.sorted() {
                pending.append(.singleton(session: name, path: path, value: session.singletons[path]!))
            }
        }

        mutating func evict(_ name: String) {
            sessions[name] = nil
            evicted.append(name)
            revision += 1
            if journaling { pending.append(.dropSession(name)) }
        }
    }

    private let state = Mutex(Memory())
    /// Where every change is written before the request that made it is answered (`serve --state`).
    private let persistence: (any StatePersistence)?
    /// How many writes the persistence refused, and why the last one was.
    private let failures = Mutex<(count: Int, last: String?)>((0, nil))
    /// Held while the persistence writes, so changes reach it in the order memory made them.
    private let writing = Mutex(())
    /// How far changes are written, and which writes failed.
    let durability = Mutex(Durability())
    private let limits: SessionLimits
    private let now: @Sendable () -> Double
    private let observers = Mutex<[@Sendable (String) -> Void]>([])
    /// Critical sections for read-modify-write, by session (striped: sessions share a lock by hash).
    private let sections: [SectionLock] = (0..<64).map { _ in SectionLock() }

    private final class SectionLock: Sendable {
        let mutex = Mutex(())
    }

    /// A number that grows with every change to any session; equal revisions mean equal contents.
    public var revision: UInt64 { state.withLock { $0.revision } }

    /// `now`: monotonic seconds, for idle times (tests pass their own).
    public convenience init(
        limits: SessionLimits = SessionLimits(), now: @escaping @Sendable () -> Double = StateStore.monotonicSeconds
    ) {
        self.init(limits: limits, now: now, writingTo: nil)
    }

    /// A store that writes every change through to `persistence` before the request that made it is answered
    /// (`serve --state`), starting from what `persistence` saved. Throws what loading it threw.
    public convenience init(
        persistence: any StatePersistence, limits: SessionLimits = SessionLimits(),
        now: @escaping @Sendable () -> Double = StateStore.monotonicSeconds
    ) throws(StatePersistenceError) {
        let saved = try persistence.load()
        self.init(limits: limits, now: now, writingTo: persistence)
        let time = now()
        var sessions: [String: Session] = [:]
        for (name, stored) in saved.sessions {
            var session = Session(lastUsed: time)
            for (key, collection) in stored.collections {
                var target = Collection()
                for (id, value) in collection.items { target.store(id, value) }
                target.sequence = collection.sequence
                session.collections[key] = target
            }
            session.singletons = stored.singletons
            sessions[name] = session
        }
        state.withLock { memory in
            memory.sessions = sessions
            memory.nextPosition = saved.nextPosition
            memory.journaling = true
        }
    }

    private init(
        limits: SessionLimits, now: @escaping @Sendable () -> Double, writingTo persistence: (any StatePersistence)?
    ) {
        self.limits = limits
        self.now = now
        self.persistence = persistence
    }

    /// Whether changes are written through to a file.
    public var isPersistent: Bool { persistence != nil }

    /// From now on a change is not written by the call that makes it but waits in memory until a caller asks
    /// (``writeThrough(after:through:)``, ``finishWrites()``): a server's event loop writes the changes of a
    /// whole pass over its connections in one write before it sends their answers.
    public func writeWhenAsked() {
        state.withLock { $0.writesWhenAsked = true }
    }

    /// How many writes the persistence refused so far, and why the last one was. A refused change is kept in
    /// memory only; `MockService` compares the count before and after a request to tell its caller.
    public var persistenceFailures: (count: Int, last: String?) { failures.withLock { $0 } }

    /// Seconds since an arbitrary start that never go backwards.
    @Sendable public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }

    /// Runs `body` as the one critical section of `session` that reads, decides and writes: no other
    /// `exclusive` section of the same session runs meanwhile. Reads and writes inside it take the store's
    /// own lock as usual; `body` must not open another section.
    public func exclusive<Result: Sendable>(session: String, _ body: () -> Result) -> Result {
        var hasher = Hasher()
        hasher.combine(session)
        let lock = sections[Int(UInt(bitPattern: hasher.finalize()) % UInt(sections.count))]
        return lock.mutex.withLock { _ in body() }
    }

    /// Calls `observer` with the name of every session evicted from now on (outside the store's lock).
    public func onEviction(_ observer: @escaping @Sendable (String) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Applies `body` to the memory under the lock, then writes what it changed (with any change held before)
    /// to the persistence before it returns, and tells observers of the sessions it evicted. With
    /// `holdingChanges`, what `body` changed waits for the next write instead (see
    /// ``nextSequence(session:collection:writeNow:)``); after ``writeWhenAsked()``, every change does.
    ///
    /// The file is written after the memory lock is given up, so reads and other requests' work on memory
    /// never wait for the disk: changes wait in the memory's `pending`, in the order memory made them; a
    /// writer takes all of them under the write lock and writes them as one transaction. A caller whose
    /// changes another writer took waits for that writer on the write lock; ``MockService/handle(_:)``
    /// asks for its changes' tickets (``writeThrough(after:through:)``): either way every change is in the
    /// file (or its failure known) before the request that made it is answered.
    private func mutate<Result: Sendable>(holdingChanges: Bool = false, _ body: (inout Memory) -> Result) -> Result {
        let (result, evicted, changed) = state.withLock { memory -> (Result, [String], Bool) in
            let result = body(&memory)
            let evicted = memory.evicted
            if !evicted.isEmpty { memory.evicted = [] }
            return (result, evicted, !memory.pending.isEmpty && !memory.writesWhenAsked)
        }
        if changed, !holdingChanges { writePending() }
        if !evicted.isEmpty {
            let listeners = observers.withLock { $0 }
            for name in evicted { for listener in listeners { listener(name) } }
        }
        return result
    }

    /// Writes every change waiting in the memory's `pending`, as one transaction (see
    /// ``mutate(holdingChanges:_:)``).
    func writePending() {
        guard let persistence else { return }
        writing.withLock { _ in
            let (changes, through) = state.withLock { memory in
                defer {
                    memory.taken += UInt64(memory.pending.count)
                    memory.pending = []
                }
                return (memory.pending, memory.taken + UInt64(memory.pending.count))
            }
            guard !changes.isEmpty else { return }
            var failure: String?
            do {
                try persistence.write(changes)
            } catch {
                failure = "\(error)"
                failures.withLock { $0 = ($0.count + 1, "\(error)") }
            }
            settle(from: through - UInt64(changes.count), through: through, failure: failure)
        }
    }

    /// The number of every change journaled so far (taken by a writer or waiting): a request that compares
    /// it before and after its work knows which changes to wait for (see ``writeThrough(after:through:)``).
    public var changeTicket: UInt64 { state.withLock { $0.taken + UInt64($0.pending.count) } }

    /// Marks a session as used now (a request named it), so it is not evicted as idle; a session named for
    /// the first time is made (and may push the least recently used one out), so one that only logs in or
    /// reads is bounded and evicted like any other.
    public func touch(session: String) {
        let time = now()
        mutate { $0.materialize(session, now: time, limits: limits) }
    }

    /// Evicts the sessions idle for longer than the limit (the server calls this now and then).
    public func evictIdleSessions() {
        let time = now()
        mutate { $0.sweep(now: time, limits: limits, force: true) }
        writePending()
    }

    /// The names of the sessions that hold state, most recently used first.
    public var sessionNames: [String] {
        state.withLock { $0.sessions.sorted { $0.value.lastUsed > $1.value.lastUsed }.map(\.key) }
    }

    /// The stored item, if present.
    public func item(session: String, collection: String, id: String) -> JSONValue? {
        state.withLock { $0.session(session)?.collections[collection]?.items[id] }
    }

    /// Stores `value` under `id`; returns whether it was new. With `onlyIfAbsent`, an existing item is kept.
    @discardableResult
    public func put(
        session: String, collection: String, id: String, value: JSONValue, onlyIfAbsent: Bool = false
    )
        -> Bool
    {
        let time = now()
        return mutate { memory in
            // Mutated in place, reached once: copying the collection out would copy every item on each write.
            memory.materialize(session, now: time, limits: limits)
            let (isNew, stored) = memory.sessions[session, default: Session()].collections[
                collection, default: Collection()
            ].store(id, value, keepingPresent: onlyIfAbsent)
            guard stored else { return false }
            memory.revision += 1
            if memory.journaling {
                memory.pending.append(
                    .put(
                        session: session, collection: collection, id: id, position: isNew ? memory.nextPosition : nil,
                        value: value))
                if isNew { memory.nextPosition += 1 }
            }
            return isNew
        }
    }

    /// Removes an item; returns it when it was there.
    @discardableResult
    public func remove(session: String, collection: String, id: String) -> JSONValue? {
        let time = now()
        return mutate { memory in
            memory.materialize(session, now: time, limits: limits)
            let removed = memory.sessions[session]?.collections[collection]?.remove(id)
            if removed != nil {
                memory.revision += 1
                if memory.journaling {
                    memory.pending.append(.remove(session: session, collection: collection, id: id))
                }
            }
            return removed
        }
    }

    /// Removes an item when it is there, as ``remove(session:collection:id:)`` does; when it is not (as a mark
    /// that is seldom set mostly is not), only looks, without making the session or taking a turn to write.
    @discardableResult
    public func removeIfPresent(session: String, collection: String, id: String) -> JSONValue? {
        guard state.withLock({ $0.session(session)?.collections[collection]?.items[id] != nil }) else { return nil }
        return remove(session: session, collection: collection, id: id)
    }

    /// All items of a collection in creation order.
    public func items(session: String, collection: String) -> [(id: String, value: JSONValue)] {
        state.withLock { memory in
            guard let target = memory.session(session)?.collections[collection] else { return [] }
            return target.order.compactMap { id in target.items[id].map { (id, $0) } }
        }
    }

    /// A page of a collection in creation order, without copying the rest, and the collection's size.
    public func page(session: String, collection: String, offset: Int, limit: Int) -> (items: [JSONValue], total: Int) {
        state.withLock { memory in
            guard let target = memory.session(session)?.collections[collection] else { return ([], 0) }
            let total = target.order.count
            let start = max(0, min(offset, total))
            // `limit` comes from the caller and may be Int.max: never add it to anything.
            let end = start + min(max(0, limit), total - start)
            return (target.values(start..<end), total)
        }
    }

    /// Items every session starts with (a profile's seed data): collection key → items in order, replacing
    /// what the baseline held for those keys (several mounted contracts each add theirs). Sessions that
    /// already exist keep what they hold; a reset brings the seeds back.
    public func setBaseline(_ collections: [String: [(id: String, value: JSONValue)]]) {
        var seeded: [String: Collection] = [:]
        for (key, items) in collections {
            var collection = Collection()
            for (id, value) in items { collection.store(id, value) }
            collection.sequence = items.count
            seeded[key] = collection
        }
        state.withLock { memory in
            memory.baseline.collections.merge(seeded) { _, new in new }
            memory.revision += 1
        }
    }

    /// Items of every collection whose key starts with `prefix` and passes `include` (one resource over all
    /// its scopes), in key order then creation order.
    public func items(
        session: String, keyPrefix prefix: String, include: (String) -> Bool
    ) -> [(id: String, value: JSONValue)] {
        state.withLock { memory in
            guard let collections = memory.session(session)?.collections else { return [] }
            return collections.keys.sorted().filter { $0.hasPrefix(prefix) && include($0) }.flatMap { key in
                let target = collections[key]!
                return target.order.compactMap { id in target.items[id].map { (id, $0) } }
            }
        }
    }

    /// The first collection (in key order) among those whose key starts with `prefix` and passes `include`
    /// that holds `id`: its key and the item.
    public func find(
        session: String, keyPrefix prefix: String, include: (String) -> Bool, id: String
    ) -> (key: String, value: JSONValue)? {
        state.withLock { memory in
            guard let collections = memory.session(session)?.collections else { return nil }
            for key in collections.keys.sorted() where key.hasPrefix(prefix) && include(key) {
                if let value = collections[key]?.items[id] { return (key, value) }
            }
            return nil
        }
    }

    /// The next number of a collection's id sequence (1, 2, 3 ...). With `writeNow` false the moved sequence
    /// is not written to the persistence on its own but with the next change (the item a create stores
    /// under the number, in the same transaction): a create then costs one transaction, not two. A number
    /// drawn for an item that is then not stored may be drawn again after a restart, which nothing saw.
    public func nextSequence(session: String, collection: String, writeNow: Bool = true) -> Int {
        let time = now()
        return mutate(holdingChanges: !writeNow) { memory in
            memory.materialize(session, now: time, limits: limits)
            let value = memory.sessions[session, default: Session()].collections[
                collection, default: Collection()
            ].nextSequence()
            memory.revision += 1
            if memory.journaling {
                memory.pending.append(.sequence(session: session, collection: collection, value: value))
            }
            return value
        }
    }

    public func singleton(session: String, path: String) -> JSONValue? {
        state.withLock { $0.session(session)?.singletons[path] }
    }

    public func setSingleton(session: String, path: String, value: JSONValue) {
        let time = now()
        mutate { memory in
            memory.materialize(session, now: time, limits: limits)
            memory.sessions[session, default: Session()].singletons[path] = value
            memory.revision += 1
            if memory.journaling { memory.pending.append(.singleton(session: session, path: path, value: value)) }
        }
    }

    /// Forgets one session, or all.
    public func reset(session: String? = nil) {
        mutate { memory in
            if let session { memory.sessions[session] = nil } else { memory.sessions.removeAll() }
            memory.revision += 1
            if memory.journaling { memory.pending.append(session.map { .dropSession($0) } ?? .dropAll) }
        }
    }

    /// The number of stored items in every collection of a session.
    public func counts(session: String) -> [String: Int] {
        state.withLock { ($0.session(session)?.collections ?? [:]).mapValues(\.items.count) }
    }

    /// Everything, as JSON: `{session: {collections: {key: {sequence, items: [{id, value}]}}, singletons}}`;
    /// a collection that is empty and never drew a number is left out.
    public func export() -> JSONValue {
        let sessions = state.withLock { $0.sessions }
        var root = JSONObject()
        for name in sessions.keys.sorted() {
            guard let session = sessions[name] else { continue }
            var collections = JSONObject()
            for key in session.collections.keys.sorted() {
                // A collection that holds nothing and never drew a number (an item put under an id of the
                // client's choosing, then deleted) says nothing: a state file keeps no trace of it either, so
                // the export after a restart is the one before.
                guard let collection = session.collections[key], !collection.order.isEmpty || collection.sequence != 0
                else { continue }
                let items = collection.order.compactMap { id in
                    collection.items[id].map { JSONValue.object(["id": .string(id), "value": $0]) }
                }
                collections.set(key, .object(["sequence": .int(collection.sequence), "items": .array(items)]))
            }
            var singletons = JSONObject()
            for key in session.singletons.keys.sorted() { singletons.set(key, session.singletons[key]!) }
            root.set(name, .object(["collections": .object(collections), "singletons": .object(singletons)]))
        }
        return .object(root)
    }

    /// Replaces everything with an export. Throws (and changes nothing) when the document has the wrong shape.
    public func restore(_ document: JSONValue) throws(StateImportError) {
        guard case .object(let root) = document else {
            throw StateImportError(message: "state must be an object of sessions")
        }
        var restored: [String: Session] = [:]
        let time = now()
        for (name, sessionValue) in root {
            var session = Session(lastUsed: time)
            for (key, collectionValue) in sessionValue["collections"]?.objectValue ?? JSONObject() {
                var collection = Collection()
                collection.sequence = collectionValue["sequence"]?.intValue ?? 0
                guard case .array(let items) = collectionValue["items"] else {
                    throw StateImportError(message: "\(name).collections.\(key).items must be an array")
                }
                for item in items {
                    guard let id = item["id"]?.stringValue, let value = item["value"] else {
                        throw StateImportError(message: "\(name).collections.\(key): every item needs 'id' and 'value'")
                    }
                    collection.store(id, value)
                }
                session.collections[key] = collection
            }
            for (key, value) in sessionValue["singletons"]?.objectValue ?? JSONObject() {
                session.singletons[key] = value
            }
            restored[name] = session
        }
        mutate { memory in
            memory.sessions = restored
            memory.revision += 1
            guard memory.journaling else { return }
            memory.pending.append(.dropAll)
            for name in restored.keys.sorted() { memory.journalWhole(restored[name]!, named: name) }
        }
    }
}

/// Why a state document could not be imported.
public struct StateImportError: Error, Sendable {
    public var message: String
}
