import Foundation
import Logging
import Synchronization
import UnderstudyContract
import UnderstudySchema

/// The mock for one contract: request in, response out, no sockets.
///
/// Pipeline, each stage a value of its own: route (``RequestRouter``: 400/404/405) → security
/// (``SecurityGate``: 401) → a profile's permissions (``PermissionGate``: 403) and rate limits
/// (``RateLimitGate``: 429) → validation (``RequestCheck``: 400/415/422/406, in the contract's own error shape
/// when it declares one) → `Prefer` overrides → resource lookup (``ResourceLookup``) and the behaviour on
/// state with a profile's operation rules (``ResourceBehaviour``: create, list, read, replace, update, delete,
/// action, login, guards, downloads; 404 for missing items, 409 for duplicates) → render
/// (``ResponseRenderer``: from state, the contract's examples, or data generated from the schema) → output
/// check (``OutputCheck``: state that does not fit the response schema is repaired and reported) → faults.
public final class MockEngine: Sendable {
    public let contract: Contract
    public let options: MockOptions
    /// What the mock profile adds (principals, permissions, resources, operation rules, sessions, error
    /// shapes, limits, faults, the clock), if any.
    public let profile: MockProfile?
    /// The routing stage: which operation a request reaches, or why none does.
    let router: RequestRouter
    /// The security stage: who calls, or why they are refused.
    let security: SecurityGate
    /// The permission stage: whether the caller holds what the operation needs.
    let permissions: PermissionGate
    /// The rate-limit stage: whether the caller has requests left.
    let rateLimits: RateLimitGate
    /// The validation stage: parameters, body and `Accept` against the operation.
    let requestCheck: RequestCheck
    /// The resource-lookup and behaviour stages: what the operation does to the store.
    let behaviour: ResourceBehaviour
    /// The render and output-check stages: declared responses made into answers, errors in the API's shape.
    let renderer: ResponseRenderer
    /// Answers to repeated reads while the store is unchanged (see ``ReadCache``).
    let readCache = ReadCache()
    /// Whether a read is looked up in the cache before routing (no profile, or one under which no answer
    /// depends on more than the request and the store: see ``MockProfile/disablesReadCache``); otherwise only
    /// after the security, permission and rate-limit stages, for the operations `cachedAfterGates` marks.
    let cachesBeforeRouting: Bool
    /// By operation index: whether its reads may be cached after the gates (see
    /// ``ProfileBinding/answersDependOnlyOnStore()``).
    let cachedAfterGates: [Bool]
    /// Draws for faults and latency, seeded by `--seed`.
    let faultRandom: Mutex<SeededRandom>
    let logger = Logger(label: "understudy.mock")

    /// Each operation's behaviour, by operation index.
    public var behaviors: [OperationBehavior] { behaviour.behaviors }
    /// The time the mock lives in (the profile's clock, else the real one).
    public var clock: MockClock { behaviour.clock }
    var store: StateStore { behaviour.store }
    /// The resource model the engine serves (see ``ResourceModel``).
    public var resourceModel: ResourceModel { behaviour.resourceModel }

    /// `previous`: the engine this one replaces on a reload (issued credentials and rate counts carry over).
    public init(
        contract: Contract, options: MockOptions = MockOptions(), store: StateStore = StateStore(),
        profile: MockProfile? = nil, continuing previous: MockEngine? = nil
    ) {
        // A reload keeps what callers were handed out and how much of their rate they used.
        let limiter = previous?.rateLimits.limiter ?? RateLimiter()
        let issued = previous?.behaviour.sessions ?? IssuedCredentials()
        let contract = profile?.extended(contract) ?? contract
        self.contract = contract
        self.profile = profile
        self.options = options
        let clock = MockClock(profile?.clock ?? .real)
        if let previous { clock.advance(by: previous.clock.advanced) }
        cachesBeforeRouting = profile?.disablesReadCache != true
        faultRandom = Mutex(SeededRandom(seed: options.seed, salt: "faults"))
        router = RequestRouter(contract: contract)
        security = SecurityGate(
            contract: contract, profile: profile, issued: issued, clock: clock,
            startedAt: previous?.security.startedAt ?? clock.now())
        permissions = PermissionGate(profile: profile)
        rateLimits = RateLimitGate(profile: profile, limiter: limiter, clock: clock)
        requestCheck = RequestCheck(contract: contract)
        renderer = ResponseRenderer(
            contract: contract, seed: options.seed, logsRepairs: options.selfCheck,
            errorShapes: profile?.errorShapes ?? [:], clock: clock)
        let binding = ProfileBinding(contract: contract, inferred: ResourceInference.infer(contract), profile: profile)
        cachedAfterGates = cachesBeforeRouting ? [] : binding.answersDependOnlyOnStore()
        behaviour = ResourceBehaviour(
            contract: contract, options: options, profile: profile, store: store, binding: binding,
            renderer: renderer, sessions: issued, clock: clock, startedAt: security.startedAt)
    }

