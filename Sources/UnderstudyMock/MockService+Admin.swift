import Foundation
import UnderstudyContract
import UnderstudySchema

/// The admin API under `/__understudy/`, which the dashboard only calls: health, the journal (listed, one
/// exchange in full, live as server-sent events), state (export, import, one session, one item edited or
/// removed, reset), the clock (advance, set, reset), forced answers, and the operations to force.
extension MockService {
    /// Whether `request` may use the admin API: with a token, it carries `Authorization: Bearer TOKEN` (or,
    /// for the dashboard's page and live feed, which a browser opens without headers, `?token=TOKEN`);
    /// without one, it comes from this machine.
    public func mayAdminister(_ request: MockRequest) -> Bool {
        guard let adminToken else { return request.isLocal }
        if let given = request.header("Authorization"), given.count > 7, given.prefix(7).lowercased() == "bearer " {
            return Self.constantTimeEqual(Array(given.utf8.dropFirst(7)), Array(adminToken.utf8))
        }
        guard let given = Self.queryMembers(request.query)["token"] else { return false }
        return Self.constantTimeEqual(Array(given.utf8), Array(adminToken.utf8))
    }

    /// Compares secrets in time that does not depend on where they first differ.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }

    /// The query's members, percent-decoded (`+` as a space) as the route table decodes; a member whose
    /// escapes are malformed is kept as sent. A member with an empty name (`?=`, `?=x`) is kept under "".
    static func queryMembers(_ query: String?) -> [String: String] {
        func decoded(_ text: Substring) -> String { String(text).percentDecoded(plusAsSpace: true) ?? String(text) }
        return Dictionary(
            (query ?? "").split(separator: "&").map { piece -> (String, String) in
                // Empty pieces kept: `=` splits into two empty texts, never into none.
                guard let equals = piece.firstIndex(of: "=") else { return (decoded(piece), "") }
                return (decoded(piece[..<equals]), decoded(piece[piece.index(after: equals)...]))
            }, uniquingKeysWith: { _, last in last })
    }

    /// Whether `request` is a browser's write to the admin API from a page of another site: it carries an
    /// `Origin` whose host and port are not the `Host` it was sent to. A page anywhere on the web may send a
    /// simple POST to `127.0.0.1:4010` (no preflight), which would otherwise reset the mock's state.
    static func isCrossSiteWrite(_ request: MockRequest) -> Bool {
        guard request.method != "GET", request.method != "HEAD", let origin = request.header("Origin") else {
            return false
        }
        guard let separator = origin.range(of: "://") else { return true }
        let authority = origin[separator.upperBound...].lowercased()
        return authority != (request.header("Host") ?? "").lowercased()
    }

    func admin(_ request: MockRequest) -> MockResponse {
        if Self.isCrossSiteWrite(request) {
            return problem(
                403,
                "the admin API takes changes only from its own dashboard or from scripts, not from a page at \(request.header("Origin") ?? "another origin")"
            )
        }
        let route = String(request.path.dropFirst(Self.adminPrefix.count))
        let query = Self.queryMembers(request.query)
        switch (request.method, route) {
        case ("GET", ""), ("GET", "/"):
            // A browser gets the dashboard; a script asking for JSON gets the health answer.
            if request.header("Accept")?.contains("text/html") == true {
                return DashboardPage.response
            }
            return health()
        case ("GET", "/health"):
            return health()
        case ("POST", "/reset"):
            let session = query["session"] ?? request.header(Self.sessionHeader)
            store.reset(session: session)
            if let session {
                forget(session: session)
            } else {
                for mount in mounts {
                    mount.engine.rateLimits.limiter.reset()
                    mount.engine.clock.reset()
                    mount.engine.behaviour.sessions.reset()
                }
            }
            return .json(200, ["reset": session.map(JSONValue.string) ?? "all"])
        case ("GET", "/state"):
            guard let session = query["session"] else { return .json(200, store.export()) }
            return .json(200, store.export()[session] ?? ["collections": [:], "singletons": [:]])
        case ("PUT", "/state"), ("POST", "/state"):
            do {
                let document = try JSONParser.parse(bytes: request.body)
                try store.restore(document)
                return .json(200, ["imported": true])
            } catch let error as JSONParseError {
                return problem(400, "state is not JSON: \(error)")
            } catch let error as StateImportError {
                return problem(400, error.message)
            } catch {
                return problem(400, "\(error)")
            }
        case ("GET", "/sessions"):
            return .json(
                200,
                [
                    "sessions": .array(
                        store.sessionNames.map { name in
                            let counts = store.counts(session: name).filter { !$0.key.hasPrefix("\u{1}") }
                            var collections = JSONObject()
                            for key in counts.keys.sorted() { collections.set(key, .int(counts[key]!)) }
                            return ["name": .string(name), "collections": .object(collections)]
                        })
                ])
        case ("PUT", "/items"), ("DELETE", "/items"):
            return editItem(request, query: query)
        case ("GET", "/clock"):
            return clockAnswer()
        case ("POST", "/clock"):
            // {"advance": "1h"} (or seconds) moves every mounted contract's clock; {"set": RFC 3339} moves it
            // to that instant; {"reset": true} undoes it.
            let body = (try? JSONParser.parse(bytes: request.body)) ?? .object(JSONObject())
            if body["reset"]?.boolValue == true {
                for mount in mounts { mount.engine.clock.reset() }
            } else if let seconds = body["advance"].flatMap(ProfileLoader.Reader.seconds) {
                for mount in mounts { mount.engine.clock.advance(by: seconds) }
            } else if let text = body["set"]?.stringValue {
                guard let target = DateText.parse(text) else {
                    return problem(400, "set: '\(text)' is not an RFC 3339 date-time (e.g. 2024-06-01T12:00:00Z)")
                }
                for mount in mounts {
                    mount.engine.clock.advance(by: target.timeIntervalSince(mount.engine.clock.now()))
                }
            } else {
                return problem(
                    400,
                    "send {\"advance\": \"1h\"} (s, m, h, d or seconds), {\"set\": \"2024-06-01T12:00:00Z\"} or {\"reset\": true}"
                )
            }
            return clockAnswer()
        case ("GET", "/requests"):
            let count = Int(query["limit"] ?? "").map { min(max($0, 0), 10_000) } ?? 50
            let after = Int(query["after"] ?? "") ?? 0
            return .json(200, ["requests": .array(log.last(count).filter { $0.id > after }.map(\.json))])
        case ("GET", let path) where path.hasPrefix("/requests/"):
            guard let id = Int(path.dropFirst("/requests/".count)), let record = log.entry(id) else {
                return problem(
                    404, "no request \(path.dropFirst("/requests/".count)) in the journal (it keeps the last ones only)"
                )
            }
            return .json(200, record.detailJSON)
        case ("GET", "/events"):
            return events()
        case ("GET", "/operations"):
            return operationsAnswer()
        case ("GET", "/force"):
            return .json(200, ["forced": .array(forced.withLock { $0 }.map(\.json))])
        case ("POST", "/force"):
            guard let body = try? JSONParser.parse(bytes: request.body) else {
                return problem(
                    400, "send {\"operation\": \"listPets\", \"status\": 500} (or example, fault, latency, times)")
            }
            let (answer, reason) = ForcedAnswer.read(body)
            guard let answer else { return problem(400, reason ?? "not a forced answer") }
            forced.withLock { $0.append(answer) }
            return .json(201, ["forced": .array(forced.withLock { $0 }.map(\.json))])
        case ("DELETE", "/force"):
            forced.withLock { $0.removeAll() }
            return .json(200, ["forced": []])
        default:
            return problem(
                404, "unknown admin route \(request.method) \(request.path); try GET \(Self.adminPrefix)/health")
        }
    }

