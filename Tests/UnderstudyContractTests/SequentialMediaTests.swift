import Testing
import UnderstudyContract
import UnderstudySchema

/// OpenAPI 3.2 sequential media types: bodies written and read item by item, and a response checked against
/// its `itemSchema` one item at a time.
@Suite struct SequentialMediaTests {
    let items: [JSONValue] = [["n": 1], ["n": 2, "note": "two\nlines"]]

    @Test func jsonLinesAndTextSequencesRoundTrip() throws {
        for (format, expected) in [
            (SequentialMedia.jsonLines, "{\"n\":1}\n{\"n\":2,\"note\":\"two\\nlines\"}\n"),
            (.jsonSequence, "\u{1E}{\"n\":1}\n\u{1E}{\"n\":2,\"note\":\"two\\nlines\"}\n"),
        ] {
            let body = format.encode(items)
            #expect(String(decoding: body, as: UTF8.self) == expected)
            #expect(try format.decode(body).get() == items)
        }
    }

    @Test func eventsCarryTheirFieldsAndMultiLineData() throws {
        let events: [JSONValue] = [
            ["event": "launch", "id": "7", "data": "first\nsecond"], ["data": "x", "retry": 500],
        ]
        let body = SequentialMedia.eventStream.encode(events)
        #expect(
            String(decoding: body, as: UTF8.self)
                == "event: launch\nid: 7\ndata: first\ndata: second\n\nretry: 500\ndata: x\n\n")
        #expect(try SequentialMedia.eventStream.decode(body).get() == events)
        // Comments, CRLF line ends and a field without a space after the colon are read as browsers read them.
        let written = Array(": keep-alive\r\nevent:launch\r\ndata: {}\r\n\r\n".utf8)
        #expect(try SequentialMedia.eventStream.decode(written).get() == [["event": "launch", "data": "{}"]])
    }

    @Test func onlyDescribedSequentialTypesAreSequences() {
        #expect(SequentialMedia(MediaType("application/x-ndjson")) == .jsonLines)
        #expect(SequentialMedia(MediaType("text/event-stream; charset=utf-8")) == .eventStream)
        #expect(SequentialMedia(MediaType("application/json")) == nil)
    }

    @Test func aResponseIsCheckedItemByItem() throws {
        let contract = try #require(
            ContractLoader().load(
                text: """
                    openapi: 3.2.0
                    info: {title: Seq, version: '1'}
                    paths:
                      /ticks:
                        get:
                          responses:
                            '200':
                              description: ticks
                              content:
                                application/jsonl:
                                  itemSchema: {type: object, required: [n], properties: {n: {type: integer}}}
                    """
            ).contract)
        let operation = try #require(contract.operation(method: "GET", path: "/ticks"))
        let validator = ResponseValidator(contract: contract)
        let headers = [(name: "Content-Type", value: "application/jsonl")]
        let good = validator.validate(
            status: 200, headers: headers, body: Array("{\"n\":1}\n{\"n\":2}\n".utf8), operation: operation)
        #expect(good.isEmpty)
        let bad = validator.validate(
            status: 200, headers: headers, body: Array("{\"n\":1}\n{\"n\":\"two\"}\n{}\n".utf8), operation: operation)
        #expect(bad.map(\.location) == ["body[2]#/n", "body[3]"])
        let broken = validator.validate(
            status: 200, headers: headers, body: Array("{\"n\":1}\n{oops\n".utf8), operation: operation)
        #expect(broken.map(\.location) == ["body[2]"])
        #expect(broken.first?.kind == .malformedBody)
    }
}
