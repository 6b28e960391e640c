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
    /// Answers forced through the admin API, applied in order (see ``ForcedAnswer``).
    let forced = Mutex<[ForcedAnswer]>([])
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

    /// Handles one request from the wire; with `serve --state`, once the changes it made are in the state
    /// file. An answer whose change the file refused is a 503 (the change is in memory only).
    public func handle(_ request: MockRequest) -> MockResponse {
        complete(begin(request))
    }

    /// An answer worked out whose changes may still wait to be written to the state file (see
    /// ``begin(_:)``).
    public struct PendingAnswer: Sendable {
        fileprivate let draft: Draft
        fileprivate let changes: (after: UInt64, through: UInt64)

        /// Whether the request changed state that ``complete(_:)`` has to see written first.
        public var waitsForWrite: Bool { changes.through > changes.after }
    }

    /// Handles one request, without waiting for the changes it made to be written (a store that writes
    /// when asked, see ``StateStore/writeWhenAsked()``): ``complete(_:)`` gives its answer.
    public func begin(_ request: MockRequest) -> PendingAnswer {
        guard store.isPersistent else { return PendingAnswer(draft: draft(request), changes: (0, 0)) }
        let before = store.changeTicket
        let draft = draft(request)
        return PendingAnswer(draft: draft, changes: (before, store.changeTicket))
    }

    /// The answer to a request ``begin(_:)`` handled, once its changes are written (writing what still
    /// waits).
    public func complete(_ pending: PendingAnswer) -> MockResponse {
        let failure =
            pending.waitsForWrite
            ? store.writeThrough(after: pending.changes.after, through: pending.changes.through) : nil
        return finish(pending.draft, failure: failure)
    }

    /// An answer worked out, before its changes are known to be kept: what `finish` still needs.
    fileprivate struct Draft: Sendable {
        var response: MockResponse
        /// The request as it arrived, with the journal record of a call to a mounted contract (nil for the
        /// admin API, a preflight and a path no contract is mounted at).
        var exchange: (request: MockRequest, record: ExchangeRecord, mount: MountedContract)?
    }

    private func draft(_ request: MockRequest) -> Draft {
        // An admin request from anyone else goes on as if the admin API did not exist (usually a 404).
        if adminEnabled, request.path == Self.adminPrefix || request.path.hasPrefix(Self.adminPrefix + "/"),
            mayAdminister(request)
        {
            return Draft(response: admin(request))
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
            return Draft(response: response)
        }
        guard let mount else {
            let prefixes = mounts.map { $0.prefix.isEmpty ? "/" : $0.prefix }.joined(separator: ", ")
            var response = ResponseRenderer.problemDetails(
                404, "no contract is mounted at \(request.path); mounted: \(prefixes)")
            logger.info("\(request.method) \(request.path) - 404")
            allowCrossOrigin(&response, request: request, mount: nil)
            return Draft(response: response)
        }
        let session = request.header(Self.sessionHeader).flatMap { $0.isEmpty ? nil : $0 } ?? SessionLimits.permanent
        // An answer forced through the admin API for this operation.
        let forced = takeForcedAnswer(for: relative, engine: mount.engine, session: session)
        if let forced { relative = forced.applied(to: relative) }
        store.touch(session: session)
        var (response, record) = mount.engine.handle(relative, session: session)
        if let latency = forced?.latency { response.delay = latency }
        allowCrossOrigin(&response, request: request, mount: mount)
        // The record is finished here, while this is the only copy of it: changed in `finish`, a copy the
        // draft still shares would be copied member by member.
        record.forced = forced?.json
        record.path = request.path
        record.status = response.status
        record.keep(request, response)
        return Draft(response: response, exchange: (request, record, mount))
    }

    /// The answer once its changes are written, or their write failed (`failure`); a call to a mounted
    /// contract goes into the request journal.
    private func finish(_ draft: Draft, failure: String?) -> MockResponse {
        guard let (request, record, mount) = draft.exchange else { return draft.response }
        var response = draft.response
        var kept = record
        if let failure {
            // The change is in memory but not in the state file: the caller must not take it as kept.
            logger.error("state file: \(failure)")
            response = ResponseRenderer.problemDetails(
                503, "the mock could not keep this change in its state file (it holds it in memory only): \(failure)")
            allowCrossOrigin(&response, request: request, mount: mount)
            kept.status = response.status
            kept.keep(request, response)
        }
        log.append(kept)
        logger.info(
            "\(request.method) \(request.path) \(kept.operationId ?? "-") \(response.status) \(String(format: "%.1f", kept.milliseconds))ms"
        )
        return response
    }

    /// Takes one use of the first forced answer for the operation `request` reaches, if any.
    private func takeForcedAnswer(for request: MockRequest, engine: MockEngine, session: String) -> ForcedAnswer? {
        guard forced.withLock({ !$0.isEmpty }) else { return nil }
        let operation = engine.operationName(for: request)
        return forced.withLock { list -> ForcedAnswer? in
            guard let index = list.firstIndex(where: { $0.applies(to: operation, session: session) }) else {
                return nil
            }
            let answer = list[index]
            list[index].times -= 1
            if list[index].times <= 0 { list.remove(at: index) }
            return answer
        }
    }
}
