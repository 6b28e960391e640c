import Foundation
import UnderstudyContract
import UnderstudySchema

extension ResourceBehaviour {
    /// Runs an operation under its profile rules: login, guards, downloads, custom answers, then the
    /// behaviour on state with the profile's status, body and headers laid over a success.
    func performWithRules(_ exchange: Exchange) -> MockResponse {
        if let session = binding.sessionRules[exchange.index] { return login(exchange, session) }
        guard let rule = binding.operationRules[exchange.index] else { return perform(exchange) }
        var exchange = exchange
        var item: JSONValue? = nil
        if let info = exchange.behavior.collection, exchange.input.pathParameters[info.idParameter] != nil {
            let place = location(exchange, info)
            item = place.item
            if item == nil, info.stateful { return perform(exchange) }
            if let stored = item {
                item = advanceLifecycle(
                    stored, info, exchange, key: place.collectionKey, id: place.id, countPoll: false)
                // The behaviour sees the item as the lifecycle left it.
                exchange.located?.item = item
            }
        }
        // Made when something reads them: a rule with only list settings answers without them.
        var made: Variables? = nil
        let located = exchange
        func variables() -> Variables {
            if let made { return made }
            let fresh = templateVariables(located, item: item)
            made = fresh
            return fresh
        }
        for check in rule.value.guards {
            let variables = variables()
            do {
                guard try check.when.test(variables) else { continue }
            } catch {
                return renderer.errorResponse(
                    500, "the profile's guard '\(check.when)' cannot be evaluated: \(error.description)",
                    operation: exchange.operation, issues: [], principal: exchange.principal)
            }
            let message = (try? variables.renderText(.string(check.message))) ?? check.message
            return renderer.errorResponse(
                check.status, message, operation: exchange.operation, issues: [], principal: exchange.principal,
                code: check.code)
        }
        if rule.value.kind == .logout {
            for scheme in contract.securitySchemes.values {
                guard let credential = SecurityGate.credential(scheme, input: exchange.input) else { continue }
                sessions.revoke(SecurityGate.issuedToken(credential))
            }
            return overlay(success(exchange, codes: [204, 200], data: nil), rule, exchange, variables)
        }
        if let download = rule.value.download { return answerDownload(exchange, download, variables()) }
        if rule.value.kind == .custom {
            return overlay(success(exchange, codes: [200, 201, 202, 204], data: nil), rule, exchange, variables)
        }
        return overlay(perform(exchange), rule, exchange, variables)
    }

    /// The profile's status, headers and body over a successful answer (`item` then reads the item as
    /// stored after the operation, `response` the answer's body).
    private func overlay(
        _ response: MockResponse, _ rule: SharedValue<OperationRule>, _ exchange: Exchange, _ before: () -> Variables
    ) -> MockResponse {
        guard response.status < 300, rule.value.status != nil || rule.value.body != nil || !rule.value.headers.isEmpty
        else {
            return response
        }
        var variables = before()
        // The item as the operation left it: read again where the lookup found it.
        if let info = exchange.behavior.collection, exchange.input.pathParameters[info.idParameter] != nil,
            case let place = location(exchange, info),
            let stored = store.item(session: exchange.session, collection: place.collectionKey, id: place.id)
        {
            variables["item"] = stored
        }
        if let created = response.createdItem { variables["item"] = created }
        variables["response"] = response.jsonBody ?? .null
        var result = response
        if let status = rule.value.status { result.status = status }
        for (name, value) in rule.value.headers {
            result.setHeader(name, (try? variables.renderText(.string(value))) ?? value)
        }
        if let body = rule.value.body {
            do {
                let rendered = try variables.render(body)
                let declared = exchange.operation.response(for: result.status)
                let type =
                    declared?.content.first { $0.parsedType?.isJSON ?? false }?.parsedType?.essence
                    ?? "application/json"
                result.body = JSONSerializer.data(rendered)
                result.setHeader("Content-Type", type)
            } catch {
                return renderer.errorResponse(
                    500, "the profile's body for \(exchange.operation.displayName) cannot be rendered: \(error)",
                    operation: exchange.operation, issues: [])
            }
        }
        return result
    }

    /// A file answer: the variant `by` picks (else the default), its body rendered or read from its file.
    private func answerDownload(
        _ exchange: Exchange, _ download: OperationRule.Download, _ variables: Variables
    ) -> MockResponse {
        var variant = download.fallback
        if let by = download.by, let value = try? by.render(variables),
            let chosen = download.variants[value.stringValue ?? JSONSerializer.serialize(value)]
        {
            variant = chosen
        }
        guard let variant else {
            return renderer.errorResponse(
                500, "no download variant for this item and no default", operation: exchange.operation, issues: [])
        }
        var response = MockResponse(status: 200, headers: [("Content-Type", variant.contentType)])
        if let file = variant.file {
            response.body = file
        } else if let body = variant.body {
            do {
                let value = try body.render(variables)
                response.body = Array((value.stringValue ?? JSONSerializer.serialize(value)).utf8)
            } catch {
                return renderer.errorResponse(
                    500, "the download body cannot be rendered: \(error)", operation: exchange.operation, issues: [])
            }
        }
        if let name = download.filename, let text = try? name.render(variables).stringValue {
            response.setHeader("Content-Disposition", "attachment; filename=\"\(text)\"")
        }
        if let declared = exchange.operation.response(for: 200) {
            renderer.addDeclaredHeaders(declared, to: &response, operation: exchange.operation)
            response.setHeader("Content-Type", variant.contentType)
        }
        return response
    }

    // MARK: Template variables

