import UnderstudyContract
import UnderstudySchema

/// An HTTP response produced by the engine.
public struct MockResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Seconds to wait before answering (a profile's latency).
    public var delay: Double = 0
    /// A broken answer the server must produce instead of a clean one (a profile's fault).
    public var fault: Fault? = nil
    /// Events to send after the head, for as long as the connection stays open (server-sent events).
    public var feed: EventFeed? = nil
    /// The item a create made, for the profile's answer templates (not sent).
    var createdItem: JSONValue? = nil
    /// Output problems repaired in making this answer (stored data that no longer fit its response schema,
    /// sent blended with conforming data), for the request journal (not sent).
    var repairs: [String] = []

    /// Ways an answer can break on the wire.
    public enum Fault: String, Sendable, Hashable {
        /// The connection closes without an answer.
        case closeConnection = "close"
        /// The head promises the whole body; half is sent, then the connection closes.
        case truncateBody = "truncate"
    }

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`application/json` unless another JSON media type is given).
    public static func json(_ status: Int, _ value: JSONValue, contentType: String = "application/json") -> MockResponse
    {
        MockResponse(status: status, headers: [("Content-Type", contentType)], body: JSONSerializer.data(value))
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        HeaderField.first(name, in: headers)
    }

    /// The body parsed as JSON, when it is JSON.
    public var jsonBody: JSONValue? { try? JSONParser.parse(bytes: body) }

    /// Sets (replacing) a header.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { HeaderField.sameName($0.name, name) }
        headers.append((name, value))
    }
}
