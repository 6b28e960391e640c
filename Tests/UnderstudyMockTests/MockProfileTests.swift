import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema
import UnderstudyTestSupport

/// Mock profiles: principals and their credentials, permissions (403), error shapes, rate limits (429), and
/// what a mistake in a profile is told.
@Suite struct MockProfileTests {
    static let profile = """
        principals:
          alice:
            credentials: {key: alice-key}
            permissions: [pets.read, pets.write]
          reader:
            credentials: {key: reader-key}
            permissions: [pets.read]
        permissions:
          - operation: createPet
            needs: pets.write
          - path: /pets/*
            method: DELETE
            needs: [pets.write, pets.admin]
          - path: /pets/**
            needs: pets.read
        errors:
          401: {code: unauthorized, message: "{{ message }}"}
          403: {code: forbidden, message: "{{ message }}", who: "{{ principal }}"}
          429: {code: rate_limited, message: Too many requests}
          404: {type: NotFound, id: "{{ uuid }}"}
        rateLimits:
          - operation: listToys
            limit: 2
            window: 1h
        """

    /// A folder with the pet store contract and `profile` as mock.yaml; returns the loader's outcome.
    static func load(_ profile: String) throws -> (ProfileLoader.Outcome, URL) {
        try ProfileFixture.load(contract: MockEngineTests.petstore, profile: profile)
    }

    static func engine() throws -> MockEngine {
        let (outcome, _) = try load(profile)
        let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
        return MockEngine(contract: try #require(outcome.contract), profile: profile)
    }

    func send(
        _ engine: MockEngine, _ method: String, _ target: String, key: String?, json: JSONValue? = nil
    ) -> MockResponse {
        engine.send(method, target, json: json, headers: key.map { [("X-Api-Key", $0)] } ?? [])
    }

    @Test func onlyAPrincipalsCredentialsAreAccepted() throws {
        let engine = try Self.engine()
        #expect(send(engine, "GET", "/pets", key: "alice-key").status == 200)
        let stranger = send(engine, "GET", "/pets", key: "someone-else")
        #expect(stranger.status == 401)
        #expect(stranger.jsonBody == ["code": "unauthorized", "message": "unknown API key 'X-Api-Key'"])
        #expect(
            send(engine, "GET", "/pets", key: nil).jsonBody?["message"] == "missing API key 'X-Api-Key' in the header")
    }

