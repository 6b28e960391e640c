import UnderstudyContract
import UnderstudySchema

/// An HTTP response produced by the engine. Its members are shared between copies until one changes
/// (``SharedMembers``): an answer is handed from stage to stage, kept in the read cache and in the journal,
/// and each copy of its members counted a reference to its headers, body and the rest.
public struct MockResponse: Sendable {
    private struct Members: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var delay: Double = 0
        var fault: Fault? = nil
        var feed: EventFeed? = nil
        var createdItem: JSONValue? = nil
        var repairs: [String] = []
    }

    private var shared: SharedMembers<Members>

    public var status: Int {
        get { shared.members.status }
        set { shared.members.status = newValue }
    }
    public var headers: [(name: String, value: String)] {
        get { shared.members.headers }
        _modify { yield &shared.members.headers }
    }
    public var body: [UInt8] {
        get { shared.members.body }
        _modify { yield &shared.members.body }
    }
    /// Seconds to wait before answering (a profile's latency).
    public var delay: Double {
        get { shared.members.delay }
        set { shared.members.delay = newValue }
    }
    /// A broken answer the server must produce instead of a clean one (a profile's fault).
    public var fault: Fault? {
        get { shared.members.fault }
        set { shared.members.fault = newValue }
    }
    /// Events to send after the head, for as long as the connection stays open (server-sent events).
    public var feed: EventFeed? {
        get { shared.members.feed }
        set { shared.members.feed = newValue }
    }
    /// The item a create made, for the profile's answer templates (not sent).
    var createdItem: JSONValue? {
        get { shared.members.createdItem }
        set { shared.members.createdItem = newValue }
    }
    /// Output problems repaired in making this answer (stored data that no longer fit its response schema,
    /// sent blended with conforming data), for the request journal (not sent).
    var repairs: [String] {
        get { shared.members.repairs }
        _modify { yield &shared.members.repairs }
    }

    /// Ways an answer can break on the wire.
    public enum Fault: String, Sendable, Hashable {
        /// The connection closes without an answer.
        case closeConnection = "close"
        /// The head promises the whole body; half is sent, then the connection closes.
        case truncateBody = "truncate"
    }

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        shared = SharedMembers(Members(status: status, headers: headers, body: body))
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
