import Foundation
import Synchronization
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// Sessions are bounded: beyond the cap the least recently used goes, idle ones go after a while, the
/// default one stays, and an evicted or reset session takes its issued credentials and lifecycle polls along.
@Suite struct SessionEvictionTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let seconds = Mutex(1000.0)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var now: @Sendable () -> Double { { [self] in seconds.withLock { $0 } } }
    }

    final class Evictions: Sendable {
        private let names = Mutex<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    @Test func theLeastRecentlyUsedSessionGoesAtTheCap() {
        let clock = ManualClock()
        let store = StateStore(limits: SessionLimits(maximum: 3, idleSeconds: 100), now: clock.now)
        let evicted = Evictions()
        store.onEviction { evicted.append($0) }
        for name in ["default", "a", "b", "c"] {
            clock.advance(1)
            store.put(session: name, collection: "/x", id: "1", value: .string(name))
        }
        // default, a, b, c: one too many already; a was the least recently used apart from default.
        #expect(evicted.all == ["a"])
        clock.advance(1)
        store.touch(session: "b")
        clock.advance(1)
        store.put(session: "d", collection: "/x", id: "1", value: "d")
        #expect(evicted.all == ["a", "c"])
        #expect(Set(store.sessionNames) == ["default", "b", "d"])
        #expect(store.item(session: "c", collection: "/x", id: "1") == nil)
        #expect(store.item(session: "b", collection: "/x", id: "1") == "b")
    }

    @Test func idleSessionsGoAndTheDefaultOneStays() {
        let clock = ManualClock()
        let store = StateStore(limits: SessionLimits(maximum: 100, idleSeconds: 60), now: clock.now)
        let evicted = Evictions()
        store.onEviction { evicted.append($0) }
        store.put(session: "default", collection: "/x", id: "1", value: 1)
        store.put(session: "ci-run-1", collection: "/x", id: "1", value: 1)
        store.put(session: "ci-run-2", collection: "/x", id: "1", value: 1)
        clock.advance(30)
        store.touch(session: "ci-run-2")
        clock.advance(45)
        store.evictIdleSessions()
        #expect(evicted.all == ["ci-run-1"])
        clock.advance(3600)
        store.evictIdleSessions()
        #expect(Set(evicted.all) == ["ci-run-1", "ci-run-2"])
        #expect(store.sessionNames == ["default"])
        #expect(store.item(session: "default", collection: "/x", id: "1") == 1)
    }

    /// A thousand short CI runs through a mock capped at ten sessions leave at most ten behind, with
    /// nothing of the evicted ones in the engine either.
    @Test func rotatingSessionsStayBoundedThroughTheService() throws {
        let outcome = try ProfileBehaviourTests.load(ProfileBehaviourTests.profile)
        let profile = try #require(outcome.profile)
        let store = StateStore(limits: SessionLimits(maximum: 10, idleSeconds: 3600))
        let engine = MockEngine(contract: try #require(outcome.contract), store: store, profile: profile)
        let service = MockService(mounts: [MountedContract(prefix: "", engine: engine)], store: store)
        func call(
            _ method: String, _ target: String, session: String, headers: [(String, String)], json: JSONValue?
        )
            -> MockResponse
        {
            service.handle(
                MockRequest(
                    method: method, target: target,
                    headers: headers + [("X-Understudy-Session", session), ("Content-Type", "application/json")],
                    body: json.map { JSONSerializer.data($0) } ?? []))
        }
        var firstToken: String?
        for run in 0..<1000 {
            let session = "run-\(run)"
            let login = call(
                "POST", "/auth/login", session: session, headers: [], json: ["username": "ada", "password": "pw"])
            #expect(login.status == 200)
            let token = try #require(login.jsonBody?["token"]?.stringValue)
            if run == 0 { firstToken = token }
            let created = call(
                "POST", "/orgs/main/reports", session: session, headers: [("Authorization", "Bearer \(token)")],
                json: ["name": .string("r\(run)")])
            #expect(created.status == 201)
        }
        #expect(store.sessionNames.count == 10)
        #expect(engine.issuedSizes.sessions <= 10)
        #expect(engine.issuedSizes.grants <= 10)
        // The first run's session was evicted: its token went with it.
        let stale = call(
            "GET", "/orgs/main/reports", session: "run-0", headers: [("Authorization", "Bearer \(firstToken ?? "")")],
            json: nil)
        #expect(stale.status == 401)
    }

    /// Resetting one session forgets its lifecycle polls: an item made again starts its lifecycle afresh.
    @Test func resettingASessionForgetsItsPolls() throws {
        let mock = try ProfileBehaviourTests.Mock()
        func call(_ method: String, _ target: String, json: JSONValue? = nil) -> MockResponse {
            mock.service.handle(
                MockRequest(
                    method: method, target: target,
                    headers: [
                        ("X-Api-Key", "acme-key"), ("X-Understudy-Session", "s1"), ("Content-Type", "application/json"),
                    ],
                    body: json.map { JSONSerializer.data($0) } ?? []))
        }
        // The id format is seeded: after a reset the same sequence of draws gives the same id again.
        let first = try #require(call("POST", "/orgs/main/reports", json: ["name": "Q"]).jsonBody?["id"]?.stringValue)
        #expect(call("GET", "/orgs/main/reports/\(first)").jsonBody?["state"] == "processing")
        #expect(engine(mock).issuedSizes.sessions == 1)
        #expect(
            mock.service.handle(MockRequest(method: "POST", target: "/__understudy/reset?session=s1")).status == 200)
        #expect(engine(mock).issuedSizes.sessions == 0)
        #expect(call("GET", "/orgs/main/reports/\(first)").status == 404)
    }

    func engine(_ mock: ProfileBehaviourTests.Mock) -> MockEngine { mock.engine }
}
