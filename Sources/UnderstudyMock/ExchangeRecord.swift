import Foundation
import UnderstudySchema

/// What the engine did with one request, for the log line, the admin API's request history and the
/// dashboard's journal.
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
    /// The answer forced through the admin API that this request used, if any.
    public var forced: JSONValue? = nil
    /// The journal's number for it (1, 2, 3 … in arrival order), given as it is logged.
    public var id = 0
    /// When it was answered (wall-clock time).
    public var time = Date()
    /// The request and the answer as sent, bodies cut at ``bodyLimit`` bytes (the dashboard's detail view).
    public var query: String? = nil
    public var requestHeaders: [(name: String, value: String)] = []
    public var requestBody: [UInt8] = []
    public var responseHeaders: [(name: String, value: String)] = []
    public var responseBody: [UInt8] = []

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
