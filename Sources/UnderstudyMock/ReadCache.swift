import Synchronization

/// Answers to reads (GET of an item, a list page, a singleton) by request, valid while the store does not
/// change: each entry carries the store's revision when it was made, and any write moves the revision on,
/// so a stale answer is never served. The key holds the whole request (method, session, mount, target and
/// every header; reads have no body), so routing, security and validation are skipped too. Bounded by bytes: when
/// full, new answers are not kept until the next change. Dropped entries are freed on a background queue,
/// never on the event loop that is answering.
final class ReadCache: Sendable {
    /// A cached answer with what the request log records about it.
    struct Entry: Sendable {
        var response: MockResponse
        var operationId: String?
        var behavior: String?
        /// What the output check repaired when the answer was made (the journal shows it on every hit).
        var repairs: [String] = []
    }

    /// What a cached answer is found by: the request as text, with its hash worked out once. The table
    /// compares hashes before texts, so a lookup among many keys that share a long prefix (one target with
    /// different queries) compares one text at most, and a request is hashed once for its lookup and store.
    struct Key: Hashable, Sendable {
        let text: String
        private let hash: Int

        init(_ text: String) {
            self.text = text
            var hasher = Hasher()
            hasher.combine(text)
            hash = hasher.finalize()
        }

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.hash == rhs.hash && lhs.text == rhs.text }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    private struct Entries: Sendable {
        var responses = RevisionTable<Key, Entry>()
        /// Answers served from the cache since the engine started (kept across revisions).
        var hits = 0
    }

    private let entries = Mutex(Entries())
    private let budget: Int

    init(budget: Int = 16 << 20) { self.budget = budget }

    /// The answer cached for `key` when the store is still at `revision`.
    func entry(for key: Key, revision: UInt64) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries.responses.value(for: key, at: revision) else { return nil }
            entries.hits += 1
            return entry
        }
    }

    /// How many answers came from the cache so far.
    var hits: Int { entries.withLock { $0.hits } }

    /// Keeps `entry`, made from the store at `revision`, for `key`.
    func store(_ entry: Entry, for key: Key, revision: UInt64) {
        let cost = entry.response.body.count + key.text.utf8.count + 64
        guard cost <= budget / 16 else { return }
        let dropped = entries.withLock { entries in
            entries.responses.keep(entry, for: key, weight: cost, at: revision, budget: budget)
        }
        RevisionTable.release(dropped) { $0.values.count > 256 }
    }
}