    @Test func permissionsDecideWhoMayDoWhat() throws {
        let engine = try Self.engine()
        let created = send(engine, "POST", "/pets", key: "alice-key", json: ["name": "Rex", "kind": "dog"])
        #expect(created.status == 201)
        let refused = send(engine, "POST", "/pets", key: "reader-key", json: ["name": "Max", "kind": "cat"])
        #expect(refused.status == 403)
        #expect(
            refused.jsonBody == [
                "code": "forbidden", "message": "reader lacks the permission 'pets.write' that createPet needs",
                "who": "reader",
            ])
        let id = try #require(created.jsonBody?["id"]?.stringValue)
        // Reading needs pets.read, which both hold; deleting needs pets.admin too, which nobody holds.
        #expect(send(engine, "GET", "/pets/\(id)", key: "reader-key").status == 200)
        let delete = send(engine, "DELETE", "/pets/\(id)", key: "alice-key")
        #expect(delete.status == 403)
        #expect(delete.jsonBody?["message"] == "alice lacks the permission 'pets.admin' that deletePet needs")
    }

    @Test func errorShapesAreRenderedAfreshEachTime() throws {
        let (outcome, _) = try Self.load(Self.profile.components(separatedBy: "rateLimits:")[0])
        let profile = try #require(outcome.profile)
        // No rate limits, so the read cache is on: it must not keep an error.
        #expect(profile.rateLimits.isEmpty)
        let engine = MockEngine(contract: try #require(outcome.contract), profile: profile)
        let missing = "/pets/9c9de5e8-0a1e-484a-b099-e80766180a6d"
        let first = send(engine, "GET", missing, key: "reader-key")
        let second = send(engine, "GET", missing, key: "reader-key")
        #expect(first.status == 404)
        #expect(first.jsonBody?["type"] == "NotFound")
        #expect(first.jsonBody?["id"] != second.jsonBody?["id"])
    }

    @Test func rateLimitsAnswer429WithRetryAfter() throws {
        let engine = try Self.engine()
        _ = send(engine, "POST", "/pets", key: "alice-key", json: ["name": "Rex", "kind": "dog"])
        #expect(send(engine, "GET", "/pets/p1/toys", key: "alice-key").status == 200)
        #expect(send(engine, "GET", "/pets/p1/toys", key: "alice-key").status == 200)
        let third = send(engine, "GET", "/pets/p1/toys", key: "alice-key")
        #expect(third.status == 429)
        #expect(third.jsonBody == ["code": "rate_limited", "message": "Too many requests"])
        let retry = try #require(third.header("Retry-After").flatMap(Int.init))
        #expect(retry > 3500 && retry <= 3600)
        // Counted per principal: the reader has its own window.
        #expect(send(engine, "GET", "/pets/p1/toys", key: "reader-key").status == 200)
    }

    @Test func aFixedClockStampsAndTheAdminAPIMovesIt() throws {
        let (outcome, _) = try Self.load(
            "clock: {fixed: 2024-06-01T12:00:00Z}\nrateLimits:\n  - {operation: listToys, limit: 1, window: 1h}\n")
        let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
        #expect(profile.clock == .fixed(Date(timeIntervalSince1970: 1_717_243_200)))
        let store = StateStore()
        let engine = MockEngine(contract: try #require(outcome.contract), store: store, profile: profile)
        let service = MockService(mounts: [MountedContract(prefix: "", engine: engine)], store: store)
        func call(_ method: String, _ target: String, _ json: JSONValue? = nil) -> MockResponse {
            var headers = [(name: "X-Api-Key", value: "k")]
            if json != nil { headers.append((name: "Content-Type", value: "application/json")) }
            return service.handle(
                MockRequest(
                    method: method, target: target, headers: headers, body: json.map { JSONSerializer.data($0) } ?? []))
        }
        let created = call("POST", "/pets", ["name": "Rex", "kind": "dog"])
        #expect(created.jsonBody?["createdAt"] == "2024-06-01T12:00:00Z")
        #expect(call("GET", "/pets/p1/toys").status == 200)
        #expect(call("GET", "/pets/p1/toys").status == 429)
        // An hour later the window has passed, and new stamps say so.
        let moved = call("POST", "/__understudy/clock", ["advance": "1h"])
        #expect(moved.jsonBody?["now"] == "2024-06-01T13:00:00Z")
        #expect(call("GET", "/pets/p1/toys").status == 200)
        #expect(call("POST", "/pets", ["name": "Max", "kind": "cat"]).jsonBody?["createdAt"] == "2024-06-01T13:00:00Z")
        #expect(call("POST", "/__understudy/clock", ["advance": "soon"]).status == 400)
        #expect(call("POST", "/__understudy/reset").status == 200)
        #expect(call("GET", "/__understudy/clock").jsonBody?["now"] == "2024-06-01T12:00:00Z")
        let (bad, _) = try Self.load("clock: {offset: later}\n")
        #expect(bad.diagnostics.map(\.message) == ["clock.offset: 'later' is not a duration (e.g. -1d, +2h, 30m)"])
        let (shifted, _) = try Self.load("clock: {offset: -1d}\n")
        #expect(shifted.profile?.clock == .offset(-86400))
    }

    @Test func latencyAndFaultsAreInjectedAndSwitchablePerRequest() throws {
        let (outcome, _) = try Self.load(
            """
            latency:
              - {operation: listPets, fixed: 200ms}
              - {uniform: [10ms, 20ms]}
            faults:
              - {operation: getPet, status: 503}
              - {path: /pets/*/toys, kind: close, rate: 1}
              - {operation: listPets, kind: truncate, rate: 0}
            """)
        let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
        let engine = MockEngine(contract: try #require(outcome.contract), profile: profile)
        func call(_ target: String, _ extra: [(name: String, value: String)] = []) -> MockResponse {
            engine.handle(MockRequest(method: "GET", target: target, headers: [("X-Api-Key", "k")] + extra)).0
        }
        let list = call("/pets")
        #expect(list.status == 200)
        #expect(list.delay == 0.2)
        #expect(list.fault == nil)  // rate 0 never fires
        let other = call("/pets/p1/toys/1")
        #expect(other.delay >= 0.01 && other.delay <= 0.02)
        #expect(call("/pets/9c9de5e8-0a1e-484a-b099-e80766180a6d").status == 503)
        #expect(call("/pets/p1/toys").fault == .closeConnection)
        // A header reproduces or silences a fault for one request.
        #expect(call("/pets", [("X-Understudy-Fault", "truncate")]).fault == .truncateBody)
        #expect(call("/pets", [("X-Understudy-Fault", "429")]).status == 429)
        let silenced = call("/pets/p1/toys", [("X-Understudy-Fault", "off")])
        #expect(silenced.fault == nil)
        #expect(silenced.delay == 0)

        // A log-normal with a huge sigma draws infinity about half the time: the delay stays a duration a
        // timer can be set to (it stopped the server when the answer was scheduled).
        let (wide, _) = try Self.load("latency:\n  - {operation: listPets, lognormal: {median: 1s, sigma: 1e300}}\n")
        let wideEngine = MockEngine(contract: try #require(wide.contract), profile: try #require(wide.profile))
        let delays = (0..<40).map { _ in
            wideEngine.handle(MockRequest(method: "GET", target: "/pets", headers: [("X-Api-Key", "k")])).0.delay
        }
        #expect(delays.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= DurationText.maximumSeconds })
        #expect(delays.contains(DurationText.maximumSeconds))

        let (bad, _) = try Self.load(
            "faults:\n  - {status: 200}\n  - {kind: explode, rate: 2}\nlatency:\n  - {fixed: soon}\n")
        #expect(
            bad.diagnostics.map(\.message) == [
                "a latency needs fixed:, uniform: [low, high] or lognormal: {median:, sigma:} with durations",
                "a fault needs status: (400-599) or kind: close or truncate",
                "a fault's rate: is between 0 and 1",
            ])
    }

    @Test func mistakesInAProfileAreReportedWithFileAndLine() throws {
        let (outcome, folder) = try Self.load(
            """
            principals:
              alice:
                credentials: {token: x, key: ""}
                permision: [a]
            permissions:
              - operation: createPets
                needs: pets.write
              - tag: nothing
                needs: a
              - needs: b
            errors:
              418x: {message: teapot}
              404: {message: "{{ oops"}
            rateLimits:
              - limit: 0
                window: 1m
            """)
        #expect(outcome.profile == nil)
        let messages = outcome.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(
            messages == [
                "mock.yaml:4:5: error: unknown key 'permision' in principal 'alice'\n    hint: did you mean 'permissions'?",
                "mock.yaml:3:19: error: principal 'alice': the contract has no security scheme 'token'\n    hint: declared: key",
                "mock.yaml:3:34: error: principal 'alice': the credential for 'key' must be a non-empty string",
                "mock.yaml:6:16: error: a permission rule: the contract has no operation 'createPets'\n    hint: did you mean 'createPet'?",
                "mock.yaml:8:10: error: a permission rule: no operation has the tag 'nothing'",
                "mock.yaml:12:3: error: errors: keys are HTTP error statuses (400-599), got '418x'",
                "mock.yaml:13:18: error: '{{' without a closing '}}' in \"{{ oops\"",
                "mock.yaml:15:5: error: a rate limit needs limit: a whole number > 0",
                "mock.yaml: warning: no principal holds 'b', which every operation needs",
            ])
    }
}

/// The published profile schema is the one lint uses, and it accepts the documented example.
@Suite struct ProfileSchemaTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theDocsCopyIsTheBuiltInOne() throws {
        let published = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("docs/profile.schema.json"), encoding: .utf8)
        #expect(published.trimmingCharacters(in: .whitespacesAndNewlines) == ProfileSchema.text)
    }

    @Test func theTestProfileFitsAndMistakesArePlaced() throws {
        let good = try #require(YAMLReader().read(Array(MockProfileTests.profile.utf8), file: "mock.yaml").value)
        #expect(ProfileSchema.schema.validate(good).map(\.message) == [])
        let bad = try #require(
            YAMLReader().read(
                Array("principals:\n  a: {credentials: {k: [1]}}\nrateLimits:\n  - limit: 0\n".utf8), file: "m.yaml"
            )
            .value)
        let problems = ProfileSchema.schema.validate(bad).map { "\($0.location.line): \($0.message)" }
        #expect(problems.contains { $0.hasPrefix("2: #/principals/a/credentials/k") })
        #expect(problems.contains { $0.hasPrefix("4: #/rateLimits/0") })
    }
}
