import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema
import UnderstudyTestSupport

/// Browsers on other origins: preflights answered from the contract's paths without reaching the API,
/// answers readable (origin, credentials, exposed headers), and the policy from `--cors` or the profile.
@Suite struct CORSTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Things, version: '1'}
        servers: [{url: /v1}]
        security: [{key: []}, {bearer: []}]
        paths:
          /things:
            get:
              parameters: [{name: X-Tenant, in: header, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}}}}}
            post:
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
              responses:
                '201':
                  description: made
                  headers: {X-Request-Id: {schema: {type: string}}}
                  content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
                '401': {description: who}
          /things/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get:
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}
            delete:
              responses: {'204': {description: gone}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
            bearer: {type: http, scheme: bearer}
          schemas:
            Thing:
              type: object
              properties: {id: {type: string, readOnly: true}, name: {type: string}}
        """
    static let page = "http://localhost:5173"

    /// The contract beside `profile` as mock.yaml, loaded.
    static func loadProfile(_ profile: String) throws -> ProfileLoader.Outcome {
        try ProfileFixture.load(contract: spec, profile: profile, prefix: "cors").outcome
    }

    static func service(cors: CORSPolicy? = nil, profile: String? = nil) throws -> MockService {
        var mockProfile: MockProfile? = nil
        if let profile {
            let outcome = try loadProfile(profile)
            mockProfile = try #require(outcome.profile, "\(outcome.diagnostics)")
        }
        return try MockService.serving(spec, prefix: "/v1", profile: mockProfile, cors: cors)
    }

    static func preflight(
        _ service: MockService, _ path: String, method: String, headers: String? = nil, origin: String = page
    ) -> MockResponse {
        var fields = [("Origin", origin), ("Access-Control-Request-Method", method)]
        if let headers { fields.append(("Access-Control-Request-Headers", headers)) }
        return service.handle(MockRequest(method: "OPTIONS", target: path, headers: fields))
    }

    static func call(
        _ service: MockService, _ method: String, _ target: String, json: JSONValue? = nil, origin: String? = page,
        key: String? = "k1"
    ) -> MockResponse {
        var headers: [(name: String, value: String)] = []
        if let origin { headers.append(("Origin", origin)) }
        if let key { headers.append(("X-Api-Key", key)) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return service.handle(
            MockRequest(
                method: method, target: target, headers: headers, body: json.map { JSONSerializer.data($0) } ?? []))
    }

    @Test func aPreflightIsAnsweredFromThePathWithoutReachingTheAPI() throws {
        let service = try Self.service()
        let answer = Self.preflight(service, "/v1/things", method: "POST", headers: "content-type, x-api-key, x-trace")
        #expect(answer.status == 204)
        #expect(answer.body.isEmpty)
        #expect(answer.header("Access-Control-Allow-Origin") == Self.page)
        #expect(answer.header("Access-Control-Allow-Credentials") == "true")
        #expect(answer.header("Access-Control-Allow-Methods") == "GET, HEAD, POST")
        #expect(
            answer.header("Access-Control-Allow-Headers")
                == "Accept, Authorization, Content-Type, Prefer, X-Understudy-Session, X-Understudy-Fault, X-Tenant, X-Api-Key, x-trace"
        )
        #expect(answer.header("Access-Control-Max-Age") == "600")
        // Not a request to the API: no 401 for the missing key, nothing in the journal.
        let journal = service.handle(MockRequest(method: "GET", path: "/__understudy/requests"))
        #expect(journal.jsonBody?["requests"] == [])
        // An item path; a path no contract declares gets the requested method, so the 404 can be read.
        #expect(
            Self.preflight(service, "/v1/things/t1", method: "DELETE").header("Access-Control-Allow-Methods")
                == "DELETE, GET, HEAD")
        let unknown = Self.preflight(service, "/v1/nothing", method: "PATCH")
        #expect(unknown.status == 204)
        #expect(unknown.header("Access-Control-Allow-Methods") == "PATCH")
        #expect(Self.preflight(service, "/elsewhere", method: "GET").status == 204)
    }

    @Test func answersAreReadableByThePage() throws {
        let service = try Self.service()
        let made = Self.call(service, "POST", "/v1/things", json: ["name": "a"])
        #expect(made.status == 201)
        #expect(made.header("Access-Control-Allow-Origin") == Self.page)
        #expect(made.header("Access-Control-Allow-Credentials") == "true")
        #expect(made.header("Vary") == "Origin")
        let exposed = try #require(made.header("Access-Control-Expose-Headers"))
        #expect(exposed.contains("Location"))
        #expect(exposed.contains("X-Request-Id"))
        #expect(!exposed.lowercased().contains("content-type"))
        let refused = Self.call(service, "POST", "/v1/things", json: ["name": "a"], key: nil)
        #expect(refused.status == 401)
        #expect(refused.header("Access-Control-Allow-Origin") == Self.page)
        #expect(refused.header("Access-Control-Expose-Headers")?.contains("WWW-Authenticate") == true)
        // Without an Origin (curl, a server), nothing is added.
        let plain = Self.call(service, "GET", "/v1/things", origin: nil)
        #expect(plain.status == 200)
        #expect(!plain.headers.contains { $0.name.lowercased().hasPrefix("access-control-") })
        // Outside every mount, the 404 is readable too.
        #expect(Self.call(service, "GET", "/v2/x").header("Access-Control-Allow-Origin") == Self.page)
    }

    @Test func theFlagAndTheProfileChooseTheOrigins() throws {
        let listed = try Self.service(cors: .origins(["http://localhost:*", "https://*.example.com"]))
        #expect(Self.preflight(listed, "/v1/things", method: "GET").status == 204)
        let app = Self.call(listed, "GET", "/v1/things", origin: "https://app.example.com")
        #expect(app.header("Access-Control-Allow-Origin") == "https://app.example.com")
        let refused = Self.preflight(listed, "/v1/things", method: "GET", origin: "https://evil.test")
        #expect(refused.status == 403)
        #expect(
            refused.jsonBody?["detail"]
                == "CORS: the origin https://evil.test may not call this mock; allowed: http://localhost:*, https://*.example.com"
        )
        #expect(refused.header("Access-Control-Allow-Origin") == nil)
        let read = Self.call(listed, "GET", "/v1/things", origin: "https://evil.test")
        #expect(read.status == 200)
        #expect(read.header("Access-Control-Allow-Origin") == nil)

        // Off: OPTIONS is an ordinary request, which this contract does not declare.
        let off = try Self.service(cors: .off)
        let options = Self.preflight(off, "/v1/things", method: "GET")
        #expect(options.status == 405)
        #expect(options.header("Access-Control-Allow-Origin") == nil)

        // The profile decides when the flag is not given; the flag wins when it is.
        let profile = "cors: [\"https://app.example.com\"]\n"
        let byProfile = try Self.service(profile: profile)
        #expect(Self.preflight(byProfile, "/v1/things", method: "GET").status == 403)
        #expect(
            Self.preflight(byProfile, "/v1/things", method: "GET", origin: "https://app.example.com").status == 204)
        let overridden = try Self.service(cors: .any, profile: profile)
        #expect(Self.preflight(overridden, "/v1/things", method: "GET").status == 204)
    }

    @Test func policiesAreReadStrictly() {
        #expect(CORSPolicy.parse("any").policy == .any)
        #expect(CORSPolicy.parse("off").policy == .off)
        #expect(
            CORSPolicy.parse("http://localhost:5173, https://a.example").policy
                == .origins(["http://localhost:5173", "https://a.example"]))
        #expect(
            CORSPolicy.parse("localhost:5173").problem
                == "'localhost:5173' is not an origin: write scheme://host[:port], like http://localhost:5173")
        #expect(
            CORSPolicy.parse("http://localhost:5173/app").problem
                == "'http://localhost:5173/app' is not an origin: an origin has no path, query or fragment (a browser sends none)"
        )
        #expect(CORSPolicy.parse(" , ").problem == "name off, any, or origins such as http://localhost:5173")
        let wildcard = CORSPolicy.origins(["https://*.example.com", "http://localhost:*"])
        #expect(wildcard.allows(origin: "https://a.b.example.com"))
        #expect(wildcard.allows(origin: "HTTPS://App.Example.com"))
        #expect(wildcard.allows(origin: "http://localhost:3000"))
        #expect(!wildcard.allows(origin: "https://example.com"))
        #expect(!wildcard.allows(origin: "https://evil-example.com"))
        #expect(!wildcard.allows(origin: "https://evil.test/.example.com"))
        #expect(!wildcard.allows(origin: "http://localhost"))
    }

    @Test func aProfileWithABadPolicyIsPlaced() throws {
        let outcome = try Self.loadProfile("cors: [localhost]\n")
        #expect(outcome.profile == nil)
        #expect(
            outcome.diagnostics.map(\.message).contains(
                "cors: 'localhost' is not an origin: write scheme://host[:port], like http://localhost:5173"))
    }
}
