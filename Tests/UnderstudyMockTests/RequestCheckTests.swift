import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// The validation stage on its own: a valid request's decoded values; otherwise the status (415 for a media
/// type the operation does not take, the operation's own 400 or 422, 406 when `Accept` cannot be met) and
/// the issues.
@Suite struct RequestCheckTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /notes:
            post:
              parameters: [{name: draft, in: query, schema: {type: boolean}}]
              requestBody:
                required: true
                content: {application/json: {schema: {type: object, required: [text], properties: {text: {type: string}}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {type: object}}}}
                '422': {description: invalid}
        """

    static func check(
        query: [(name: String, value: String)] = [], contentType: String = "application/json", body: String,
        accept: String? = nil
    ) throws -> RequestCheck.Outcome {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        let operation = try #require(contract.operation(method: "POST", path: "/notes"))
        let input = HTTPRequestInput(
            method: "POST", query: query, headers: [("Content-Type", contentType)], body: Array(body.utf8))
        return RequestCheck(contract: contract).check(input, operation: operation, accept: accept)
    }

    static func refusal(_ outcome: RequestCheck.Outcome) -> (Int, String, [String])? {
        guard case .invalid(let status, let message, let issues) = outcome else { return nil }
        return (status, message, issues.map(\.description))
    }

    @Test func aValidRequestComesOutDecoded() throws {
        guard case .valid(let validated) = try Self.check(query: [("draft", "true")], body: #"{"text": "hi"}"#) else {
            Issue.record("refused")
            return
        }
        #expect(validated.body == ["text": "hi"])
        #expect(validated.parameter("draft", in: .query) == true)
    }

    @Test func otherRequestsAreRefusedWithTheRightStatus() throws {
        let invalid = try #require(Self.refusal(try Self.check(body: #"{"text": 1}"#)))
        #expect(invalid.0 == 422)
        #expect(invalid.1 == "the request does not match the contract")
        #expect(invalid.2.count == 1)
        let media = try #require(Self.refusal(try Self.check(contentType: "text/plain", body: "hi")))
        #expect(media.0 == 415)
        let accept = try #require(Self.refusal(try Self.check(body: #"{"text": "hi"}"#, accept: "application/xml")))
        #expect(accept.0 == 406)
        #expect(accept.1 == "none of the response media types (application/json) satisfies Accept: application/xml")
        #expect(Self.refusal(try Self.check(body: #"{"text": "hi"}"#, accept: "application/*")) == nil)
    }
}

/// An operation whose only success is 101 Switching Protocols (Docker's `POST /session`, which Schemathesis
/// called with no Upgrade header and got a 101 it could not use).
@Suite struct ProtocolSwitchTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /session:
            post:
              responses:
                '101': {description: hijacked}
                '400':
                  description: bad parameter
                  content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
          /events:
            get:
              responses:
                '101': {description: upgraded}
                '200': {description: polled, content: {application/json: {schema: {type: object}}}}
        components:
          schemas:
            Error: {type: object, required: [message], properties: {message: {type: string}}}
        """

    static func engine() throws -> MockEngine {
        let outcome = ContractLoader().load(text: spec)
        return MockEngine(contract: try #require(outcome.contract, "\(outcome.diagnostics)"))
    }

    @Test func aRequestThatAsksForNoUpgradeIsRefusedInTheAPIsErrorShape() throws {
        let engine = try Self.engine()
        let (response, record) = engine.handle(MockRequest(method: "POST", target: "/session", headers: [], body: []))
        #expect(response.status == 400)
        #expect(
            record.issues == [
                "header.Upgrade: this operation answers 101 Switching Protocols; send an Upgrade header naming the protocol"
            ])
        let body = try JSONParser.parse(bytes: response.body)
        #expect(body["message"]?.stringValue != nil)
        #expect(response.header("Upgrade") == nil)
        // An empty Upgrade names nothing either.
        #expect(engine.send("POST", "/session", headers: [("Upgrade", " ")]).status == 400)
    }

    @Test func aRequestThatAsksForAnUpgradeGetsTheSwitchNamed() throws {
        let response = try Self.engine().send(
            "POST", "/session", headers: [("Upgrade", "h2c"), ("Connection", "Upgrade")])
        #expect(response.status == 101)
        #expect(response.header("Upgrade") == "h2c")
        #expect(response.body.isEmpty)
    }

    @Test func anOperationWithAnotherSuccessAnswersIt() throws {
        #expect(try Self.engine().send("GET", "/events").status == 200)
    }
}
