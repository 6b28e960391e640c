import Testing
import UnderstudySchema

/// Serialising with a cache of objects sent before gives the same bytes as serialising afresh, the first
/// time and every time after; an object changed after it was cached (a copy of it, or the very value that
/// was cached) is written anew; envelopes and the small objects in them are not kept.
@Suite struct SerializedObjectCacheTests {
    static let report: JSONValue = [
        "id": 12, "name": "12 \"Closing\"", "price": 14000.5, "active": true, "sent": .null,
        "links": [["href": "/reports/12", "rel": "self"]],
    ]
    static let page: JSONValue = [
        "items": [report, ["id": 13, "name": "13 Opening"], ["only": 1]],
        "_meta": ["page": 1, "total": 3, "per_page": 5],
    ]

    @Test(arguments: [report, page, [report, report], ["data": report], .string("x"), .array([]), [:]])
    func theBytesAreTheSameAsWithoutTheCacheTheFirstTimeAndAfter(_ value: JSONValue) {
        let cache = SerializedObjectCache()
        let expected = JSONSerializer.data(value)
        #expect(JSONSerializer.data(value, reusing: cache) == expected)
        #expect(JSONSerializer.data(value, reusing: cache) == expected)
    }

    /// A page keeps its items of two members or more (a one-member object is cheaper to write than to look
    /// up), not the envelope and not its metadata; an item answered alone, or wrapped in an envelope, is
    /// kept, but small members of an object are not. An answer holding an array of two objects or more
    /// looks like a page: its elements are kept, not the answer.
    @Test func whatIsKeptIsWhatComesBackUnchanged() {
        let paged = SerializedObjectCache()
        _ = JSONSerializer.data(Self.page, reusing: paged)
        #expect(paged.count == 2)
        let alone = SerializedObjectCache()
        _ = JSONSerializer.data(Self.report, reusing: alone)
        #expect(alone.count == 1)
        let wrapped = SerializedObjectCache()
        _ = JSONSerializer.data(["data": Self.report, "meta": ["a": 1, "b": 2]], reusing: wrapped)
        #expect(wrapped.count == 1)
        let twoLinks = SerializedObjectCache()
        let links: JSONValue = [["href": "/a", "rel": "self"], ["href": "/b", "rel": "next"]]
        _ = JSONSerializer.data(["id": 1, "links": links], reusing: twoLinks)
        #expect(twoLinks.count == 2)
    }

    @Test func aChangedCopyIsWrittenAnew() {
        let cache = SerializedObjectCache()
        guard case .object(let stored) = Self.report else { return }
        _ = JSONSerializer.data(.array([.object(stored)]), reusing: cache)
        var changed = stored
        changed.set("name", "renamed")
        let bytes = JSONSerializer.data(.array([.object(changed)]), reusing: cache)
        #expect(bytes == JSONSerializer.data(.array([.object(changed)])))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""name":"renamed""#))
    }

    /// The value that was cached, changed in place by its only other holder, is copied first (the cache
    /// shares its storage), so its new bytes are written, never the old ones.
    @Test func theCachedValueChangedInPlaceIsWrittenAnew() {
        let cache = SerializedObjectCache()
        var item = JSONObject()
        for (key, value) in [("id", 1), ("a", 2), ("b", 3)] { item.set(key, .int(value)) }
        _ = JSONSerializer.data(.object(item), reusing: cache)
        item.set("a", .int(20))
        _ = item.remove("b")
        item.set("c", .int(4))
        let bytes = JSONSerializer.data(.object(item), reusing: cache)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"id":1,"a":20,"c":4}"#)
    }

    /// A full cache (its calling thread's shard, a quarter of the budget) starts over; an object heavier
    /// than a sixteenth of that is not kept.
    @Test func aFullCacheStartsOverAndHeavyObjectsAreNotKept() {
        let cache = SerializedObjectCache(budget: 16384)
        let heavy: JSONValue = ["id": 1, "text": .string(String(repeating: "x", count: 400))]
        _ = JSONSerializer.data(heavy, reusing: cache)
        #expect(cache.count == 0)
        var items: [JSONValue] = []
        for number in 0..<60 { items.append(["id": .int(number), "name": "item"]) }
        let bytes = JSONSerializer.data(.array(items), reusing: cache)
        #expect(bytes == JSONSerializer.data(.array(items)))
        #expect(cache.count > 0 && cache.count < 60)
    }
}