    private func health() -> MockResponse {
        .json(
            200,
            [
                "status": "ok",
                "contracts": .array(
                    mounts.map {
                        [
                            "mount": .string($0.prefix.isEmpty ? "/" : $0.prefix),
                            "title": .string($0.engine.contract.title),
                            "file": .string($0.engine.contract.displayPath),
                            "operations": .int($0.engine.contract.operations.count),
                        ]
                    }),
                "persistent": .bool(store.isPersistent),
            ])
    }

    private func clockAnswer() -> MockResponse {
        let clock = mounts.first?.engine.clock
        return .json(
            200,
            [
                "now": .string(DateText.format(clock?.now() ?? Date())),
                "advanced": .double(clock?.advanced ?? 0),
            ])
    }

    /// `PUT /items?session=S&collection=K&id=I` with the item as JSON stores it; `DELETE` removes it.
    private func editItem(_ request: MockRequest, query: [String: String]) -> MockResponse {
        guard let session = query["session"], let collection = query["collection"], let id = query["id"],
            !session.isEmpty, !collection.isEmpty, !id.isEmpty
        else { return problem(400, "name the item: ?session=…&collection=…&id=…") }
        if request.method == "DELETE" {
            guard store.remove(session: session, collection: collection, id: id) != nil else {
                return problem(404, "session '\(session)' holds no item '\(id)' in \(collection)")
            }
            return .json(200, ["removed": .string(id)])
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: request.body)
        } catch {
            return problem(400, "the item is not JSON: \(error)")
        }
        let isNew = store.put(session: session, collection: collection, id: id, value: value)
        return .json(isNew ? 201 : 200, ["stored": .string(id)])
    }

    /// Every operation of every mount, with its declared statuses and named examples (the dashboard's form
    /// for forcing an answer).
    private func operationsAnswer() -> MockResponse {
        var list: [JSONValue] = []
        for mount in mounts {
            for operation in mount.engine.contract.operations {
                let examples = operation.responses.flatMap { $0.content.flatMap { $0.examples.map(\.name) } }
                var seen = Set<String>()
                list.append([
                    "mount": .string(mount.prefix.isEmpty ? "/" : mount.prefix),
                    "operation": .string(operation.displayName), "method": .string(operation.method),
                    "path": .string(operation.path),
                    "statuses": .array(operation.responses.map { .string($0.status) }),
                    "examples": .array(examples.filter { seen.insert($0).inserted }.map(JSONValue.string)),
                ])
            }
        }
        return .json(200, ["operations": .array(list)])
    }

    /// The journal as server-sent events: `request` with each exchange's summary as it is logged, and a
    /// comment every 15 seconds (the server's) so proxies keep the stream open.
    private func events() -> MockResponse {
        var response = MockResponse(
            status: 200,
            headers: [
                ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no"),
            ])
        let log = self.log
        response.feed = EventFeed { send in
            send("retry: 2000\n\n")
            return log.listen { record in
                send(EventFeed.frame(event: "request", data: JSONSerializer.serialize(record.json)))
            }
        }
        return response
    }

    /// An admin API error: RFC 9457 problem details with a title, the same shape as the mock's own errors.
    func problem(_ status: Int, _ detail: String) -> MockResponse {
        ResponseRenderer.problemDetails(status, detail)
    }
}
