import UnderstudyContract

/// Which operations a profile rule is about: by operationId, by tag, by path pattern (`*` matches one
/// segment, a trailing `**` any rest) with an optional method, or all (`*`).
public struct OperationSelector: Sendable, Hashable, CustomStringConvertible {
    public var operationId: String?
    public var tag: String?
    public var pathPattern: String?
    public var method: String?

    public init(operationId: String? = nil, tag: String? = nil, pathPattern: String? = nil, method: String? = nil) {
        self.operationId = operationId
        self.tag = tag
        self.pathPattern = pathPattern
        self.method = method
    }

    public func matches(_ operation: ContractOperation) -> Bool {
        if let operationId, operationId != "*", operation.operationId != operationId { return false }
        if let tag, !operation.tags.contains(tag) { return false }
        if let method, method.uppercased() != operation.method { return false }
        if let pathPattern, !Self.path(operation.path, matches: pathPattern) { return false }
        return true
    }

    static func path(_ path: String, matches pattern: String) -> Bool {
        let segments = path.split(separator: "/")
        let wanted = pattern.split(separator: "/")
        for (index, piece) in wanted.enumerated() {
            if piece == "**" { return true }
            guard index < segments.count else { return false }
            if piece != "*" && piece != segments[index] { return false }
        }
        return segments.count == wanted.count
    }

    public var description: String {
        var parts: [String] = []
        if let operationId { parts.append("operation \(operationId)") }
        if let tag { parts.append("tag \(tag)") }
        if let method { parts.append(method.uppercased()) }
        if let pathPattern { parts.append(pathPattern) }
        return parts.isEmpty ? "every operation" : parts.joined(separator: " ")
    }
}

/// The permissions the operations a selector picks need (all of them).
public struct PermissionRule: Sendable, Hashable {
    public var selector: OperationSelector
    public var needs: [String]

    public init(selector: OperationSelector, needs: [String]) {
        self.selector = selector
        self.needs = needs
    }
}

/// At most `limit` requests per `window` seconds, counted per principal (or for everyone together), for the
/// operations the selector picks.
public struct RateLimit: Sendable, Hashable {
    public var selector: OperationSelector
    public var limit: Int
    public var window: Double
    public var perPrincipal: Bool

    public init(selector: OperationSelector, limit: Int, window: Double, perPrincipal: Bool) {
        self.selector = selector
        self.limit = limit
        self.window = window
        self.perPrincipal = perPrincipal
    }
}

/// How long the selected operations take to answer.
public struct Latency: Sendable, Hashable {
    public enum Distribution: Sendable, Hashable {
        case fixed(Double)
        /// Uniform between the two bounds (seconds).
        case uniform(Double, Double)
        /// Log-normal with this median (seconds) and sigma.
        case lognormal(median: Double, sigma: Double)
    }

    public var selector: OperationSelector
    public var distribution: Distribution

    public init(selector: OperationSelector, distribution: Distribution) {
        self.selector = selector
        self.distribution = distribution
    }
}

/// A broken answer for the selected operations, at `rate` (0-1): an error status, or a wire fault.
public struct FaultRule: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case status(Int)
        case wire(MockResponse.Fault)
    }

    public var selector: OperationSelector
    public var kind: Kind
    public var rate: Double

    public init(selector: OperationSelector, kind: Kind, rate: Double) {
        self.selector = selector
        self.kind = kind
        self.rate = rate
    }
}
