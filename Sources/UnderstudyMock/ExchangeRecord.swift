import UnderstudySchema

/// What the engine did with one request, for the log line and the admin API's request history.
public struct ExchangeRecord: Sendable {
    public var method: String
    public var path: String
    public var operationId: String?
    public var behavior: String?
    public var status: Int
    public var issues: [String]
    public var milliseconds: Double
    public var session: String
    /// Output problems the mock repaired before answering (stored data that did not fit the response
    /// schema, sent blended with conforming data): reported here, not only logged.
    public var repairs: [String] = []

    public var json: JSONValue {
        [
            "method": .string(method), "path": .string(path), "operationId": operationId.map(JSONValue.string) ?? .null,
            "behavior": behavior.map(JSONValue.string) ?? .null, "status": .int(status),
            "validation": .array(issues.map(JSONValue.string)), "ms": .double((milliseconds * 100).rounded() / 100),
            "session": .string(session), "repairs": .array(repairs.map(JSONValue.string)),
        ]
    }
}
