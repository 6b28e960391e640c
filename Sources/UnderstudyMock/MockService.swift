import Foundation
import Logging
import Synchronization
import UnderstudySchema

/// Everything `understudy serve` answers: several contracts, each at its mount prefix (longest prefix
/// wins), sessions chosen by `X-Understudy-Session`, and the admin API under `/__understudy/`.
public final class MockService: Sendable {
    public static let adminPrefix = "/__understudy"
    public static let sessionHeader = "X-Understudy-Session"

    /// The mounted contracts, longest prefix first; ``replace(_:at:)`` swaps one on a reload.
    public var mounts: [MountedContract] { mountTable.withLock { $0 } }
    private let mountTable: Mutex<[MountedContract]>
    public let adminEnabled: Bool
    /// With a token, the admin API answers only requests carrying `Authorization: Bearer TOKEN` (from any
    /// address); without one, only requests from this machine (see ``MockRequest/isLocal``).
    public let adminToken: String?
    /// The state every mounted contract shares.
    public let store: StateStore
    /// Cross-origin calls from browsers, as `serve --cors` set it; nil leaves it to each contract's profile
    /// (default any). See ``corsPolicy(for:)``.
    public let cors: CORSPolicy?
    let log: RequestLog
    let logger = Logger(label: "understudy.requests")

    /// `mounts` must share `store` (engines built with it) so reset and export see all of them.
    public init(
        mounts: [MountedContract], store: StateStore, adminEnabled: Bool = true, adminToken: String? = nil,
        requestLogSize: Int = 200, cors: CORSPolicy? = nil
    ) {
        mountTable = Mutex(mounts.sorted { $0.prefix.count > $1.prefix.count })
        self.store = store
        self.cors = cors
        self.adminEnabled = adminEnabled
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
        log = RequestLog(capacity: requestLogSize)
        // An evicted session takes its issued credentials, counters and polls with it.
        store.onEviction { [weak self] session in self?.forget(session: session) }
    }

    /// Forgets what every mounted engine keeps for `session` beside the store.
    func forget(session: String) {
        for mount in mounts { mount.engine.forget(session: session) }
    }

    /// Serves `engine` at `prefix` from the next request on, in place of the engine mounted there (a
    /// reloaded contract or profile). State lives in the shared store, so nothing stored is lost; requests
    /// already running finish on the old engine.
    public func replace(_ engine: MockEngine, at prefix: String) {
        mountTable.withLock { mounts in
            if let index = mounts.firstIndex(where: { $0.prefix == prefix }) {
                mounts[index] = MountedContract(prefix: prefix, engine: engine)
            }
        }
    }

    /// Handles one request from the wire.
    public func handle(_ request: MockRequest) -> MockResponse {
        // An admin request from anyone else goes on as if the admin API did not exist (usually a 404).
        if adminEnabled, request.path == Self.adminPrefix || request.path.hasPrefix(Self.adminPrefix + "/"),
            mayAdminister(request)
        {
            return admin(request)
        }
        let mount = mounts.first {
            $0.prefix.isEmpty || request.path == $0.prefix || request.path.hasPrefix($0.prefix + "/")
        }
        var relative = request
        if let mount {
            relative.path = String(request.path.dropFirst(mount.prefix.count))
            if relative.path.isEmpty { relative.path = "/" }
            relative.mountPrefix = mount.prefix
        }
        // A browser's preflight is about the request that follows, not a call to the API.
        if Self.isPreflight(request), corsPolicy(for: mount) != .off {
            let response = preflight(request, mount: mount, relativePath: relative.path)
            logger.info("\(request.method) \(request.path) preflight \(response.status)")
            return response
        }
        var response: MockResponse
        if let mount {
            let session =
                request.header(Self.sessionHeader).flatMap { $0.isEmpty ? nil : $0 } ?? SessionLimits.permanent
            let failuresBefore = store.persistenceFailures.count
            store.touch(session: session)
            let (answer, record) = mount.engine.handle(relative, session: session)
            response = answer
            let failures = store.persistenceFailures
            if failures.count != failuresBefore {
                // The change is in memory but not in the state file: the caller must not take it as kept.
                logger.error("state file: \(failures.last ?? "a write failed")")
                response = MockResponse.json(
                    503,
                    [
                        "type": "about:blank", "title": "Service Unavailable", "status": 503,
                        "detail": .string(
                            "the mock could not keep this change in its state file (it holds it in memory only): \(failures.last ?? "")"
                        ),
                    ],
                    contentType: "application/problem+json")
            }
            var logged = record
            logged.path = request.path
            log.append(logged)
            logger.info(
                "\(request.method) \(request.path) \(record.operationId ?? "-") \(response.status) \(String(format: "%.1f", record.milliseconds))ms"
            )
        } else {
            let prefixes = mounts.map { $0.prefix.isEmpty ? "/" : $0.prefix }.joined(separator: ", ")
            response = MockResponse.json(
                404,
                [
                    "type": "about:blank", "title": "Not Found", "status": 404,
                    "detail": .string("no contract is mounted at \(request.path); mounted: \(prefixes)"),
                ],
                contentType: "application/problem+json")
            logger.info("\(request.method) \(request.path) - 404")
        }
        allowCrossOrigin(&response, request: request, mount: mount)
        return response
    }