    /// Handles one request whose path is relative to where the contract is mounted.
    public func handle(_ request: MockRequest, session: String = "default") -> (MockResponse, ExchangeRecord) {
        let started = DispatchTime.now().uptimeNanoseconds
        var record = ExchangeRecord(
            method: request.method, path: request.path, operationId: nil, behavior: nil, status: 0, issues: [],
            milliseconds: 0, session: session)
        var response = respond(request, session: session, record: &record)
        response = injectFaults(response, request: request, operationId: record.operationId)
        if request.method == "HEAD" { response.body = [] }
        // RFC 9110 7.8: a 101 names the protocol switched to, the one the request's Upgrade asked for (a 101
        // is only answered to a request with one, see RequestCheck, or to `Prefer: code=101`).
        if response.status == 101, let upgrade = request.header("Upgrade") { response.setHeader("Upgrade", upgrade) }
        record.status = response.status
        record.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        return (response, record)
    }

    private func respond(_ request: MockRequest, session: String, record: inout ExchangeRecord) -> MockResponse {
        // A read answered before, with the store unchanged since: routing, security and validation depend on
        // the request alone, so the same request gets the same answer.
        // Under a profile whose rate limits count every request, whose credentials expire or whose rules
        // read the clock, the cache is looked in only after the gates (below).
        var cacheKey = cachesBeforeRouting ? Self.readCacheKey(request, session: session) : nil
        var revision = cacheKey == nil ? 0 : store.revision
        if let cacheKey, let hit = readCache.entry(for: cacheKey, revision: revision) {
            record.operationId = hit.operationId
            record.behavior = hit.behavior
            record.repairs = hit.repairs
            return hit.response
        }
        switch router.route(method: request.method, path: request.path) {
        case .refused(let detail):
            return renderer.problem(400, detail, operation: nil)
        case .notFound(let detail):
            return renderer.problem(404, detail, operation: nil)
        case .methodNotAllowed(let allowed, let detail):
            var response =
                sharedErrorOperation(for: request.path, status: 405, methods: allowed).map {
                    renderer.errorResponse(405, detail, operation: $0, issues: [])
                } ?? renderer.problem(405, detail, operation: nil)
            response.setHeader("Allow", allowed.joined(separator: ", "))
            return response
        case .operation(let index, let pathParameters):
            let operation = contract.operations[index]
            record.operationId = operation.displayName
            record.behavior = behaviour.behaviorNames[index]
            guard let query = HTTPRequestInput.parseQuery(request.query ?? "") else {
                return renderer.errorResponse(
                    400, "the query string has a malformed percent-escape", operation: operation, issues: [])
            }
            let input = HTTPRequestInput(
                method: request.method, pathParameters: pathParameters, query: query, headers: request.headers,
                body: request.body)
            let principal: Principal?
            // A login operation carries its credentials in its body.
            let security =
                behaviour.binding.sessionRules[index] == nil ? security.check(operation, input: input) : .success(nil)
            switch security {
            case .success(let caller): principal = caller
            case .failure(let failure):
                record.issues = [failure.message]
                var response = renderer.errorResponse(401, failure.message, operation: operation, issues: [])
                if let challenge = failure.challenge { response.setHeader("WWW-Authenticate", challenge) }
                return response
            }
            if let refusal = authorize(operation, principal: principal, pathParameters: pathParameters)
                ?? throttle(operation, principal: principal)
            {
                record.issues = [String(decoding: refusal.body.prefix(200), as: UTF8.self)]
                return refusal
            }
            // Let through by the gates: a read whose answer depends only on the request, the caller and the
            // store is answered as before while the store is unchanged.
            if cacheKey == nil, cachedAfterGates.indices.contains(index), cachedAfterGates[index],
                let key = Self.readCacheKey(request, session: session, principal: principal?.name ?? "")
            {
                cacheKey = key
                revision = store.revision
                if let cacheKey, let hit = readCache.entry(for: cacheKey, revision: revision) {
                    record.repairs = hit.repairs
                    return hit.response
                }
            }
            let validated: ValidatedRequest
            switch requestCheck.check(input, operation: operation, accept: request.header("Accept")) {
            case .valid(let request): validated = request
            case .invalid(let status, let message, let issues):
                record.issues = issues.isEmpty ? [message] : issues.map(\.description)
                // A 406 is about the answer, not the API's input: problem details, as before any shape applies.
                if status == 406 { return renderer.problem(status, message, operation: operation) }
                return renderer.errorResponse(status, message, operation: operation, issues: issues)
            }
            let preferences = Preferences(request.header("Prefer"))
            let exchange = Exchange(
                Exchange.Found(
                    operation: operation, index: index, behavior: behaviour.behaviors[index], request: request,
                    input: input, validated: validated, session: session, preferences: preferences,
                    principal: principal))
            if let code = preferences.code,
                let declared = operation.responses.first(where: {
                    $0.code == code || ($0.code == nil && $0.covers(code))
                })
            {
                return renderer.render(exchange, response: declared, status: code, data: nil)
            }
            // `Prefer: example=taken` names an example of an error answer: that answer, with its status.
            if preferences.code == nil, let name = preferences.example,
                let declared = operation.responses.first(where: { response in
                    response.content.contains { $0.examples.contains { $0.name == name } }
                }), let code = declared.code, code >= 300
            {
                return renderer.render(exchange, response: declared, status: code, data: nil)
            }
            let cacheable = Self.isCacheableRead(exchange)
            let response = behaviour.run(exchange)
            record.repairs = response.repairs
            // Only successes are kept: an error body may hold a fresh value each time (a profile's `{{ uuid }}`).
            if let cacheKey, response.status < 300, cacheable {
                readCache.store(
                    ReadCache.Entry(
                        response: response, operationId: record.operationId, behavior: record.behavior,
                        repairs: record.repairs),
                    for: cacheKey, revision: revision)
            }
            return response
        }
    }

