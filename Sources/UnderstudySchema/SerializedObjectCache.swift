import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The serialised bytes of JSON objects sent before, so an object that goes out again unchanged (a stored
/// item read by request after request, alone or on a page) is copied rather than written member by member.
///
/// An object is known by the storage of its keys and of its values, not by its contents: a lookup costs one
/// hash of two addresses. That is sound because the cache keeps both arrays alive: no other object can be
/// given their storage while an entry exists, and since the cache shares the storage, any change to the
/// object (in the store or anywhere else) first copies it into new storage, which the cache does not know.
/// So an entry is never stale. The cache is kept in shards by thread, each bounded by a budget of bytes; when
/// a shard's is spent, it starts over, and the old entries are freed on a background queue so the caller
/// does not wait for it.
public final class SerializedObjectCache: Sendable {
    /// The deepest an object may sit in a value (the value itself is at depth 0) and still be looked up:
    /// a stored item is the answer, an element of a page, or a member of an envelope (or of a page in
    /// one); deeper objects are parts of an item, written with it.
    static let deepestLookup = 2

    /// Whether an object at `depth` is looked up and kept: an element of an array; the answer itself
    /// unless it looks like an envelope (it holds an array of two or more objects: a page); a member of an
    /// object when it has at least six members (an item in an envelope). What is left out is what changes
    /// from one answer to the next: envelopes and the small objects in them (counts, links), and
    /// single-member objects, cheaper to write than to look up.
    static func isWorthKeeping(_ object: JSONObject, depth: Int, inArray: Bool) -> Bool {
        guard object.count >= 2 else { return false }
        if inArray { return true }
        if depth > 0 { return object.count >= 6 }
        return !object.values.contains { member in
            if case .array(let elements) = member, elements.count >= 2, case .object? = elements.first {
                return true
            }
            return false
        }
    }

    private struct Identity: Hashable, Sendable {
        var keys: UInt
        var values: UInt
    }

    private struct Entry: @unchecked Sendable {
        /// Held only to keep the storage the identity names alive and shared (see the type's comment).
        var keys: [String]
        var values: [JSONValue]
        var bytes: [UInt8]
    }

    private struct Entries: @unchecked Sendable {
        var known: [Identity: Entry] = [:]
        var weight = 0
    }

    /// One shard of the cache: its entries behind their own lock.
    private final class Shard: Sendable {
        let entries = Mutex(Entries())
    }

    /// Shards of the cache, one picked by the calling thread: the server's event loops each answer on
    /// their own thread, and one lock that all of them take for every item of every page was contended.
    /// A shard is a thread's own unless two threads pick the same one (then they share its lock); each
    /// keeps its own copy of what its threads sent.
    private let shards: [Shard]
    /// The bytes one shard may hold.
    private let shardBudget: Int
    static let shardCount = 16

    /// A cache whose shards hold serialised objects worth up to a quarter of `budget` bytes each.
    public init(budget: Int = 8 << 20) {
        shards = (0..<Self.shardCount).map { _ in Shard() }
        shardBudget = max(1, budget / 4)
    }

    /// The number of objects held, over all shards (for tests).
    public var count: Int { shards.reduce(0) { total, shard in total + shard.entries.withLock { $0.known.count } } }

    /// The calling thread's shard.
    private var shard: Shard {
        // A thread's identity is its address: its low bits are alignment, so they are mixed away.
        #if canImport(Glibc)
            var thread = UInt64(pthread_self())
        #else
            var thread = UInt64(UInt(bitPattern: pthread_self()))
        #endif
        thread = (thread ^ (thread >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        thread ^= thread >> 33
        return shards[Int(thread % UInt64(Self.shardCount))]
    }

    private static func identity(of object: JSONObject) -> Identity {
        Identity(
            keys: object.keys.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) },
            values: object.values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
    }

    /// The bytes `object` was serialised as, when it was serialised before and has not changed since.
    func bytes(of object: JSONObject) -> [UInt8]? {
        let identity = Self.identity(of: object)
        return shard.entries.withLock { $0.known[identity]?.bytes }
    }

    /// Records that `object` serialises as `bytes`. An object heavier than a sixteenth of a shard's
    /// budget is not kept.
    func remember(_ object: JSONObject, serializedAs bytes: [UInt8]) {
        let cost = bytes.count + 64
        guard cost <= shardBudget / 16 else { return }
        let entry = Entry(keys: object.keys, values: object.values, bytes: bytes)
        let identity = Self.identity(of: object)
        let dropped: Entries? = shard.entries.withLock { entries in
            var dropped: Entries? = nil
            if entries.weight + cost > shardBudget {
                dropped = entries
                entries = Entries()
            }
            if entries.known.updateValue(entry, forKey: identity) == nil { entries.weight += cost }
            return dropped
        }
        if let dropped { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(dropped) {} } }
    }
}
