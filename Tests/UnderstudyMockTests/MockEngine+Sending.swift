import UnderstudyMock
import UnderstudySchema

extension MockEngine {
    /// One request handled in process: `json`, when given, as its body under `contentType`; `headers` besides.
    func send(
        _ method: String, _ target: String, json: JSONValue? = nil, headers: [(name: String, value: String)] = [],
        contentType: String = "application/json", session: String = "default"
    ) -> MockResponse {
        var all = headers
        if json != nil { all.append(("Content-Type", contentType)) }
        let request = MockRequest(
            method: method, target: target, headers: all, body: json.map { JSONSerializer.data($0) } ?? [])
        return handle(request, session: session).0
    }
}
