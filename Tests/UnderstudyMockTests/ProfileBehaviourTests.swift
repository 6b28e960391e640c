import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema
import UnderstudyTestSupport

/// Profiles beyond who may call: resources (id formats, tenants, scopes, seeds, unique fields, lifecycles),
/// list rules, guards, field effects, downloads, logins and expiring credentials.
@Suite struct ProfileBehaviourTests {
    static let contract = """
        openapi: 3.0.3
        info: {title: Reports, version: "1"}
        security: [{key: []}, {bearer: []}, {session: []}]
        paths:
          /auth/login:
            post:
              operationId: login
              security: []
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, properties: {username: {type: string}, password: {type: string}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {type: object, properties: {token: {type: string}, expires_at: {type: string, format: date-time}}}
                "401": {description: no}
          /auth/logout:
            post:
              operationId: logout
              responses:
                "204": {description: logged out}
          /orgs/{org}/reports:
            parameters: [{name: org, in: path, required: true, schema: {type: string}}]
            get:
              operationId: listReports
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
                - {name: offset, in: query, schema: {type: integer}}
                - {name: created_after, in: query, schema: {type: string, format: date}}
                - {name: created_before, in: query, schema: {type: string, format: date}}
                - {name: q, in: query, schema: {type: string}}
                - {name: types, in: query, schema: {type: string}}
                - {name: sort, in: query, schema: {type: string}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          count: {type: integer}
                          next: {type: string, nullable: true}
                          previous: {type: string, nullable: true}
                          results: {type: array, items: {$ref: '#/components/schemas/Report'}}
                "400": {description: bad}
            post:
              operationId: createReport
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, required: [name], properties: {name: {type: string}, type: {type: string}}}
              responses:
                "201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Report'}}}}
                "409": {description: taken}
          /orgs/{org}/reports/{id}:
            parameters:
              - {name: org, in: path, required: true, schema: {type: string}}
              - {name: id, in: path, required: true, schema: {type: string}}
            get:
              operationId: getReport
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Report'}}}}
                "404": {description: none}
          /orgs/{org}/reports/{id}/approve:
            parameters:
              - {name: org, in: path, required: true, schema: {type: string}}
              - {name: id, in: path, required: true, schema: {type: string}}
            post:
              operationId: approveReport
              requestBody:
                content: {application/json: {schema: {type: object, properties: {hash: {type: string}}}}}
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Report'}}}}
                "403": {description: wrong hash}
                "404": {description: none}
                "409": {description: again}
          /orgs/{org}/reports/{id}/download:
            parameters:
              - {name: org, in: path, required: true, schema: {type: string}}
              - {name: id, in: path, required: true, schema: {type: string}}
            get:
              operationId: downloadReport
              responses:
                "200":
                  description: the file
                  content:
                    text/csv: {schema: {type: string}}
                    application/vnd.ms-excel: {schema: {type: string, format: binary}}
                "404": {description: none}
          /all-reports:
            get:
              operationId: listAllReports
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Report'}}}}}
          /tokens:
            post:
              operationId: createToken
              requestBody:
                required: true
                content: {application/json: {schema: {type: object, required: [owner], properties: {owner: {type: string}}}}}
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Token'}}}}
          /token-list:
            get:
              operationId: listTokens
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {type: object, properties: {tokens: {type: array, items: {$ref: '#/components/schemas/Token'}}}}
          /tokens/{token}:
            get:
              operationId: getToken
              parameters: [{name: token, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Token'}}}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
            bearer: {type: http, scheme: bearer, bearerFormat: JWT}
            session: {type: apiKey, in: cookie, name: sid}
          schemas:
            Report:
              type: object
              properties:
                id: {type: string}
                name: {type: string}
                type: {type: string, enum: [csv, xlsx]}
                state: {type: string, enum: [processing, finished]}
                hash: {type: string}
                owner: {type: string}
                created_at: {type: string, format: date-time}
                approved_at: {type: string, format: date-time, nullable: true}
            Token:
              type: object
              properties:
                token: {type: string}
                owner: {type: string}
                expiresAt: {type: string, format: date-time}
        """

