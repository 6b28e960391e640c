import UnderstudyContract

/// Carries a step's request to the server under test: over HTTP (``HTTPTransport``) or straight into an
/// in-process mock (the testing-support module's transport).
public protocol ScenarioTransport: Sendable {
    /// Sends `request` (its path already holds the base path and query) and waits at most `timeout` seconds.
    func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse
    /// Where requests go, for messages (`http://127.0.0.1:9093`, `in-process mock`).
    var destination: String { get }
}

/// A request as sent.
public struct ScenarioRequest: Sendable {
    public var method: String
    /// Path and query, percent-encoded (`/api/v2/silences?filter=a`).
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        HeaderField.first(name, in: headers)
    }
}

/// A response as received.
public struct ScenarioResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        HeaderField.first(name, in: headers)
    }
}

/// The request never got an answer: the target is unreachable, refused, or too slow.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// Whether nothing could be reached at all (a bad target, not a slow answer).
    public var unreachable: Bool

    public init(_ description: String, unreachable: Bool) {
        self.description = description
        self.unreachable = unreachable
    }
}
