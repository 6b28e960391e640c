import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

@testable import UnderstudyMock

/// The permission and rate-limit stages on their own: a profile's rules in, a refusal (401/403) or a used-up
/// limit (with seconds to wait and requests left) out, counted on the mock's clock.
@Suite struct AccessGatesTests {
    static let profile = """
        principals:
          ada: {credentials: {key: ada-key}, permissions: [shelf.read, "shelf.write[shelf=home]"]}
          bob: {credentials: {key: bob-key}, permissions: [shelf.read]}
        permissions:
          - {operation: addBook, needs: shelf.write}
          - {operation: listBooks, needs: shelf.read}
        rateLimits:
          - {operation: listBooks, limit: 2, window: 1m}
          - {operation: addBook, limit: 1, window: 1h, per: global}
        """

    static func load() throws -> (MockProfile, Contract) {
        let spec = RequestRouterTests.spec.replacingOccurrences(of: "/books", with: "/shelves/{shelf}/books")
            .replacingOccurrences(
                of: "paths:",
                with:
                    "components: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}\nsecurity: [{key: []}]\npaths:"
            )
        let outcome = try ProfileFixture.load(contract: spec, profile: profile, prefix: "gates").outcome
        let profile = try #require(outcome.profile, "\(outcome.diagnostics)")
        let contract = try #require(outcome.contract)
        return (profile, contract)
    }

    @Test func permissionsAreCheckedPerScope() throws {
        let (profile, contract) = try Self.load()
        let gate = PermissionGate(profile: profile)
        let add = try #require(contract.operations.first { $0.operationId == "addBook" })
        let latest = try #require(contract.operations.first { $0.operationId == "latestBook" })
        let ada = try #require(profile.principals.first { $0.name == "ada" })
        let bob = try #require(profile.principals.first { $0.name == "bob" })
        #expect(gate.check(add, principal: ada, pathParameters: ["shelf": "home"]) == nil)
        #expect(
            gate.check(add, principal: ada, pathParameters: ["shelf": "work"])
                == .init(status: 403, message: "ada lacks the permission 'shelf.write' that addBook needs"))
        #expect(gate.check(add, principal: bob, pathParameters: ["shelf": "home"])?.status == 403)
        #expect(
            gate.check(add, principal: nil, pathParameters: [:])
                == .init(status: 401, message: "addBook needs shelf.write: send a principal's credentials"))
        #expect(gate.check(latest, principal: nil, pathParameters: [:]) == nil)  // no rule picks it
    }

    @Test func limitsCountPerPrincipalOrForEveryone() throws {
        let (profile, contract) = try Self.load()
        let clock = MockClock()
        let gate = RateLimitGate(profile: profile, limiter: RateLimiter(), clock: clock)
        let list = try #require(contract.operations.first { $0.operationId == "listBooks" })
        let add = try #require(contract.operations.first { $0.operationId == "addBook" })
        let ada = try #require(profile.principals.first { $0.name == "ada" })
        let bob = try #require(profile.principals.first { $0.name == "bob" })
        #expect(gate.count(list, principal: ada) == nil)
        #expect(gate.count(list, principal: ada) == nil)
        let over = try #require(gate.count(list, principal: ada))
        #expect(over.retryAfter == 60)
        #expect(over.remaining == 0)
        #expect(over.message == "rate limit of 2 requests per 1 min reached; retry in 60 s")
        #expect(gate.count(list, principal: bob) == nil)  // bob counts on his own
        clock.advance(by: 61)
        #expect(gate.count(list, principal: ada) == nil)  // a new window

        #expect(gate.count(add, principal: ada) == nil)
        #expect(gate.count(add, principal: bob)?.message == "rate limit of 1 requests per 1 h reached; retry in 3600 s")
    }
}
