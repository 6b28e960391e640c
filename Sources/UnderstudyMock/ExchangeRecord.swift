import Foundation
import UnderstudySchema

/// What the engine did with one request, for the log line, the admin API's request history and the
/// dashboard's journal. Its members are shared between copies until one changes (``SharedMembers``): a
/// record is handed from the engine to the journal through several hands.
public struct ExchangeRecord: Sendable {
    private struct Members: Sendable {
        var method: String
        var path: String
        var operationId: String?
        var behavior: String?
        var status: Int
        var issues: [String]
        var milliseconds: Double
        var session: String
        var repairs: [String] = []
        var forced: JSONValue? = nil
        var id: Int = 0
        var time: Date = Date()
        var query: String? = nil
        var requestHeaders: [(name: String, value: String)] = []
        var requestBody: [UInt8] = []
        var responseHeaders: [(name: String, value: String)] = []
        var responseBody: [UInt8] = []
    }

    private var shared: SharedMembers<Members>

    public init(
        method: String, path: String, operationId: String?, behavior: String?, status: Int, issues: [String],
        milliseconds: Double, session: String
    ) {
        shared = SharedMembers(
            Members(
                method: method, path: path, operationId: operationId, behavior: behavior, status: status,
                issues: issues, milliseconds: milliseconds, session: session))
    }

    public var method: String {
        get { shared.members.method }
        set { shared.members.method = newValue }
    }
    public var path: String {
        get { shared.members.path }
        set { shared.members.path = newValue }
    }
    public var operationId: String? {
        get { shared.members.operationId }
        set { shared.members.operationId = newValue }
    }
    public var behavior: String? {
        get { shared.members.behavior }
        set { shared.members.behavior = newValue }
    }
    public var status: Int {
        get { shared.members.status }
        set { shared.members.status = newValue }
    }
    public var issues: [String] {
        get { shared.members.issues }
        set { shared.members.issues = newValue }
    }
    public var milliseconds: Double {
        get { shared.members.milliseconds }
        set { shared.members.milliseconds = newValue }
    }
    public var session: String {
        get { shared.members.session }
        set { shared.members.session = newValue }
    }
    /// Output problems the mock repaired before answering (stored data that did not fit the response
    /// schema, sent blended with conforming data): reported here, not only logged.
    public var repairs: [String] {
        get { shared.members.repairs }
        set { shared.members.repairs = newValue }
    }
    /// The answer forced through the admin API that this request used, if any.
    public var forced: JSONValue? {
        get { shared.members.forced }
        set { shared.members.forced = newValue }
    }
    /// The journal's number for it (1, 2, 3 … in arrival order), given as it is logged.
    public var id: Int {
        get { shared.members.id }
        set { shared.members.id = newValue }
    }
    /// When it was answered (wall-clock time).
    public var time: Date {
        get { shared.members.time }
        set { shared.members.time = newValue }
    }
    /// The request and the answer as sent, bodies cut at ``bodyLimit`` bytes (the dashboard's detail view).
    public var query: String? {
        get { shared.members.query }
        set { shared.members.query = newValue }
    }
    public var requestHeaders: [(name: String, value: String)] {
        get { shared.members.requestHeaders }
        set { shared.members.requestHeaders = newValue }
    }
    public var requestBody: [UInt8] {
        get { shared.members.requestBody }
        set { shared.members.requestBody = newValue }
    }
    public var responseHeaders: [(name: String, value: String)] {
        get { shared.members.responseHeaders }
        set { shared.members.responseHeaders = newValue }
    }
    public var responseBody: [UInt8] {
        get { shared.members.responseBody }
        set { shared.members.responseBody = newValue }
    }

    /// The most of each body the journal keeps.
    public static let bodyLimit = 65_536

    /// Keeps the request and the answer (bodies cut at ``bodyLimit``).
    mutating func keep(_ request: MockRequest, _ response: MockResponse) {
        query = request.query
        requestHeaders = request.headers
        requestBody = request.body.count > Self.bodyLimit ? Array(request.body.prefix(Self.bodyLimit)) : request.body
        responseHeaders = response.headers
        responseBody =
            response.body.count > Self.bodyLimit ? Array(response.body.prefix(Self.bodyLimit)) : response.body
    }

    /// The summary the journal lists.
    public var json: JSONValue {
        [
            "id": .int(id), "time": .string(DateText.format(time)),
            "method": .string(method), "path": .string(path), "operationId": operationId.map(JSONValue.string) ?? .null,
            "behavior": behavior.map(JSONValue.string) ?? .null, "status": .int(status),
            "validation": .array(issues.map(JSONValue.string)), "ms": .double((milliseconds * 100).rounded() / 100),
            "session": .string(session), "repairs": .array(repairs.map(JSONValue.string)),
            "forced": forced ?? .null,
        ]
    }

    /// The summary with the request and the answer: headers, and bodies as JSON when they parse, else text.
    public var detailJSON: JSONValue {
        guard case .object(var object) = json else { return json }
        func headers(_ list: [(name: String, value: String)]) -> JSONValue {
            .array(list.map { .array([.string($0.name), .string($0.value)]) })
        }
        func body(_ bytes: [UInt8]) -> JSONValue {
            if bytes.isEmpty { return .null }
            if let parsed = try? JSONParser.parse(bytes: bytes) { return ["json": parsed] }
            return ["text": .string(String(decoding: bytes, as: UTF8.self))]
        }
        object.set(
            "request",
            [
                "query": query.map(JSONValue.string) ?? .null, "headers": headers(requestHeaders),
                "body": body(requestBody),
            ])
        object.set("response", ["headers": headers(responseHeaders), "body": body(responseBody)])
        return .object(object)
    }
}
