import UnderstudySchema

/// What a step's response must be: a status among `statuses` (any 2XX when none is given), headers and
/// body members that pass their matchers, an exact body when `body` is given, and (unless turned off) a
/// response that keeps the contract for its status.
public struct Expectation: Sendable {
    public var statuses: [StatusPattern]
    public var headers: [(name: String, matcher: Matcher)]
    /// The whole JSON body, compared for equality (member order aside).
    public var body: JSONValue?
    public var json: [(path: JSONPath, matcher: Matcher)]
    public var conforms: Bool

    public init(
        statuses: [StatusPattern] = [], headers: [(name: String, matcher: Matcher)] = [], body: JSONValue? = nil,
        json: [(path: JSONPath, matcher: Matcher)] = [], conforms: Bool = true
    ) {
        self.statuses = statuses
        self.headers = headers
        self.body = body
        self.json = json
        self.conforms = conforms
    }

    /// Whether `status` is expected.
    public func accepts(_ status: Int) -> Bool {
        statuses.isEmpty ? (200..<300).contains(status) : statuses.contains { $0.matches(status) }
    }

    /// The expected statuses, for messages (`200`, `2XX or 404`).
    public var statusDescription: String {
        statuses.isEmpty ? "2XX" : statuses.map(\.description).joined(separator: " or ")
    }
}

/// An expected status: exact (`404`) or a class (`2XX`).
public enum StatusPattern: Sendable, Hashable, CustomStringConvertible {
    case exact(Int)
    case range(Int)

    public init?(_ text: String) {
        let upper = text.uppercased()
        if let code = Int(upper), (100...599).contains(code) {
            self = .exact(code)
        } else if upper.count == 3, upper.hasSuffix("XX"), let digit = upper.first?.wholeNumberValue,
            (1...5).contains(digit)
        {
            self = .range(digit)
        } else {
            return nil
        }
    }

    public func matches(_ status: Int) -> Bool {
        switch self {
        case .exact(let code): return status == code
        case .range(let digit): return status / 100 == digit
        }
    }

    public var description: String {
        switch self {
        case .exact(let code): return String(code)
        case .range(let digit): return "\(digit)XX"
        }
    }
}