    /// An operation of the path `path` matched whose answer for `status` has the shape every operation of
    /// that path declares for it (or as `default`): a 405 then comes in the API's own error shape.
    func sharedErrorOperation(for path: String, status: Int, methods: [String]) -> ContractOperation? {
        let operations = methods.compactMap { method -> ContractOperation? in
            guard let index = router.operationIndex(method: method, path: path) else { return nil }
            return contract.operations[index]
        }
        let shapes = Set(
            operations.map { operation in
                operation.response(for: status)?.content.first { $0.parsedType?.isJSON ?? false }?.schema.map {
                    SchemaNode($0).resolved(in: contract.schemas).uri
                } ?? ""
            })
        guard let first = operations.first, shapes.count == 1, shapes.first?.isEmpty == false else { return nil }
        return first
    }

    /// Forgets what the engine issued and counted for `session` (its reset or eviction).
    public func forget(session: String) { behaviour.sessions.forget(session: session) }

    /// How many issued credentials the engine holds, and for how many sessions it keeps counts.
    public var issuedSizes: (grants: Int, sessions: Int) { behaviour.sessions.sizes }

    /// Whether an answered request is a read whose answer may be served again while the store is unchanged
    /// (item, list page, singleton; not `Prefer: dynamic=true`).
    private static func isCacheableRead(_ exchange: Exchange) -> Bool {
        switch exchange.behavior {
        case .read, .list, .singletonRead: return !exchange.preferences.dynamic
        default: return false
        }
    }

