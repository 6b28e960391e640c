import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

@testable import UnderstudyMock

/// The security stage on its own, without an engine: alternatives and combinations of schemes, what a
/// refusal says and challenges, principals identified by a profile, and credentials expiring on the mock's
/// clock.
@Suite struct SecurityGateTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Gate, version: '1'}
        paths:
          /open:
            get:
              security: [{}, {key: []}]
              responses: {'200': {description: ok}}
          /both:
            get:
              security: [{key: [], basic: []}]
              responses: {'200': {description: ok}}
          /either:
            get:
              security: [{key: []}, {bearer: []}]
              responses: {'200': {description: ok}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Key}
            basic: {type: http, scheme: basic}
            bearer: {type: http, scheme: bearer}
        """

    static func gate(profile text: String? = nil) throws -> (SecurityGate, Contract) {
        var profile: MockProfile? = nil
        var contract = try #require(ContractLoader().load(text: spec).contract)
        if let text {
            let outcome = try ProfileFixture.load(contract: spec, profile: text, prefix: "gate").outcome
            profile = try #require(outcome.profile, "\(outcome.diagnostics)")
            contract = profile?.extended(contract) ?? contract
        }
        let clock = MockClock()
        let gate = SecurityGate(
            contract: contract, profile: profile, issued: IssuedCredentials(), clock: clock, startedAt: clock.now())
        return (gate, contract)
    }

    static func check(
        _ gate: SecurityGate, _ contract: Contract, _ path: String, _ headers: [(name: String, value: String)] = []
    ) throws -> Result<Principal?, SecurityFailure> {
        let operation = try #require(contract.operation(method: "GET", path: path))
        return gate.check(operation, input: HTTPRequestInput(method: "GET", headers: headers))
    }

    static func refusal(_ result: Result<Principal?, SecurityFailure>) -> SecurityFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    static func caller(_ result: Result<Principal?, SecurityFailure>) -> String?? {
        if case .success(let principal) = result { return .some(principal?.name) }
        return .none
    }

    static func basic(_ pair: String) -> (name: String, value: String) {
        ("Authorization", "Basic " + Data(pair.utf8).base64EncodedString())
    }

    @Test func withoutAProfileAnyWellFormedCredentialPasses() throws {
        let (gate, contract) = try Self.gate()
        #expect(Self.caller(try Self.check(gate, contract, "/either", [("X-Key", "k")])) == .some(nil))
        #expect(Self.caller(try Self.check(gate, contract, "/either", [("Authorization", "Bearer t")])) == .some(nil))
        #expect(Self.caller(try Self.check(gate, contract, "/open")) == .some(nil))
        let none = try #require(Self.refusal(try Self.check(gate, contract, "/either")))
        #expect(
            none.message
                == "no accepted credentials: missing API key 'X-Key' in the header; missing Authorization header (bearer)"
        )
        #expect(none.challenge == "Bearer realm=\"Gate\"")
        let half = try #require(Self.refusal(try Self.check(gate, contract, "/both", [("X-Key", "k")])))
        #expect(half.message == "missing Authorization header (basic)")
        #expect(half.challenge == "Basic realm=\"Gate\"")
        let malformed = try #require(
            Self.refusal(try Self.check(gate, contract, "/both", [("X-Key", "k"), ("Authorization", "Basic !!!")])))
        #expect(malformed.message == "malformed Basic credentials: expected base64 of user:password")
        #expect(
            Self.caller(try Self.check(gate, contract, "/both", [("X-Key", "k"), Self.basic("u:p")])) == .some(nil))
    }

    /// The `Authorization` header read as RFC 9110 writes it: the scheme word in any case, the credentials
    /// after one or more spaces, surrounding spaces ignored; a scheme word alone, another scheme, or a tab
    /// for the space is refused saying which scheme was expected.
    @Test func theAuthorizationHeaderIsReadAsSchemeAndCredentials() throws {
        let (gate, contract) = try Self.gate()
        let bearer = "missing Authorization header (bearer)"
        let wrong = "the Authorization header does not use the bearer scheme"
        for (value, refusal) in [
            ("Bearer t", nil), ("bEaReR t", nil), ("  Bearer   t  ", nil), ("Bearer", wrong), ("Bearer   ", wrong),
            ("Basic t", wrong), ("Bearer\tt", wrong), ("Bearert", wrong), ("   ", bearer),
        ] as [(String, String?)] {
            let result = try Self.check(gate, contract, "/either", [("Authorization", value)])
            if let refusal {
                #expect(
                    Self.refusal(result)?.message
                        == "no accepted credentials: missing API key 'X-Key' in the header; \(refusal)", "\(value)")
            } else {
                #expect(Self.caller(result) == .some(nil), "\(value)")
            }
        }
        let spaced = ("Authorization", "Basic   " + Data("u:p".utf8).base64EncodedString() + " ")
        #expect(Self.caller(try Self.check(gate, contract, "/both", [("X-Key", "k"), spaced])) == .some(nil))
    }

    @Test func aProfileSaysWhoCallsAndCredentialsExpireOnTheMocksClock() throws {
        let (gate, contract) = try Self.gate(
            profile: """
                principals:
                  ada: {credentials: {key: ada-key, basic: "ada:pw"}}
                  bob: {credentials: {key: {value: bob-key, ttl: 1h}}}
                """)
        #expect(Self.caller(try Self.check(gate, contract, "/either", [("X-Key", "ada-key")])) == .some("ada"))
        #expect(Self.caller(try Self.check(gate, contract, "/open", [("X-Key", "ada-key")])) == .some("ada"))
        #expect(Self.caller(try Self.check(gate, contract, "/open")) == .some(nil))
        let unknown = try #require(Self.refusal(try Self.check(gate, contract, "/either", [("X-Key", "eve-key")])))
        #expect(
            unknown.message
                == "no accepted credentials: unknown API key 'X-Key'; missing Authorization header (bearer)")
        let mixed = try #require(
            Self.refusal(try Self.check(gate, contract, "/both", [("X-Key", "bob-key"), Self.basic("ada:pw")])))
        #expect(mixed.message == "the credentials belong to different principals (bob, ada)")
        #expect(
            Self.caller(try Self.check(gate, contract, "/both", [("X-Key", "ada-key"), Self.basic("ada:pw")]))
                == .some("ada"))

        #expect(Self.caller(try Self.check(gate, contract, "/either", [("X-Key", "bob-key")])) == .some("bob"))
        gate.clock.advance(by: 7_200)
        let expired = try #require(Self.refusal(try Self.check(gate, contract, "/either", [("X-Key", "bob-key")])))
        #expect(expired.message.hasPrefix("no accepted credentials: the credential expired at "))
        #expect(expired.message.contains("(bob); missing Authorization header (bearer)"))
    }
}