    /// What templates see: `request` (method, path, path parameters as `params`, `query`, `headers` by
    /// lower-case name, `body`), `principal`, `item` (the stored item the path names), `now`; functions
    /// `counter(name)`, `find(resource, id)`, and `random`/`uuid` drawn from the seeded sequence.
    func templateVariables(_ exchange: Exchange, item: JSONValue?) -> Variables {
        var variables = profileVariables(
            session: exchange.session, pathParameters: exchange.input.pathParameters, principal: exchange.principal)
        let query = requestQuery(exchange)
        var headers = JSONObject()
        for (name, value) in exchange.request.headers { headers.set(name.lowercased(), .string(value)) }
        var params = JSONObject()
        for (name, value) in exchange.input.pathParameters {
            params.set(name, exchange.validated.parameter(name, in: .path) ?? .string(value))
        }
        let host = exchange.request.header("Host") ?? "localhost"
        variables["request"] = .object([
            "method": .string(exchange.request.method), "path": .string(exchange.request.path),
            "origin": .string("http://\(host)\(exchange.request.mountPrefix)"),
            "params": .object(params), "query": .object(query), "headers": .object(headers),
            "body": exchange.validated.body ?? .null,
        ])
        variables["principal"] = exchange.principal?.templateValue ?? .null
        variables["item"] = item ?? .null
        return variables
    }

    /// The query as templates read it (`request.query`): every parameter sent, as text, with the ones the
    /// contract declares as their validated values.
    func requestQuery(_ exchange: Exchange) -> JSONObject {
        var query = JSONObject()
        for (name, value) in queryValues(exchange) { query.set(name, value) }
        return query
    }

    /// The query parameters `including` picks, as templates and list rules read them: in the order sent,
    /// each name once, its validated value where the contract declares it, else the text of its first pair;
    /// then the validated ones no pair named (defaults).
    func queryValues(
        _ exchange: Exchange, including: (String) -> Bool = { _ in true }
    ) -> [(name: String, value: JSONValue)] {
        let validated = exchange.validated.parameters[.query] ?? [:]
        var values: [(name: String, value: JSONValue)] = []
        // Names already taken: looked for among the few taken so far, and in a set only once there are many
        // (a query names a handful of parameters; hashing each name cost more than comparing it).
        var many: Set<String>? = nil
        func takes(_ name: String) -> Bool {
            // A name taken already is told first: that costs less than asking `including` (a look-up).
            if many != nil { return !many!.contains(name) && including(name) && many!.insert(name).inserted }
            guard !values.contains(where: { $0.name == name }), including(name) else { return false }
            if values.count >= 16 {
                many = Set(values.map(\.name))
                many!.insert(name)
            }
            return true
        }
        for (name, text) in exchange.input.query where takes(name) {
            values.append((name, validated[name] ?? .string(text)))
        }
        for (name, value) in validated where takes(name) {
            values.append((name, value))
        }
        return values
    }

    /// Variables as every profile template gets them: the mock's clock, missing members read as null, no
    /// environment, and the profile's functions for this session, scope and caller.
    func profileVariables(
        _ values: [String: JSONValue] = [:], session: String, pathParameters: [String: String], principal: Principal?
    ) -> Variables {
        let clock = self.clock
        var variables = Variables(values, clock: { clock.now() })
        variables.lenient = true
        variables.allowsEnvironment = false
        variables.functions = templateFunctions(session: session, pathParameters: pathParameters, principal: principal)
        return variables
    }

    /// The host functions of a profile's templates.
    func templateFunctions(
        session: String, pathParameters: [String: String], principal: Principal?
    ) -> @Sendable (String, [JSONValue]) -> JSONValue? {
        { [self] name, arguments in
            switch name {
            case "counter":
                let key = arguments.first.flatMap(\.stringValue) ?? "default"
                // Kept in the store (outside every collection's key space), so `--state` keeps it too.
                return .int(store.nextSequence(session: session, collection: "\u{1}counter " + key))
            case "random":
                guard let count = arguments.first?.intValue, count > 0, count <= 4096 else { return nil }
                return .string(templateRandom.withLock { $0.token(count) })
            case "uuid":
                return .string(templateRandom.withLock { $0.uuid() })
            case "find":
                guard let resource = arguments.first?.stringValue, arguments.count > 1,
                    let id = Self.text(arguments[1]), let info = binding.collectionByResource[resource]
                else { return .null }
                let key = lookup.collectionKey(info, pathParameters: pathParameters, principal: principal)
                return store.item(session: session, collection: key, id: id) ?? .null
            default:
                return nil
            }
        }
    }

    // MARK: Lifecycles

    /// Where ``IssuedCredentials`` keeps an item's lifecycle (its birth and its polls) within its session.
    static func lifecycleKey(_ storeKey: String, _ id: String) -> String { "\(storeKey)|\(id)" }

    /// The item with its lifecycle moved on when its time or its polls are up (stored back when it moved).
    func advanceLifecycle(
        _ item: JSONValue, _ info: CollectionInfo, _ exchange: Exchange, key storeKey: String, id: String,
        countPoll: Bool
    ) -> JSONValue {
        guard let life = binding.resourceByItemPath[info.itemPath]?.lifecycle, case .object(var object) = item,
            let current = object[life.field], current == life.from
        else { return item }
        var due = false
        let key = Self.lifecycleKey(storeKey, id)
        if let polls = life.polls, countPoll { due = sessions.poll(key, session: exchange.session) >= polls }
        if let after = life.after {
            due =
                due
                || clock.now().timeIntervalSince(sessions.birth(key, session: exchange.session) ?? startedAt) >= after
        }
        guard due else { return item }
        object.set(life.field, life.to)
        let moved = JSONValue.object(object)
        store.put(session: exchange.session, collection: storeKey, id: id, value: moved)
        return moved
    }
}