    static let profile = """
        clock: {fixed: 2024-06-01T12:00:00Z}
        principals:
          acme: {credentials: {key: acme-key}, tenant: acme, permissions: ["*"], attributes: {email: ops@acme.test}}
          globex: {credentials: {key: globex-key}, tenant: globex, permissions: [reports.read, reports.write]}
          scoped: {credentials: {key: scoped-key}, permissions: ["reports.read[org=acme]"]}
          brief: {credentials: {key: {value: brief-key, ttl: 10m}}, permissions: ["*"]}
          ada: {login: "ada:pw", tenant: acme, permissions: ["*"]}
        permissions:
          - {path: /orgs/**, method: GET, needs: reports.read}
          - {operation: createReport, needs: reports.write}
        sessions:
          - {operation: login, scheme: bearer, issues: jwt, ttl: 1h}
        errors:
          400: {code: "{{ code }}", message: "{{ message }}"}
          403: {code: forbidden, message: "{{ message }}"}
          410: {code: gone, message: "{{ message }}"}
        resources:
          reports:
            path: /orgs/{org}/reports/{id}
            id: {format: "rpt_{{ random(12) }}"}
            owner: tenant
            unique: [name]
            defaults: {owner: "{{ principal.email }}", hash: "{{ hash(item.id) }}", approved_at: null}
            lifecycle: {field: state, from: processing, to: finished, polls: 2}
            seed:
              - tenant: acme
                scope: {org: main}
                generate: 40
                values:
                  id: "r{{ index }}"
                  name: "Report {{ index }}"
                  type: csv
                  state: finished
                  hash: "h{{ index }}"
                  approved_at: null
                  created_at: "{{ now - index * 1d }}"
              - tenant: acme
                scope: {org: main}
                items:
                  - {id: r-new, name: Fresh, type: xlsx, state: processing, hash: hx, created_at: "2024-06-01T11:00:00Z"}
          tokens:
            operations: {createToken: create, listTokens: list, getToken: read}
            id: {field: token, format: "tok_{{ random(8) }}"}
            owner: tenant
            defaults: {expiresAt: "{{ now + 1h }}"}
        operations:
          listReports:
            guards:
              - when: request.query.created_before < request.query.created_after
                status: 400
                code: invalid_parameters
                message: Bad filters
            list:
              limit: {param: limit, default: 10, max: 25, overMax: error}
              filters:
                created_after: {field: created_at, op: gte}
                created_before: {field: created_at, op: lte}
                q: {field: name, op: contains}
                types: {field: type, op: in}
              only: item.state == 'finished'
              defaultFilter: {where: "item.created_at >= now - 30d", unless: [created_after, created_before]}
              sort: {default: -created_at, param: sort, allowed: [created_at, name]}
          approveReport:
            guards:
              - {when: "request.body.hash != item.hash", status: 403, message: Incorrect hash given.}
              - {when: "item.approved_at != null", status: 409, message: "{{ item.id }} is already approved"}
            effects: {approved_at: "{{ now }}"}
          downloadReport:
            download:
              by: "{{ item.type }}"
              variants:
                csv: {contentType: text/csv, body: "id,name\\n{{ item.id }},{{ item.name }}\\n"}
                xlsx: {contentType: application/vnd.ms-excel, file: files/report.xlsx}
              filename: "{{ item.id }}.{{ item.type }}"
          listAllReports: {resource: reports, kind: list, list: {across: scopes}}
          getToken:
            guards: [{when: "item.expiresAt <= now", status: 410, message: the token expired}]
        """

    static let spreadsheet: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// A folder with the contract, `profile` as mock.yaml and a download file.
    static func load(_ profile: String) throws -> ProfileLoader.Outcome {
        try ProfileFixture.load(contract: contract, profile: profile, files: ["files/report.xlsx": spreadsheet]).outcome
    }

    struct Mock {
        let service: MockService
        let engine: MockEngine