    // MARK: Admin API

    /// Whether `request` may use the admin API: with a token, it carries `Authorization: Bearer TOKEN`;
    /// without one, it comes from this machine.
    public func mayAdminister(_ request: MockRequest) -> Bool {
        guard let adminToken else { return request.isLocal }
        guard let given = request.header("Authorization"), given.count > 7,
            given.prefix(7).lowercased() == "bearer "
        else { return false }
        return Self.constantTimeEqual(Array(given.utf8.dropFirst(7)), Array(adminToken.utf8))
    }

    /// Compares secrets in time that does not depend on where they first differ.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }

    private func admin(_ request: MockRequest) -> MockResponse {
        let route = String(request.path.dropFirst(Self.adminPrefix.count))
        let query = Dictionary(
            (request.query ?? "").split(separator: "&").map { piece -> (String, String) in
                let parts = piece.split(separator: "=", maxSplits: 1)
                return (
                    String(parts[0]),
                    parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                )
            }, uniquingKeysWith: { _, last in last })
        switch (request.method, route) {
        case ("GET", "/health"), ("GET", ""), ("GET", "/"):
            return .json(
                200,
                [
                    "status": "ok",
                    "contracts": .array(
                        mounts.map {
                            [
                                "mount": .string($0.prefix.isEmpty ? "/" : $0.prefix),
                                "title": .string($0.engine.contract.title),
                                "file": .string($0.engine.contract.displayPath),
                                "operations": .int($0.engine.contract.operations.count),
                            ]
                        }),
                ])
        case ("POST", "/reset"):
            let session = query["session"] ?? request.header(Self.sessionHeader)
            store.reset(session: session)
            if let session {
                forget(session: session)
            } else {
                for mount in mounts {
                    mount.engine.rateLimiter.reset()
                    mount.engine.clock.reset()
                    mount.engine.sessions.reset()
                }
            }
            return .json(200, ["reset": session.map(JSONValue.string) ?? "all"])
        case ("GET", "/state"):
            return .json(200, store.export())
        case ("PUT", "/state"), ("POST", "/state"):
            do {
                let document = try JSONParser.parse(bytes: request.body)
                try store.restore(document)
                return .json(200, ["imported": true])
            } catch let error as JSONParseError {
                return problem(400, "state is not JSON: \(error)")
            } catch let error as StateImportError {
                return problem(400, error.message)
            } catch {
                return problem(400, "\(error)")
            }
        case ("GET", "/clock"):
            return .json(200, ["now": .string(DateText.format(mounts.first?.engine.clock.now() ?? Date()))])
        case ("POST", "/clock"):
            // {"advance": "1h"} (or seconds) moves every mounted contract's clock; {"reset": true} undoes it.
            let body = (try? JSONParser.parse(bytes: request.body)) ?? .object(JSONObject())
            if body["reset"]?.boolValue == true {
                for mount in mounts { mount.engine.clock.reset() }
            } else if let seconds = body["advance"].flatMap(ProfileLoader.Reader.seconds) {
                for mount in mounts { mount.engine.clock.advance(by: seconds) }
            } else {
                return problem(400, "send {\"advance\": \"1h\"} (s, m, h, d or seconds) or {\"reset\": true}")
            }
            return .json(200, ["now": .string(DateText.format(mounts.first?.engine.clock.now() ?? Date()))])
        case ("GET", "/requests"):
            let count = Int(query["limit"] ?? "") ?? 50
            return .json(200, ["requests": .array(log.last(count).map(\.json))])
        default:
            return problem(
                404, "unknown admin route \(request.method) \(request.path); try GET \(Self.adminPrefix)/health")
        }
    }

    private func problem(_ status: Int, _ detail: String) -> MockResponse {
        .json(
            status, ["type": "about:blank", "status": .int(status), "detail": .string(detail)],
            contentType: "application/problem+json")
    }
}
