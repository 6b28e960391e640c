import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// Numbers from a request are hostile: the extremes of 64-bit integers, overflowing floats, `-0`, `NaN` and
/// 400-digit numbers sent to every numeric parameter of lists over a stored collection (limit/offset,
/// page/per_page, a cursor) either page sensibly or get a 400 in the API's own error shape. None traps.
@Suite struct HostileNumberTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Hostile, version: '1'}
        paths:
          /things:
            get:
              operationId: listThings
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
                - {name: offset, in: query, schema: {type: integer}}
              responses:
                '200':
                  description: page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          count: {type: integer}
                          next: {type: string, nullable: true}
                          previous: {type: string, nullable: true}
                          results: {type: array, items: {$ref: '#/components/schemas/Thing'}}
                '400': {$ref: '#/components/responses/Error'}
            post:
              operationId: createThing
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
          /things/{id}:
            get:
              operationId: getThing
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
                '400': {$ref: '#/components/responses/Error'}
                '404': {$ref: '#/components/responses/Error'}
          /pages:
            get:
              operationId: listPages
              parameters:
                - {name: page, in: query, schema: {type: integer}}
                - {name: per_page, in: query, schema: {type: number}}
              responses:
                '200':
                  description: page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: {type: array, items: {$ref: '#/components/schemas/Page'}}
                          _meta:
                            type: object
                            properties:
                              page: {type: integer}
                              total_pages: {type: integer}
                              per_page: {type: integer}
                              records: {type: integer}
                '400': {$ref: '#/components/responses/Error'}
            post:
              operationId: createPage
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
          /pages/{id}:
            get:
              operationId: getPage
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
          /cursors:
            get:
              operationId: listCursors
              parameters:
                - {name: cursor, in: query, schema: {type: string}}
                - {name: maxResults, in: query, schema: {type: integer, format: int64}}
              responses:
                '200':
                  description: page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
                          has_more: {type: boolean}
                          next_cursor: {type: string, nullable: true}
                '400': {$ref: '#/components/responses/Error'}
            post:
              operationId: createCursor
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
          /cursors/{id}:
            get:
              operationId: getCursor
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
        components:
          responses:
            Error:
              description: error
              content:
                application/json:
                  schema:
                    type: object
                    required: [code, message]
                    properties: {code: {type: string}, message: {type: string}}
          schemas:
            Thing:
              type: object
              properties: {id: {type: integer, readOnly: true}, name: {type: string}}
            Page:
              type: object
              properties: {id: {type: integer, readOnly: true}, title: {type: string}}
        """

    static let hostile = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e309", "-1e309", "-0", "0", "NaN",
        "Infinity", "-1", String(repeating: "9", count: 400), "-" + String(repeating: "9", count: 400), "1.5",
        "0x10", "",
    ]

    static func engine() throws -> MockEngine {
        let loaded = ContractLoader().load(text: spec)
        return MockEngine(contract: try #require(loaded.contract, "\(loaded.diagnostics)"))
    }

    static func send(_ engine: MockEngine, _ method: String, _ target: String, json: JSONValue? = nil) -> MockResponse {
        engine.send(method, target, json: json)
    }

    /// Each list gets every hostile value in each of its numeric parameters, alone and all at once; the
    /// answer is a page or a 400 in the contract's error shape, and the collection is still served after.
    @Test(arguments: [
        ("/things", ["limit", "offset"]), ("/pages", ["page", "per_page"]), ("/cursors", ["maxResults", "cursor"]),
    ])
    func everyNumericParameterOfAList(path: String, parameters: [String]) throws {
        let engine = try Self.engine()
        for index in 0..<7 {
            #expect(Self.send(engine, "POST", path, json: ["name": .string("n\(index)")]).status == 201)
        }
        let escape = { (text: String) in
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-.")))
                ?? text
        }
        for value in Self.hostile {
            var targets = parameters.map { "\(path)?\($0)=\(escape(value))" }
            targets.append(path + "?" + parameters.map { "\($0)=\(escape(value))" }.joined(separator: "&"))
            for target in targets {
                let response = Self.send(engine, "GET", target)
                #expect([200, 400].contains(response.status), "\(target) → \(response.status)")
                let body = try #require(response.jsonBody, "\(target): not JSON")
                if response.status == 400 {
                    #expect(
                        body["code"]?.stringValue != nil && body["message"]?.stringValue != nil, "\(target): \(body)")
                    continue
                }
                let page = body["results"] ?? body["items"] ?? body["data"]
                let count = try #require(page?.arrayValue?.count, "\(target): \(body)")
                #expect(count <= 7, "\(target)")
                if let total = body["count"]?.intValue { #expect(total == 7, "\(target)") }
                if let records = body["_meta"]?["records"]?.intValue { #expect(records == 7, "\(target)") }
                if let pages = body["_meta"]?["total_pages"]?.intValue {
                    #expect(pages >= 1 && pages <= 7, "\(target)")
                }
            }
        }
        // The store is intact and still serving.
        let all = Self.send(engine, "GET", path)
        #expect(all.status == 200)
        #expect((all.jsonBody?["results"] ?? all.jsonBody?["items"] ?? all.jsonBody?["data"])?.arrayValue?.count == 7)
    }

    /// `Double(String)` reads `"2\u{0}9"` as 2 (the C library stops at the NUL): a number with a NUL in it is
    /// not a number, in a query parameter or anywhere else text becomes a number.
    @Test func aNulInANumberIsNotANumber() throws {
        #expect(Double(text: "2\u{0}9") == nil)
        #expect(Double(text: "2.5") == 2.5)
        let engine = try Self.engine()
        let answer = Self.send(engine, "GET", "/things?limit=2%009")
        #expect(answer.status == 400)
        #expect(answer.jsonBody?["message"]?.stringValue?.contains("limit") == true)
    }

    /// The extremes reach the arithmetic when they are valid integers: a page that far away is empty, and
    /// the links still point at sensible pages.
    @Test func extremeValidIntegersGiveEmptyPagesNotTraps() throws {
        let engine = try Self.engine()
        for index in 0..<3 { _ = Self.send(engine, "POST", "/things", json: ["name": .string("n\(index)")]) }
        let far = Self.send(engine, "GET", "/things?limit=9223372036854775807&offset=1")
        #expect(far.status == 200)
        #expect(far.jsonBody?["results"]?.arrayValue?.count == 2)
        #expect(far.jsonBody?["next"] == .null)
        let beyond = Self.send(engine, "GET", "/things?limit=2&offset=9223372036854775807")
        #expect(beyond.jsonBody?["results"]?.arrayValue?.count == 0)
        let negative = Self.send(engine, "GET", "/things?limit=-9223372036854775808&offset=-9223372036854775808")
        #expect(negative.status == 200)
        #expect(negative.jsonBody?["results"]?.arrayValue?.count == 0)
        for index in 0..<3 { _ = Self.send(engine, "POST", "/pages", json: ["title": .string("p\(index)")]) }
        let lastPage = Self.send(engine, "GET", "/pages?page=9223372036854775807&per_page=9223372036854775807")
        #expect(lastPage.status == 200)
        #expect(lastPage.jsonBody?["items"]?.arrayValue?.count == 0)
        #expect(lastPage.jsonBody?["_meta"]?["total_pages"] == 1)
        let minimum = Self.send(engine, "GET", "/pages?page=-9223372036854775808&per_page=2")
        #expect(minimum.jsonBody?["items"]?.arrayValue?.count == 2)
        // Ids used as integers: out of range, they are simply not found (or refused), never a trap.
        for id in ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e309", "NaN"] {
            #expect([400, 404].contains(Self.send(engine, "GET", "/things/\(id)").status), "\(id)")
        }
    }

    /// Form bodies name array positions: a negative or huge index is a member name, not a place to write.
    @Test func formIndexesOutOfRangeAreHarmless() {
        var target: JSONValue = .object(["a": .array([1, 2])])
        RequestValidator.insert(.string("x"), at: ["a", "-1"], into: &target)
        RequestValidator.insert(.string("y"), at: ["a", "9223372036854775807"], into: &target)
        #expect(target["a"]?.arrayValue?.count == 4)
    }

    @Test func datesAndDurationsStayInRange() {
        #expect(DateText.format(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59Z")
        #expect(DateText.format(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00Z")
        #expect(DateText.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
        #expect(DurationText.seconds("1e300d") == nil)
        #expect(DurationText.seconds("nand") == nil)
        #expect(DurationText.seconds("2h") == 7200)
        let clock = MockClock(.fixed(Date(timeIntervalSince1970: 0)))
        for _ in 0..<1000 { clock.advance(by: 1e9) }
        clock.advance(by: .infinity)
        #expect(clock.advanced == MockClock.maximumAdvance)
        #expect(Int.max.saturatingAdding(1) == .max)
        #expect(Int.min.saturatingSubtracting(1) == .min)
        #expect(Int.max.saturatingMultiplied(by: -2) == .min)
        #expect((-3).saturatingMultiplied(by: 4) == -12)
    }
}