    /// The ``ReadCache`` key of a GET or HEAD without a body: the session, the mount, the target and every
    /// header (anything the answer could depend on), and the caller when the gates named one; nil for other
    /// requests.
    static func readCacheKey(_ request: MockRequest, session: String, principal: String? = nil) -> ReadCache.Key? {
        guard request.method == "GET" || request.method == "HEAD", request.body.isEmpty else { return nil }
        // Measured first, then written byte by byte into one allocation (appending a dozen strings costs
        // more than the bytes).
        var length = request.method.utf8.count + session.utf8.count + request.mountPrefix.utf8.count
        length += request.path.utf8.count + (request.query?.utf8.count ?? 0) + 4
        for (name, value) in request.headers { length += name.utf8.count + value.utf8.count + 2 }
        length += principal.map { $0.utf8.count + 12 } ?? 0
        let key = String(unsafeUninitializedCapacity: length) { buffer in
            // A cursor in a value of its own, not a variable nested functions capture: those are checked for
            // exclusive access on every write.
            var writer = KeyWriter(buffer)
            writer.write(request.method)
            writer.write(1)
            writer.write(session)
            writer.write(1)
            writer.write(request.mountPrefix)
            writer.write(1)
            writer.write(request.path)
            writer.write(UInt8(ascii: "?"))
            if let query = request.query { writer.write(query) }
            for (name, value) in request.headers {
                writer.write(1)
                writer.write(name)
                writer.write(UInt8(ascii: ":"))
                writer.write(value)
            }
            if let principal {
                writer.write(1)
                writer.write("principal:")
                writer.write(principal)
            }
            return writer.position
        }
        return ReadCache.Key(key)
    }

    /// Writes a read-cache key's parts into the buffer measured for them (what would not fit is left out).
    private struct KeyWriter {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        private(set) var position = 0

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

        /// Copies `text`'s UTF-8 as memory: walking a string's UTF-8 view byte by byte cost more than the rest.
        mutating func write(_ text: String) {
            let start = position
            let copied = text.withContiguousUTF8 { bytes -> Int in
                guard let source = bytes.baseAddress, let target = buffer.baseAddress,
                    start + bytes.count <= buffer.count
                else { return 0 }
                (target + start).update(from: source, count: bytes.count)
                return bytes.count
            }
            position += copied
        }

        mutating func write(_ byte: UInt8) {
            guard position < buffer.count else { return }
            buffer[position] = byte
            position += 1
        }
    }
}

/// One request on its way through the pipeline. What the stages before the behaviour found does not change
/// after them, so it sits in one object: the exchange is handed from stage to stage and copied for closures
/// many times per request, and a copy then counts one reference instead of one per string, array and
/// dictionary of the operation, the request and its validated input.
struct Exchange {
    /// What the stages before the behaviour found: it does not change after them.
    struct Found {
        var operation: ContractOperation
        var index: Int
        var behavior: OperationBehavior
        var request: MockRequest
        var input: HTTPRequestInput
        var validated: ValidatedRequest
        var session: String
        var preferences: Preferences
        /// Who is calling, when the profile names principals.
        var principal: Principal?
    }

    /// Holds ``Found`` so that copies of the exchange share it.
    private final class Shared {
        let found: Found
        init(_ found: Found) { self.found = found }
    }

    private let shared: Shared
    /// Where the item the path names is, found by the lookup stage (see ``ResourceBehaviour/locate(_:)``).
    var located: ResourceLookup.Location? = nil

    init(_ found: Found) { shared = Shared(found) }

    var operation: ContractOperation { shared.found.operation }
    var index: Int { shared.found.index }
    var behavior: OperationBehavior { shared.found.behavior }
    var request: MockRequest { shared.found.request }
    var input: HTTPRequestInput { shared.found.input }
    var validated: ValidatedRequest { shared.found.validated }
    var session: String { shared.found.session }
    var preferences: Preferences { shared.found.preferences }
    /// Who is calling, when the profile names principals.
    var principal: Principal? { shared.found.principal }

    /// The same exchange with its path parameter `name` read as `value` (an item found by another field).
    func addressing(_ name: String, as value: String) -> Exchange {
        var found = shared.found
        found.input.pathParameters[name] = value
        var addressed = Exchange(found)
        addressed.located = located
        return addressed
    }
}
