import UnderstudyContract
import UnderstudyMock
import UnderstudyScenarios

/// Runs scenario steps straight against a ``MockService`` in this process: no sockets, same answers as
/// `understudy serve` (the service is the one the server wraps). This is where the mock and the scenario
/// runner meet; neither imports the other.
/// It applies the server's request limits (``RequestLimits``: 413, an oversized head) as `serve` does.
public struct InProcessTransport: ScenarioTransport {
    public let service: MockService
    public let limits: RequestLimits

    public init(service: MockService, limits: RequestLimits = RequestLimits()) {
        self.service = service
        self.limits = limits
    }

    /// A transport serving `contract` (with `profile`, when given) at its server URL path, with a fresh store.
    public init(
        contract: Contract, profile: MockProfile? = nil, options: MockOptions = MockOptions(),
        limits: RequestLimits = RequestLimits()
    ) {
        let store = StateStore()
        let engine = MockEngine(contract: contract, options: options, store: store, profile: profile)
        let prefix = contract.servers.first?.basePath ?? ""
        service = MockService(mounts: [MountedContract(prefix: prefix, engine: engine)], store: store)
        self.limits = limits
    }

    public var destination: String { "in-process mock" }

    public func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse {
        let mockRequest = MockRequest(
            method: request.method, target: request.target, headers: request.headers, body: request.body)
        if let refusal = limits.refusal(mockRequest) {
            return ScenarioResponse(status: refusal.status, headers: refusal.headers, body: refusal.body)
        }
        let response = service.handle(mockRequest)
        if response.delay > 0 {
            try? await Task.sleep(nanoseconds: UInt64(min(response.delay, timeout) * 1_000_000_000))
        }
        if response.delay > timeout {
            throw TransportError("no answer from the in-process mock within \(timeout) s", unreachable: false)
        }
        if let fault = response.fault {
            throw TransportError(
                "\(request.method) \(request.target): the mock broke the answer (injected fault: \(fault.rawValue))",
                unreachable: false)
        }
        return ScenarioResponse(status: response.status, headers: response.headers, body: response.body)
    }
}
