import Foundation
import Synchronization
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// What the dashboard calls: the journal (numbered, in full, live), forced answers, items edited in place,
/// the clock set, and the page itself.
@Suite struct AdminAPITests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Things, version: '1'}
        paths:
          /things:
            post:
              operationId: createThing
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
                '409':
                  description: taken
                  content:
                    application/json:
                      schema: {type: object, properties: {message: {type: string}}}
                      examples: {taken: {value: {message: the name is taken}}}
          /things/{id}:
            get:
              operationId: getThing
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
                '404': {description: none}
        components:
          schemas:
            Thing: {type: object, properties: {id: {type: string, readOnly: true}, name: {type: string}}}
        """

    static func service(token: String? = nil) throws -> MockService {
        try MockService.serving(spec, token: token)
    }

    static func call(
        _ service: MockService, _ method: String, _ target: String, json: JSONValue? = nil,
        headers: [(name: String, value: String)] = []
    ) -> MockResponse {
        var all = headers
        if json != nil { all.append(("Content-Type", "application/json")) }
        return service.handle(
            MockRequest(
                method: method, target: target, headers: all, body: json.map { JSONSerializer.data($0) } ?? []))
    }

    @Test func theJournalNumbersExchangesAndKeepsThemInFull() throws {
        let service = try Self.service()
        #expect(Self.call(service, "POST", "/things", json: ["name": "a"]).status == 201)
        #expect(Self.call(service, "GET", "/things/nope?x=1").status == 404)
        let listed = try #require(Self.call(service, "GET", "/__understudy/requests").jsonBody?["requests"])
        #expect(listed.arrayValue?.map { $0["id"] } == [1, 2])
        #expect(listed[1]?["operationId"] == "getThing")
        #expect(
            Self.call(service, "GET", "/__understudy/requests?after=1").jsonBody?["requests"]?.arrayValue?.count == 1)
        let detail = try #require(Self.call(service, "GET", "/__understudy/requests/1").jsonBody)
        #expect(detail["request"]?["body"] == ["json": ["name": "a"]])
        #expect(detail["response"]?["body"]?["json"]?["name"] == "a")
        #expect(detail["response"]?["headers"]?.arrayValue?.contains { $0[0] == "Location" } == true)
        #expect(Self.call(service, "GET", "/__understudy/requests/2").jsonBody?["request"]?["query"] == "x=1")
        let missing = Self.call(service, "GET", "/__understudy/requests/99")
        #expect(missing.status == 404)
        #expect(
            missing.jsonBody
                == [
                    "type": "about:blank", "title": "Not Found", "status": 404,
                    "detail": "no request 99 in the journal (it keeps the last ones only)",
                ])
        #expect(missing.header("Content-Type") == "application/problem+json")
    }

    @Test func theLiveFeedSendsEachExchangeAsItIsLogged() throws {
        let service = try Self.service()
        let response = Self.call(service, "GET", "/__understudy/events")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream")
        let feed = try #require(response.feed)
        let received = Mutex<[String]>([])
        let stop = feed.start { text in received.withLock { $0.append(text) } }
        _ = Self.call(service, "GET", "/things/t1")
        stop()
        _ = Self.call(service, "GET", "/things/t2")
        let events = received.withLock { $0 }
        #expect(events.count == 2)
        #expect(events.first == "retry: 2000\n\n")
        let event = try #require(events.last)
        #expect(event.hasPrefix("event: request\ndata: {\"id\":1,"))
        #expect(event.contains("\"path\":\"/things/t1\""))
        #expect(event.hasSuffix("\n\n"))
    }

    @Test func theNextAnswerCanBeForced() throws {
        let service = try Self.service()
        let forced = Self.call(
            service, "POST", "/__understudy/force", json: ["operation": "createThing", "status": 500, "times": 2])
        #expect(forced.status == 201)
        #expect(forced.jsonBody?["forced"] == [["operation": "createThing", "status": 500, "times": 2]])
        #expect(Self.call(service, "POST", "/things", json: ["name": "a"]).status == 500)
        #expect(Self.call(service, "GET", "/things/x").status == 404)  // another operation: untouched
        #expect(Self.call(service, "POST", "/things", json: ["name": "b"]).status == 500)
        #expect(Self.call(service, "POST", "/things", json: ["name": "c"]).status == 201)
        let journal = try #require(Self.call(service, "GET", "/__understudy/requests").jsonBody?["requests"])
        #expect(journal[0]?["forced"] == ["operation": "createThing", "status": 500, "times": 2])
        #expect(journal[3]?["forced"] == .null)

        _ = Self.call(service, "POST", "/__understudy/force", json: ["operation": "createThing", "example": "taken"])
        let example = Self.call(service, "POST", "/things", json: ["name": "d"])
        #expect(example.status == 409)
        #expect(example.jsonBody == ["message": "the name is taken"])
        _ = Self.call(
            service, "POST", "/__understudy/force", json: ["operation": "*", "fault": "close", "latency": "1500ms"])
        let broken = Self.call(service, "GET", "/things/x")
        #expect(broken.fault == .closeConnection)
        #expect(broken.delay == 1.5)
        _ = Self.call(
            service, "POST", "/__understudy/force", json: ["operation": "getThing", "status": 503, "times": 9])
        #expect(Self.call(service, "DELETE", "/__understudy/force").jsonBody == ["forced": []])
        #expect(Self.call(service, "GET", "/things/x").status == 404)

        let refused = Self.call(service, "POST", "/__understudy/force", json: ["operation": "getThing"])
        #expect(refused.status == 400)
        #expect(refused.jsonBody?["detail"] == "say what to force: status, example, fault or latency")
        #expect(
            Self.call(service, "POST", "/__understudy/force", json: ["operation": "getThing", "status": 999]).jsonBody?[
                "detail"] == "status: a number from 100 to 599")
    }

    @Test func itemsAreEditedAndTheClockSet() throws {
        let service = try Self.service()
        let made = try #require(Self.call(service, "POST", "/things", json: ["name": "a"]).jsonBody)
        let id = try #require(made["id"]?.stringValue)
        let sessions = Self.call(service, "GET", "/__understudy/sessions").jsonBody
        #expect(sessions == ["sessions": [["name": "default", "collections": ["/things": 1]]]])
        let target = "/__understudy/items?session=default&collection=%2Fthings&id=\(id)"
        #expect(Self.call(service, "PUT", target, json: ["id": .string(id), "name": "renamed"]).status == 200)
        #expect(Self.call(service, "GET", "/things/\(id)").jsonBody?["name"] == "renamed")
        #expect(
            Self.call(service, "GET", "/__understudy/state?session=default").jsonBody?["collections"]?["/things"]?[
                "items"]?[0]?["value"]?["name"] == "renamed")
        #expect(Self.call(service, "DELETE", target).status == 200)
        #expect(Self.call(service, "GET", "/things/\(id)").status == 404)
        #expect(Self.call(service, "DELETE", target).status == 404)
        #expect(Self.call(service, "PUT", "/__understudy/items?session=default", json: [:]).status == 400)

        let set = Self.call(service, "POST", "/__understudy/clock", json: ["set": "2030-01-02T03:04:05Z"])
        #expect(set.jsonBody?["now"]?.stringValue?.hasPrefix("2030-01-02T03:04:0") == true)
        let wrong = Self.call(service, "POST", "/__understudy/clock", json: ["set": "soon"])
        #expect(wrong.jsonBody?["detail"] == "set: 'soon' is not an RFC 3339 date-time (e.g. 2024-06-01T12:00:00Z)")
    }

    @Test func theDashboardIsServedToBrowsersAndHonoursTheToken() throws {
        let service = try Self.service()
        let page = Self.call(service, "GET", "/__understudy/", headers: [("Accept", "text/html,*/*")])
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("<title>Understudy dashboard</title>"))
        #expect(!html.contains("http://") && !html.contains("https://"))  // nothing from elsewhere
        #expect(Self.call(service, "GET", "/__understudy/").jsonBody?["status"] == "ok")

        let guarded = try Self.service(token: "s3cret")
        var remote = MockRequest(
            method: "GET", target: "/__understudy/?token=s3cret", headers: [("Accept", "text/html")])
        remote.remoteAddress = "192.0.2.7"
        #expect(guarded.handle(remote).status == 200)
        remote = MockRequest(method: "GET", target: "/__understudy/events?token=wrong")
        remote.remoteAddress = "192.0.2.7"
        #expect(guarded.handle(remote).status == 404)
    }

    /// A page of another site cannot change the mock through the admin API (a simple POST needs no
    /// preflight); the dashboard (same origin) and scripts (no Origin) can.
    @Test func crossSiteWritesAreRefused() throws {
        let service = try Self.service()
        #expect(Self.call(service, "POST", "/things", json: ["name": "a"]).status == 201)
        let attack = Self.call(
            service, "POST", "/__understudy/reset",
            headers: [("Origin", "https://evil.test"), ("Host", "127.0.0.1:4010")])
        #expect(attack.status == 403)
        #expect(
            attack.jsonBody?["detail"]
                == "the admin API takes changes only from its own dashboard or from scripts, not from a page at https://evil.test"
        )
        #expect(Self.call(service, "GET", "/__understudy/sessions").jsonBody?["sessions"]?.arrayValue?.count == 1)
        let dashboard = Self.call(
            service, "POST", "/__understudy/reset",
            headers: [("Origin", "http://127.0.0.1:4010"), ("Host", "127.0.0.1:4010")])
        #expect(dashboard.status == 200)
        #expect(Self.call(service, "POST", "/__understudy/reset").status == 200)
    }
}
