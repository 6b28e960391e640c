import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// The admin API answers loopback peers only, or, with a token, only requests that carry it; anyone else
/// gets the 404 the path would get if there were no admin API.
@Suite struct AdminAccessTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Notes, version: '1'}
        paths:
          /notes:
            get:
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}
        """

    static func service(token: String? = nil) throws -> MockService {
        try MockService.serving(spec, token: token)
    }

    static func request(
        _ method: String, _ target: String, from address: String?, headers: [(name: String, value: String)] = []
    ) -> MockRequest {
        var request = MockRequest(method: method, target: target, headers: headers)
        request.remoteAddress = address
        return request
    }

    @Test(arguments: ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", nil])
    func loopbackPeersMayAdminister(address: String?) throws {
        let service = try Self.service()
        #expect(service.handle(Self.request("GET", "/__understudy/health", from: address)).status == 200)
        #expect(service.handle(Self.request("POST", "/__understudy/reset", from: address)).status == 200)
    }

    @Test(arguments: ["192.0.2.7", "10.0.0.1", "::ffff:10.0.0.1", "fd00::2", "unknown", "unix", "128.0.0.1"])
    func otherPeersGetTheContractsOwn404(address: String) throws {
        let service = try Self.service()
        let stateBefore = service.store.revision
        for (method, path) in [
            ("GET", "/__understudy/health"), ("GET", "/__understudy/state"), ("PUT", "/__understudy/state"),
            ("POST", "/__understudy/reset"), ("GET", "/__understudy/requests"), ("POST", "/__understudy/clock"),
        ] {
            let answer = service.handle(Self.request(method, path, from: address))
            #expect(answer.status == 404, "\(method) \(path) from \(address)")
            // The same answer any unknown path gets: nothing says an admin API is there.
            let unknown = service.handle(
                Self.request(method, path.replacingOccurrences(of: "__understudy", with: "elsewhere"), from: address))
            #expect(
                String(decoding: answer.body, as: UTF8.self)
                    == String(decoding: unknown.body, as: UTF8.self).replacingOccurrences(
                        of: "elsewhere", with: "__understudy"))
        }
        #expect(service.store.revision == stateBefore)
    }

    /// A query member with an empty name (`?=`) is read as one, not as a member with no parts: found by
    /// `fuzz/run request`, `GET /__understudy/health?=` stopped the server with a trap.
    @Test(arguments: ["?=", "?==", "?=&=", "?=x&a", "?&&=&", "?limit=&="])
    func aQueryMemberWithAnEmptyNameIsRead(query: String) throws {
        let service = try Self.service()
        #expect(service.handle(Self.request("GET", "/__understudy/health" + query, from: "127.0.0.1")).status == 200)
        #expect(service.handle(Self.request("GET", "/__understudy/requests" + query, from: "127.0.0.1")).status == 200)
    }

    @Test func withATokenOnlyRequestsCarryingItAreAnswered() throws {
        let service = try Self.service(token: "s3cret-token")
        let bearer = [(name: "Authorization", value: "Bearer s3cret-token")]
        #expect(
            service.handle(Self.request("GET", "/__understudy/health", from: "192.0.2.7", headers: bearer)).status
                == 200)
        #expect(
            service.handle(Self.request("GET", "/__understudy/health", from: "127.0.0.1", headers: bearer)).status
                == 200)
        // Without it, or with another, even from this machine: 404.
        #expect(service.handle(Self.request("GET", "/__understudy/health", from: "127.0.0.1")).status == 404)
        #expect(service.handle(Self.request("GET", "/__understudy/health", from: nil)).status == 404)
        for wrong in ["Bearer s3cret-toke", "Bearer s3cret-token2", "Basic s3cret-token", "s3cret-token", "Bearer "] {
            let headers = [(name: "Authorization", value: wrong)]
            #expect(
                service.handle(Self.request("GET", "/__understudy/health", from: "192.0.2.7", headers: headers)).status
                    == 404, "\(wrong)")
        }
        #expect(
            service.handle(
                Self.request(
                    "GET", "/__understudy/health", from: "192.0.2.7",
                    headers: [(name: "authorization", value: "bearer s3cret-token")])
            ).status == 200)
    }
}
