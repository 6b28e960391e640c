import UnderstudySchema

/// What the next answer of an operation must be, set through the admin API (`POST /__understudy/force`,
/// the dashboard's "force the next answer"): a status (declared or not), a named example, a broken
/// connection, or a delay, for the next `times` requests that reach it.
public struct ForcedAnswer: Sendable, Equatable {
    /// The operation (its operationId, or `METHOD /path` when it has none), or `*` for any.
    public var operation: String
    /// Only requests of this session, when given.
    public var session: String?
    public var status: Int?
    public var example: String?
    /// `close` or `truncate`.
    public var fault: String?
    /// Seconds to wait before answering.
    public var latency: Double?
    /// How many more requests it applies to.
    public var times: Int

    /// Reads `{"operation", "session", "status", "example", "fault", "latency", "times"}`; nil with the reason
    /// when something is missing or out of range.
    public static func read(_ value: JSONValue) -> (answer: ForcedAnswer?, problem: String?) {
        guard case .object(let object) = value else { return (nil, "send a JSON object") }
        let known: Set<String> = ["operation", "session", "status", "example", "fault", "latency", "times"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            return (nil, "unknown member '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
        guard let operation = object["operation"]?.stringValue, !operation.isEmpty else {
            return (nil, "operation: name an operationId (or METHOD /path, or * for any)")
        }
        var answer = ForcedAnswer(operation: operation, times: 1)
        answer.session = object["session"]?.stringValue
        if let status = object["status"] {
            guard let code = status.intValue, (100...599).contains(code) else {
                return (nil, "status: a number from 100 to 599")
            }
            answer.status = code
        }
        answer.example = object["example"]?.stringValue
        if let fault = object["fault"] {
            guard let kind = fault.stringValue, kind == "close" || kind == "truncate" else {
                return (nil, "fault: close (the connection drops) or truncate (half the body)")
            }
            answer.fault = kind
        }
        if let latency = object["latency"] {
            guard let seconds = ProfileLoader.Reader.seconds(latency), seconds >= 0, seconds <= 300 else {
                return (nil, "latency: a duration up to 5m, like 1500ms or 2s")
            }
            answer.latency = seconds
        }
        if let times = object["times"] {
            guard let count = times.intValue, (1...10_000).contains(count) else {
                return (nil, "times: a count from 1 to 10000")
            }
            answer.times = count
        }
        if answer.status == nil, answer.example == nil, answer.fault == nil, answer.latency == nil {
            return (nil, "say what to force: status, example, fault or latency")
        }
        return (answer, nil)
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.set("operation", .string(operation))
        if let session { object.set("session", .string(session)) }
        if let status { object.set("status", .int(status)) }
        if let example { object.set("example", .string(example)) }
        if let fault { object.set("fault", .string(fault)) }
        if let latency { object.set("latency", .double(latency)) }
        object.set("times", .int(times))
        return .object(object)
    }

    /// Whether it applies to a request of `session` that reached `operation`.
    func applies(to operation: String?, session: String) -> Bool {
        (self.operation == "*" || self.operation == operation) && (self.session == nil || self.session == session)
    }

    /// `request` changed so the engine gives the forced answer: a status outside 1xx–3xx and a broken
    /// connection through the fault header, a declared status or example through `Prefer`.
    func applied(to request: MockRequest) -> MockRequest {
        var changed = request
        var preferences: [String] = []
        if let status {
            if status >= 400 {
                changed.headers.insert((MockEngine.faultHeader, String(status)), at: 0)
            } else {
                preferences.append("code=\(status)")
            }
        }
        if let example { preferences.append("example=\(example)") }
        if let fault { changed.headers.insert((MockEngine.faultHeader, fault), at: 0) }
        if !preferences.isEmpty { changed.headers.insert(("Prefer", preferences.joined(separator: ", ")), at: 0) }
        return changed
    }
}
