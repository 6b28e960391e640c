import Testing
import UnderstudySchema

/// JSON text out: member order kept, strings escaped, integers written digit by digit (every `Int`, the two
/// ends included), doubles as before.
struct JSONSerializerTests {
    @Test(arguments: [0, 7, -7, 10, 1_000_000, -1_000_000, Int.max, Int.min])
    func integersAreWrittenAsTheirDecimalDigits(_ integer: Int) {
        #expect(JSONSerializer.serialize(.int(integer)) == String(integer))
    }

    @Test func objectsKeepTheirOrderAndNestedValuesAreWrittenWhole() {
        var inner = JSONObject()
        inner.set("z", .int(-3))
        inner.set("a", .array([.null, .bool(true), .double(2.5), .double(1e20)]))
        var outer = JSONObject()
        outer.set("text", .string("line\n\"quoted\" \\ \u{1}"))
        outer.set("inner", .object(inner))
        outer.set("empty", .object(JSONObject()))
        #expect(
            JSONSerializer.serialize(.object(outer))
                == #"{"text":"line\n\"quoted\" \\ \u0001","inner":{"z":-3,"a":[null,true,2.5,100000000000000000000]},"empty":{}}"#
        )
        #expect(
            JSONSerializer.serialize(.object(inner), pretty: true)
                == "{\n  \"z\": -3,\n  \"a\": [\n    null,\n    true,\n    2.5,\n    100000000000000000000\n  ]\n}")
    }

    @Test func iteratingAnObjectGivesItsMembersInOrder() {
        var object = JSONObject()
        for name in ["b", "a", "c"] { object.set(name, .string(name.uppercased())) }
        #expect(object.map(\.key) == ["b", "a", "c"])
        #expect(object.map(\.value) == [.string("B"), .string("A"), .string("C")])
        #expect(Array(JSONObject()).isEmpty)
    }
}
