import Testing

@testable import UnderstudyMock

/// The store's item table: a dictionary in shards, with a plain dictionary's behaviour.
struct ShardedDictionaryTests {
    @Test func behavesLikeADictionary() {
        var table = ShardedDictionary<String, Int>()
        #expect(table["a"] == nil)
        #expect(table.count == 0)
        #expect(table.removeValue(forKey: "a") == nil)

        table["a"] = 1
        table["b"] = 2
        table["a"] = 3
        #expect(table["a"] == 3)
        #expect(table["b"] == 2)
        #expect(table.count == 2)

        table["a"] = nil
        #expect(table["a"] == nil)
        #expect(table.count == 1)
        #expect(table.removeValue(forKey: "b") == 2)
        #expect(table.removeValue(forKey: "b") == nil)
        #expect(table.count == 0)
    }

    @Test func keepsEveryEntryAcrossShardsAndCopies() {
        var table = ShardedDictionary<String, Int>()
        for number in 0..<10_000 { table[String(number)] = number }
        let copy = table
        for number in stride(from: 0, to: 10_000, by: 2) { table[String(number)] = nil }
        table["new"] = -1
        #expect(table.count == 5_001)
        #expect(copy.count == 10_000)
        #expect((0..<10_000).allSatisfy { copy[String($0)] == $0 })
        #expect((0..<10_000).allSatisfy { table[String($0)] == ($0 % 2 == 0 ? nil : $0) })
        #expect(table["new"] == -1 && copy["new"] == nil)
    }

    /// `updateValue` stores and hands back what was there, counting a new key once.
    @Test func updateValueReturnsWhatWasThere() {
        var table = ShardedDictionary<String, Int>()
        #expect(table.updateValue(1, forKey: "a") == nil)
        #expect(table.count == 1)
        #expect(table.updateValue(2, forKey: "a") == 1)
        #expect(table.count == 1)
        #expect(table["a"] == 2)
        #expect(table.updateValue(3, forKey: "b") == nil)
        #expect(table.count == 2)
    }
}
