import Foundation
import UnderstudySchema

/// What the engine did with one request, for the log line, the admin API's request history and the
/// dashboard's journal.
///
/// A value, whose members live in one shared object copied on the first change through a copy that shares
/// it: a record is handed from the engine to the journal through several hands, and copying its dozen
/// strings and arrays each time counted a reference for each of them.
public struct ExchangeRecord: Sendable {
    /// Changed only through a record that holds the only reference to it (exclusivity is then known, and
    /// not checked on every access).
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var method: String
        @exclusivity(unchecked) var path: String
        @exclusivity(unchecked) var operationId: String?
        @exclusivity(unchecked) var behavior: String?
        @exclusivity(unchecked) var status: Int
        @exclusivity(unchecked) var issues: [String]
        @exclusivity(unchecked) var milliseconds: Double
        @exclusivity(unchecked) var session: String
        @exclusivity(unchecked) var repairs: [String]
        @exclusivity(unchecked) var forced: JSONValue?
        @exclusivity(unchecked) var id: Int
        @exclusivity(unchecked) var time: Date
        @exclusivity(unchecked) var query: String?
        @exclusivity(unchecked) var requestHeaders: [(name: String, value: String)]
        @exclusivity(unchecked) var requestBody: [UInt8]
        @exclusivity(unchecked) var responseHeaders: [(name: String, value: String)]
        @exclusivity(unchecked) var responseBody: [UInt8]

        init(
            method: String, path: String, operationId: String?, behavior: String?, status: Int, issues: [String],
            milliseconds: Double, session: String
        ) {
            self.method = method
            self.path = path
            self.operationId = operationId
            self.behavior = behavior
            self.status = status
            self.issues = issues
            self.milliseconds = milliseconds
            self.session = session
            repairs = []
            forced = nil
            id = 0
            time = Date()
            query = nil
            requestHeaders = []
            requestBody = []
            responseHeaders = []
            responseBody = []
        }

        init(copying other: Storage) {
            method = other.method
            path = other.path
            operationId = other.operationId
            behavior = other.behavior
            status = other.status
            issues = other.issues
            milliseconds = other.milliseconds
            session = other.session
            repairs = other.repairs
            forced = other.forced
            id = other.id
            time = other.time
            query = other.query
            requestHeaders = other.requestHeaders
            requestBody = other.requestBody
            responseHeaders = other.responseHeaders
            responseBody = other.responseBody
        }
    }

    private var storage: Storage

    public init(
        method: String, path: String, operationId: String?, behavior: String?, status: Int, issues: [String],
        milliseconds: Double, session: String
    ) {
        storage = Storage(
            method: method, path: path, operationId: operationId, behavior: behavior, status: status, issues: issues,
            milliseconds: milliseconds, session: session)
    }

    /// The storage, made this record's own first when another copy shares it.
    private mutating func own() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
        return storage
    }

    public var method: String {
        get { storage.method }
        set { own().method = newValue }
    }
    public var path: String {
        get { storage.path }
        set { own().path = newValue }
    }
    public var operationId: String? {
        get { storage.operationId }
        set { own().operationId = newValue }
    }
    public var behavior: String? {
        get { storage.behavior }
        set { own().behavior = newValue }
    }
    public var status: Int {
        get { storage.status }
        set { own().status = newValue }
    }
    public var issues: [String] {
        get { storage.issues }
        set { own().issues = newValue }
    }
    public var milliseconds: Double {
        get { storage.milliseconds }
        set { own().milliseconds = newValue }
    }
    public var session: String {
        get { storage.session }
        set { own().session = newValue }
    }
    /// Output problems the mock repaired before answering (stored data that did not fit the response
    /// schema, sent blended with conforming data): reported here, not only logged.
    public var repairs: [String] {
        get { storage.repairs }
        set { own().repairs = newValue }
    }
    /// The answer forced through the admin API that this request used, if any.
    public var forced: JSONValue? {
        get { storage.forced }
        set { own().forced = newValue }
    }
    /// The journal's number for it (1, 2, 3 … in arrival order), given as it is logged.
    public var id: Int {
        get { storage.id }
        set { own().id = newValue }
    }
    /// When it was answered (wall-clock time).
    public var time: Date {
        get { storage.time }
        set { own().time = newValue }
    }
    /// The request and the answer as sent, bodies cut at ``bodyLimit`` bytes (the dashboard's detail view).
    public var query: String? {
        get { storage.query }
        set { own().query = newValue }
    }
    public var requestHeaders: [(name: String, value: String)] {
        get { storage.requestHeaders }
        set { own().requestHeaders = newValue }
    }
    public var requestBody: [UInt8] {
        get { storage.requestBody }
        set { own().requestBody = newValue }
    }
    public var responseHeaders: [(name: String, value: String)] {
        get { storage.responseHeaders }
        set { own().responseHeaders = newValue }
    }
    public var responseBody: [UInt8] {
        get { storage.responseBody }
        set { own().responseBody = newValue }
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
