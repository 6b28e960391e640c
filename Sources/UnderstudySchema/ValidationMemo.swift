import Dispatch
import Foundation
import Synchronization

/// Values already found valid against a schema, so a value that is checked again and again (a stored
/// resource read by many requests, a page size sent with every list call) is validated once.
///
/// Only successes are remembered. A value is known by its serialised form (``JSONSerializer/data(_:pretty:)``,
/// which writes members in their order): a caller that serialises the value anyway (to send it) hands the
/// bytes in, and a lookup costs one hash of the bytes (eight at a time) and one comparison of them, not a
/// walk of the value. A changed value, or the same members in another order, is validated afresh. The memo
/// is bounded by a budget of bytes; when it is spent, the memo starts over, and the old entries are freed on
/// a background queue so the caller does not wait for it.
public final class ValidationMemo: Sendable {
    /// Serialised bytes and a schema, with their hash worked out once, by the caller, outside the memo's lock.
    private struct Key: Hashable, Sendable {
        var schema: String
        var bytes: [UInt8]
        var digest: Int

        /// `schemaHash` is `schema`'s `hashValue` (a caller that validates against one schema again and
        /// again works it out once).
        init(schema: String, schemaHash: Int, bytes: [UInt8]) {
            self.schema = schema
            self.bytes = bytes
            var hasher = Hasher()
            hasher.combine(schemaHash)
            hasher.combine(bytes.withUnsafeBytes { Self.wordHash($0) })
            digest = hasher.finalize()
        }

        /// Mixed into every ``wordHash(_:)``: chosen anew by each process, so which bodies share a hash
        /// cannot be worked out from outside.
        private static let wordHashSeed = UInt64.random(in: .min ... .max)

        /// A 64-bit hash of `bytes`, eight at a time in four independent lanes (a body's hash was a visible
        /// part of answering a list when `Hasher` took it byte by byte, and still was with one lane: each word
        /// waited for the multiplication before it). Bodies that share a hash are still told apart by their
        /// bytes.
        static func wordHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
            let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
            @inline(__always) func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
                let mixed = (hash ^ word) &* multiplier
                return mixed ^ (mixed >> 29)
            }
            let count = bytes.count
            let words = count / 8
            var lanes = (
                wordHashSeed ^ (UInt64(count) &* multiplier), wordHashSeed &+ 1, wordHashSeed &+ 2, wordHashSeed &+ 3
            )
            var word = 0
            while word < words - words % 4 {
                let offset = word &* 8
                lanes.0 = mix(lanes.0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lanes.1 = mix(lanes.1, bytes.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt64.self))
                lanes.2 = mix(lanes.2, bytes.loadUnaligned(fromByteOffset: offset &+ 16, as: UInt64.self))
                lanes.3 = mix(lanes.3, bytes.loadUnaligned(fromByteOffset: offset &+ 24, as: UInt64.self))
                word &+= 4
            }
            while word < words {
                lanes.0 = mix(lanes.0, bytes.loadUnaligned(fromByteOffset: word &* 8, as: UInt64.self))
                word &+= 1
            }
            var tail: UInt64 = 0
            for index in (words * 8)..<count { tail = tail << 8 | UInt64(bytes[index]) }
            var hash = mix(lanes.0, tail)
            hash = mix(hash, lanes.1)
            hash = mix(hash, lanes.2)
            hash = mix(hash, lanes.3)
            // The avalanche step of MurmurHash3's 64-bit finaliser.
            hash ^= hash >> 33
            hash = hash &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 33
            return hash
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        static func == (left: Key, right: Key) -> Bool {
            left.digest == right.digest && left.schema == right.schema && sameBytes(left.bytes, right.bytes)
        }

        /// Whether two byte arrays hold the same bytes, compared as memory (`==` on arrays compares element
        /// by element, which for a page of items was a visible part of answering it).
        private static func sameBytes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
            guard left.count == right.count else { return false }
            return left.withUnsafeBytes { leftBytes in
                right.withUnsafeBytes { rightBytes in
                    guard let leftBase = leftBytes.baseAddress, let rightBase = rightBytes.baseAddress else {
                        return true
                    }
                    return memcmp(leftBase, rightBase, leftBytes.count) == 0
                }
            }
        }
    }

    private struct Entries: Sendable {
        var known = Set<Key>()
        var weight = 0
    }

    private let entries = Mutex(Entries())
    private let budget: Int

    /// A memo that holds values worth up to `budget` bytes.
    public init(budget: Int = 32 << 20) { self.budget = budget }

    /// Whether `value` was found valid against the schema at `schema` before.
    public func isKnownValid(_ value: JSONValue, against schema: String) -> Bool {
        isKnownValid(serialized: JSONSerializer.data(value), against: schema)
    }

    /// Whether the value serialised as `bytes` was found valid against the schema at `schema` before.
    public func isKnownValid(serialized bytes: [UInt8], against schema: String) -> Bool {
        isKnownValid(serialized: bytes, against: schema, schemaHash: schema.hashValue)
    }

    /// ``isKnownValid(serialized:against:)`` with `schema`'s `hashValue` worked out by the caller.
    public func isKnownValid(serialized bytes: [UInt8], against schema: String, schemaHash: Int) -> Bool {
        let key = Key(schema: schema, schemaHash: schemaHash, bytes: bytes)
        return entries.withLock { $0.known.contains(key) }
    }

    /// Whether `value` was found valid against the schema at `schema` (whose `hashValue` is `schemaHash`).
    public func isKnownValid(_ value: JSONValue, against schema: String, schemaHash: Int) -> Bool {
        isKnownValid(serialized: JSONSerializer.data(value), against: schema, schemaHash: schemaHash)
    }

    /// Records that `value` is valid against the schema at `schema`.
    public func remember(_ value: JSONValue, validAgainst schema: String) {
        remember(serialized: JSONSerializer.data(value), validAgainst: schema)
    }

    /// Records that the value serialised as `bytes` is valid against the schema at `schema`. A value heavier
    /// than a sixteenth of the budget is not kept.
    public func remember(serialized bytes: [UInt8], validAgainst schema: String) {
        remember(serialized: bytes, validAgainst: schema, schemaHash: schema.hashValue)
    }

    /// Records that `value` is valid against the schema at `schema` (whose `hashValue` is `schemaHash`).
    public func remember(_ value: JSONValue, validAgainst schema: String, schemaHash: Int) {
        remember(serialized: JSONSerializer.data(value), validAgainst: schema, schemaHash: schemaHash)
    }

    /// ``remember(serialized:validAgainst:)`` with `schema`'s `hashValue` worked out by the caller.
    public func remember(serialized bytes: [UInt8], validAgainst schema: String, schemaHash: Int) {
        let cost = max(1, bytes.count) + schema.utf8.count + 48
        guard cost <= budget / 16 else { return }
        let key = Key(schema: schema, schemaHash: schemaHash, bytes: bytes)
        let dropped: Entries? = entries.withLock { entries in
            var dropped: Entries? = nil
            if entries.weight + cost > budget {
                dropped = entries
                entries = Entries()
            }
            if entries.known.insert(key).inserted { entries.weight += cost }
            return dropped
        }
        if let dropped { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(dropped) {} } }
    }
}
