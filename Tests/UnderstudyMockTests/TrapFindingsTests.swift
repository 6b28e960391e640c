import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// What reading the request parsers and the generator for traps found: each input here stopped the server
/// (a stack overflow or a trap) before it was fixed. Each is the smallest contract and request that showed it.
@Suite struct TrapFindingsTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Traps, version: '1'}
        paths:
          /forms:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded: {schema: {type: object}}
                  multipart/form-data: {schema: {type: object}}
              responses: {'204': {description: ok}}
          /loops:
            get:
              parameters: [{name: x, in: query, schema: {$ref: '#/components/schemas/Loop'}}]
              responses: {'204': {description: ok}}
          /words:
            get:
              parameters: [{name: w, in: query, schema: {type: string, pattern: '^(a|aa)+$'}}]
              responses: {'204': {description: ok}}
          /short:
            get:
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: string, maxLength: -1}}}}
          /cells/{ids}:
            get:
              parameters: [{name: ids, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: integer}}}]
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: object}}}}
        components:
          schemas:
            Loop: {allOf: [{$ref: '#/components/schemas/Loop'}]}
        """

    static func engine() throws -> MockEngine {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        return MockEngine(contract: contract)
    }

    static func text(_ response: MockResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// `a[][]…[]=1` with 20,000 pairs of brackets recursed once per pair and overflowed the stack. A name
    /// nesting deeper than a JSON body may is refused, in a form and in a multipart body alike; one within
    /// the limit still builds its nested value.
    @Test func aFormFieldNestedTooDeeplyIsRefused() throws {
        let engine = try Self.engine()
        let deep = "a" + String(repeating: "[]", count: 20_000)
        let form = engine.handle(
            MockRequest(
                method: "POST", target: "/forms", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array((deep + "=1").utf8))
        ).0
        #expect(form.status == 400)
        #expect(
            Self.text(form)
                == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"the request does not match "#
                + #"the contract","operation":"POST /forms","errors":[{"location":"body","message":"form field "#
                + #"'a[][][][][][][][][][][][][][][][][][][][…' nests 20000 levels deep; at most 256 are accepted"}]}"#)
        let part = "--XyZ\r\nContent-Disposition: form-data; name=\"\(deep)\"\r\n\r\n1\r\n--XyZ--\r\n"
        let multipart = engine.handle(
            MockRequest(
                method: "POST", target: "/forms", headers: [("Content-Type", "multipart/form-data; boundary=XyZ")],
                body: Array(part.utf8))
        ).0
        #expect(multipart.status == 400)
        #expect(Self.text(multipart).contains("nests 20000 levels deep"), "\(Self.text(multipart))")
        let within = "a" + String(repeating: "[k]", count: 256) + "=1"
        let accepted = engine.handle(
            MockRequest(
                method: "POST", target: "/forms", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(within.utf8))
        ).0
        #expect(accepted.status == 204, "\(Self.text(accepted))")
    }

    /// A schema that is only an `allOf` of itself recursed without end when a parameter of that schema was
    /// decoded.
    @Test func aSchemaThatIsAnAllOfOfItselfStillDecodes() throws {
        let engine = try Self.engine()
        #expect(engine.handle(MockRequest(method: "GET", target: "/loops?x=1")).0.status == 204)
    }

    /// `maxLength: -1` trapped taking a negative prefix of the generated text; it now counts as 0.
    @Test func aNegativeMaxLengthGivesAnEmptyString() throws {
        let engine = try Self.engine()
        let answer = engine.handle(MockRequest(method: "GET", target: "/short")).0
        #expect(answer.status == 200)
        #expect(Self.text(answer) == "\"\"")
    }

    /// Exploded matrix arrays (`;ids=3;ids=4`) name every element: each loses its name, not only the first.
    @Test func explodedMatrixElementsLoseTheirNames() throws {
        let engine = try Self.engine()
        let answer = engine.handle(MockRequest(method: "GET", target: "/cells/;ids=3;ids=4;ids=5")).0
        #expect(answer.status == 200, "\(Self.text(answer))")
        let refused = engine.handle(MockRequest(method: "GET", target: "/cells/;ids=3;ids=x")).0
        #expect(refused.status == 400)
    }

    /// A contract's pattern that backtracks catastrophically (`^(a|aa)+$` against 40 `a`s and a `!`) held
    /// a server thread for minutes; the match now gives up and the request is refused saying why.
    @Test func aPatternThatBacktracksForeverIsGivenUp() throws {
        let engine = try Self.engine()
        let started = Date()
        let answer = engine.handle(
            MockRequest(method: "GET", target: "/words?w=" + String(repeating: "a", count: 40) + "!")
        ).0
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(answer.status == 400)
        #expect(Self.text(answer).contains("could not be checked against pattern"), "\(Self.text(answer))")
        #expect(engine.handle(MockRequest(method: "GET", target: "/words?w=aaaa")).0.status == 204)
    }
}