        init() throws {
            let outcome = try ProfileBehaviourTests.load(ProfileBehaviourTests.profile)
            let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
            let store = StateStore()
            engine = MockEngine(contract: try #require(outcome.contract), store: store, profile: profile)
            service = MockService(mounts: [MountedContract(prefix: "", engine: engine)], store: store)
        }

        func call(
            _ method: String, _ target: String, key: String? = "acme-key", bearer: String? = nil,
            json: JSONValue? = nil
        ) -> MockResponse {
            var headers: [(name: String, value: String)] = []
            if let key { headers.append(("X-Api-Key", key)) }
            if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
            if json != nil { headers.append(("Content-Type", "application/json")) }
            return service.handle(
                MockRequest(
                    method: method, target: target, headers: headers, body: json.map { JSONSerializer.data($0) } ?? []))
        }

        func ids(_ response: MockResponse) -> [String] {
            response.jsonBody?["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
    }

    @Test func listsFollowTheirRules() throws {
        let mock = try Mock()
        let recent = mock.call("GET", "/orgs/main/reports")
        #expect(recent.status == 200)
        // Finished only, the last 30 days by default, newest first, 10 per page.
        #expect(recent.jsonBody?["count"] == 30)
        #expect(mock.ids(recent).prefix(3) == ["r1", "r2", "r3"])
        #expect(mock.ids(recent).count == 10)
        #expect(recent.jsonBody?["next"]?.stringValue?.contains("offset=10") == true)
        #expect(mock.call("GET", "/orgs/main/reports?created_after=2024-04-01").jsonBody?["count"] == 40)
        let window = mock.call("GET", "/orgs/main/reports?created_after=2024-05-25&created_before=2024-05-30&limit=25")
        #expect(mock.ids(window) == ["r2", "r3", "r4", "r5", "r6", "r7"])
        let reversed = mock.call("GET", "/orgs/main/reports?created_after=2024-05-30&created_before=2024-05-25")
        #expect(reversed.status == 400)
        #expect(reversed.jsonBody == ["code": "invalid_parameters", "message": "Bad filters"])
        #expect(mock.call("GET", "/orgs/main/reports?limit=26").status == 400)
        #expect(mock.call("GET", "/orgs/main/reports?q=Report%201&limit=25").jsonBody?["count"] == 11)
        #expect(mock.call("GET", "/orgs/main/reports?types=xlsx,pdf").jsonBody?["count"] == 0)
        #expect(mock.ids(mock.call("GET", "/orgs/main/reports?sort=name")).first == "r1")
        #expect(mock.ids(mock.call("GET", "/orgs/main/reports?sort=name")).dropFirst().first == "r10")
        #expect(mock.call("GET", "/orgs/main/reports?sort=hash").status == 400)
    }

    @Test func tenantsScopesAndScopedPermissionsKeepDataApart() throws {
        let mock = try Mock()
        #expect(mock.call("GET", "/orgs/main/reports", key: "globex-key").jsonBody?["count"] == 0)
        #expect(mock.call("GET", "/orgs/main/reports/r1", key: "globex-key").status == 404)
        #expect(mock.call("GET", "/orgs/main/reports/r1").jsonBody?["name"] == "Report 1")
        #expect(mock.call("GET", "/orgs/other/reports/r1").status == 404)
        // Scoped: reports.read only where org is acme.
        #expect(mock.call("GET", "/orgs/main/reports", key: "scoped-key").status == 403)
        #expect(mock.call("GET", "/orgs/acme/reports", key: "scoped-key").status == 200)
        // Across scopes: the organisation-wide list sees every org's items of the caller's tenant only.
        #expect(mock.call("POST", "/orgs/other/reports", json: ["name": "Elsewhere", "type": "csv"]).status == 201)
        #expect(mock.call("POST", "/orgs/other/reports", key: "globex-key", json: ["name": "Theirs"]).status == 201)
        let all = Array(mock.call("GET", "/all-reports").jsonBody?.arrayValue ?? JSONArray([]))
        #expect(all.count == 42)
        #expect(all.contains { $0["name"] == "Elsewhere" } && !all.contains { $0["name"] == "Theirs" })
    }

    @Test func createsUseIdFormatsDefaultsUniquenessAndLifecycles() throws {
        let mock = try Mock()
        let created = mock.call("POST", "/orgs/main/reports", json: ["name": "Q3", "type": "csv"])
        #expect(created.status == 201)
        let id = try #require(created.jsonBody?["id"]?.stringValue)
        #expect(id.wholeMatch(of: /rpt_[a-z0-9]{12}/) != nil)
        #expect(created.jsonBody?["owner"] == "ops@acme.test")
        #expect(created.jsonBody?["hash"]?.stringValue?.count == 16)
        #expect(created.jsonBody?["state"] == "processing")
        #expect(mock.call("POST", "/orgs/main/reports", json: ["name": "Report 3"]).status == 409)
        // Another tenant may use the name.
        #expect(mock.call("POST", "/orgs/main/reports", key: "globex-key", json: ["name": "Report 3"]).status == 201)
        // processing → finished on the second poll.
        #expect(mock.call("GET", "/orgs/main/reports/\(id)").jsonBody?["state"] == "processing")
        #expect(mock.call("GET", "/orgs/main/reports/\(id)").jsonBody?["state"] == "finished")
        #expect(mock.call("GET", "/orgs/main/reports/\(id)").jsonBody?["state"] == "finished")
    }

    @Test func guardsEffectsAndDownloads() throws {
        let mock = try Mock()
        let wrong = mock.call("POST", "/orgs/main/reports/r1/approve", json: ["hash": "nope"])
        #expect(wrong.status == 403)
        #expect(wrong.jsonBody == ["code": "forbidden", "message": "Incorrect hash given."])
        #expect(mock.call("POST", "/orgs/main/reports/missing/approve", json: ["hash": "h1"]).status == 404)
        let approved = mock.call("POST", "/orgs/main/reports/r1/approve", json: ["hash": "h1"])
        #expect(approved.status == 200)
        #expect(approved.jsonBody?["approved_at"] == "2024-06-01T12:00:00Z")
        #expect(mock.call("GET", "/orgs/main/reports/r1").jsonBody?["approved_at"] == "2024-06-01T12:00:00Z")
        let again = mock.call("POST", "/orgs/main/reports/r1/approve", json: ["hash": "h1"])
        #expect(again.status == 409)
        #expect(again.jsonBody?["detail"] == "r1 is already approved")
        let csv = mock.call("GET", "/orgs/main/reports/r2/download")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv")
        #expect(String(decoding: csv.body, as: UTF8.self) == "id,name\nr2,Report 2\n")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"r2.csv\"")
        let sheet = mock.call("GET", "/orgs/main/reports/r-new/download")
        #expect(sheet.header("Content-Type") == "application/vnd.ms-excel")
        #expect(sheet.body == Self.spreadsheet)
        #expect(mock.call("GET", "/orgs/main/reports/r2/download", key: "globex-key").status == 404)
    }

    @Test func loginsIssueTokensThatExpireOnTheMockClock() throws {
        let mock = try Mock()
        #expect(mock.call("POST", "/auth/login", key: nil, json: ["username": "ada", "password": "no"]).status == 401)
        let login = mock.call("POST", "/auth/login", key: nil, json: ["username": "ada", "password": "pw"])
        #expect(login.status == 200)
        let token = try #require(login.jsonBody?["token"]?.stringValue)
        #expect(token.split(separator: ".").count == 3)
        #expect(login.jsonBody?["expires_at"] == "2024-06-01T13:00:00Z")
        #expect(mock.call("GET", "/orgs/main/reports/r1", key: nil, bearer: token).status == 200)
        #expect(mock.call("GET", "/orgs/main/reports/r1", key: nil, bearer: "forged").status == 401)
        // A credential with a ttl works until the clock passes it.
        #expect(mock.call("GET", "/orgs/main/reports", key: "brief-key").status == 200)
        #expect(mock.call("POST", "/__understudy/clock", key: nil, json: ["advance": "2h"]).status == 200)
        let expired = mock.call("GET", "/orgs/main/reports/r1", key: nil, bearer: token)
        #expect(expired.status == 401)
        #expect(String(decoding: expired.body, as: UTF8.self).contains("expired"))
        #expect(mock.call("GET", "/orgs/main/reports", key: "brief-key").status == 401)
    }

    @Test func extraSchemesOmittedAndComputedFields() throws {
        let outcome = try Self.load(
            """
            securitySchemes:
              queryKey: {type: apiKey, in: query, name: api_key}
            principals:
              acme: {credentials: {key: acme-key, queryKey: query-key}, permissions: ["*"]}
            resources:
              reports:
                path: /orgs/{org}/reports/{id}
                omit: [colour]
                computed: {self: "{{ request.origin }}/orgs/{{ request.params.org }}/reports/{{ item.id }}"}
            """)
        let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
        let engine = MockEngine(contract: try #require(outcome.contract), profile: profile)
        func call(_ method: String, _ target: String, json: JSONValue? = nil) -> MockResponse {
            var headers: [(name: String, value: String)] = [("Host", "mock.test")]
            if json != nil { headers.append(("Content-Type", "application/json")) }
            return engine.handle(
                MockRequest(
                    method: method, target: target, headers: headers, body: json.map { JSONSerializer.data($0) } ?? [])
            ).0
        }
        // The query key the contract never declared is accepted; a wrong one is not.
        let made = call("POST", "/orgs/main/reports?api_key=query-key", json: ["name": "Q1", "colour": "red"])
        #expect(made.status == 201)
        let id = try #require(made.jsonBody?["id"]?.stringValue)
        #expect(made.jsonBody?["name"] == "Q1")
        #expect(made.jsonBody?["colour"] == nil)
        #expect(made.jsonBody?["self"] == .string("http://mock.test/orgs/main/reports/\(id)"))
        #expect(call("GET", "/orgs/main/reports/\(id)?api_key=nope").status == 401)
        let read = call("GET", "/orgs/main/reports/\(id)?api_key=query-key")
        #expect(read.jsonBody?["self"] == .string("http://mock.test/orgs/main/reports/\(id)"))
        let bad = try Self.load(
            "securitySchemes:\n  key: {type: apiKey, in: header, name: X}\n  odd: {type: mutualTLS}\n")
        #expect(
            bad.diagnostics.map(\.message) == [
                "the contract already declares the security scheme 'key'",
                "a security scheme's type: is apiKey or http",
            ])
    }

    @Test func cookieSessionsAndRoles() throws {
        let outcome = try Self.load(
            """
            roles: {reader: [reports.read]}
            principals:
              ada: {login: "ada:pw", roles: [reader]}
            permissions:
              - {path: /orgs/**, method: GET, needs: reports.read}
              - {operation: createReport, needs: reports.write}
            sessions:
              - {operation: login, scheme: session, issues: cookie, ttl: 30m}
            operations:
              logout: {kind: logout}
            """)
        let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
        #expect(profile.principals.first?.permissions == ["reports.read"])
        let engine = MockEngine(contract: try #require(outcome.contract), profile: profile)
        func call(_ method: String, _ target: String, cookie: String?, json: JSONValue? = nil) -> MockResponse {
            var headers: [(name: String, value: String)] = cookie.map { [("Cookie", "sid=\($0)")] } ?? []
            if json != nil { headers.append(("Content-Type", "application/json")) }
            return engine.handle(
                MockRequest(
                    method: method, target: target, headers: headers, body: json.map { JSONSerializer.data($0) } ?? [])
            ).0
        }
        let login = call("POST", "/auth/login", cookie: nil, json: ["username": "ada", "password": "pw"])
        let cookie = try #require(login.header("Set-Cookie"))
        #expect(cookie.hasSuffix("; Path=/; HttpOnly; Max-Age=1800"))
        let token = String(cookie.dropFirst(4).prefix { $0 != ";" })
        #expect(login.jsonBody?["token"]?.stringValue == token)
        #expect(call("GET", "/orgs/main/reports", cookie: token).status == 200)
        #expect(call("POST", "/orgs/main/reports", cookie: token, json: ["name": "x"]).status == 403)
        #expect(call("GET", "/orgs/main/reports", cookie: "tok_unknown").status == 401)
        // Logging out ends the session.
        #expect(call("POST", "/auth/logout", cookie: token).status == 204)
        #expect(call("GET", "/orgs/main/reports", cookie: token).status == 401)
        let wrong = try Self.load("principals:\n  ada: {roles: [raeder]}\nroles: {reader: [a]}\n")
        #expect(wrong.diagnostics.map(\.message) == ["principal 'ada': no role 'raeder' under roles:"])
    }

    @Test func resourcesAssembledFromNamedOperations() throws {
        let mock = try Mock()
        let made = mock.call("POST", "/tokens", json: ["owner": "o-1"])
        #expect(made.status == 200)
        let token = try #require(made.jsonBody?["token"]?.stringValue)
        #expect(token.hasPrefix("tok_"))
        #expect(made.jsonBody?["expiresAt"] == "2024-06-01T13:00:00Z")
        #expect(mock.call("GET", "/token-list").jsonBody?["tokens"]?.arrayValue?.count == 1)
        #expect(mock.call("GET", "/token-list", key: "globex-key").jsonBody?["tokens"]?.arrayValue?.count == 0)
        #expect(mock.call("GET", "/tokens/\(token)").jsonBody?["owner"] == "o-1")
        #expect(mock.call("GET", "/tokens/unknown").status == 404)
        _ = mock.call("POST", "/__understudy/clock", key: nil, json: ["advance": "61m"])
        let gone = mock.call("GET", "/tokens/\(token)")
        #expect(gone.status == 410)
        #expect(gone.jsonBody == ["code": "gone", "message": "the token expired"])
    }

    @Test func thePublishedSchemaAcceptsTheProfileAndPlacesMistakes() throws {
        let good = try #require(YAMLReader().read(Array(Self.profile.utf8), file: "mock.yaml").value)
        #expect(ProfileSchema.schema.validate(good).map(\.message) == [])
        let bad = try #require(
            YAMLReader().read(
                Array(
                    "resources:\n  r: {owner: everyone}\noperations:\n  x: {list: {filters: {a: {op: like}}}}\n".utf8),
                file: "m.yaml"
            ).value)
        let problems = ProfileSchema.schema.validate(bad).map { "\($0.location.line): \($0.message)" }
        #expect(problems.contains { $0.hasPrefix("2: #/resources/r/owner") })
        #expect(problems.contains { $0.hasPrefix("4: #/operations/x/list/filters/a") })
    }

    @Test func behaviourMistakesArePlaced() throws {
        let outcome = try Self.load(
            """
            resources:
              reports:
                path: /orgs/{org}/report/{id}
                seed: [{file: ../../etc/passwd}]
                lifecycle: {field: state, from: a, to: b}
            operations:
              listReport: {kind: list}
              listReports:
                list: {filters: {colour: {field: colour, op: like}}, limit: {param: size}}
                guards: [{when: "request.query.a <", status: 400}]
              downloadReport: {resource: report, body: "{{ find('report', 1) }}"}
            sessions:
              - {operation: login, scheme: cookie}
            """)
        let messages = outcome.diagnostics.map(\.message)
        #expect(outcome.profile == nil)
        #expect(messages.contains("resource 'reports': the contract has no path '/orgs/{org}/report/{id}'"))
        #expect(messages.contains { $0.contains("outside the profile's folder") })
        #expect(messages.contains("a lifecycle needs after: (a duration) or polls: (a count)"))
        #expect(messages.contains("operations: the contract has no operation 'listReport'"))
        #expect(messages.contains("listReports has no query parameter 'colour'"))
        #expect(messages.contains("listReports has no query parameter 'size'"))
        #expect(messages.contains { $0.hasPrefix("filter 'colour': op: is one of eq, ne") })
        #expect(messages.contains { $0.hasPrefix("guard: unexpected end") })
        #expect(messages.contains("operation 'downloadReport': no resource 'report' under resources:"))
        #expect(messages.contains("find('report', …): no resource 'report' under resources:"))
        #expect(messages.contains("a session rule: the contract has no security scheme 'cookie'"))
        let lines = Set(outcome.diagnostics.map(\.location.line))
        #expect(lines.count >= 6)
    }
}
