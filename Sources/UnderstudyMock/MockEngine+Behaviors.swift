import Foundation
import UnderstudyContract
import UnderstudySchema

extension MockEngine {
    func perform(_ exchange: Exchange) -> MockResponse {
        switch exchange.behavior {
        case .create(let info): return create(exchange, info)
        case .list(let info): return list(exchange, info)
        case .read(let info): return read(exchange, info)
        case .replace(let info): return write(exchange, info, merge: false)
        case .update(let info): return write(exchange, info, merge: true)
        case .delete(let info): return delete(exchange, info)
        case .action(let info): return action(exchange, info)
        case .singletonRead(let path):
            let stored = store.singleton(session: exchange.session, path: path)
            return success(exchange, codes: [200], data: stored)
        case .singletonWrite(let path, let merge):
            let existing = store.singleton(session: exchange.session, path: path) ?? singletonBase(path)
            let body = exchange.validated.body ?? .object(JSONObject())
            let updated =
                merge ? Self.mergePatch(existing ?? .object(JSONObject()), body) : Self.overlay(existing, body)
            store.setSingleton(session: exchange.session, path: path, value: updated)
            return success(exchange, codes: [200, 204], data: updated)
        case .stateless:
            return success(exchange, codes: [200, 201, 202, 204], data: nil)
        }
    }

    /// Renders the operation's success response (the first of `codes` it declares).
    func success(_ exchange: Exchange, codes: [Int], data: JSONValue?, headers: [(String, String)] = []) -> MockResponse
    {
        guard let response = Self.successResponse(of: exchange.operation, preferring: codes) else {
            return MockResponse(status: codes.first ?? 200)
        }
        return render(exchange, response: response, status: codes.first ?? 200, data: data, headers: headers)
    }

    // MARK: Collections

    func collectionKey(_ info: CollectionInfo, _ exchange: Exchange) -> String {
        guard !info.scopeParameters.isEmpty else { return info.collectionPath }
        let scope = info.scopeParameters.map { "\($0)=\(exchange.input.pathParameters[$0] ?? "")" }
        return info.collectionPath + "?" + scope.joined(separator: "&")
    }

    /// The schema of one stored item (see ``ItemModel``).
    func itemSchema(_ info: CollectionInfo) -> SchemaNode? { itemModels[info.itemPath]?.schema }

    /// `item` as the API shows it: inside its envelope member when the collection has one (see
    /// ``ItemModel/envelopeKey``); conform() fills the envelope's other members.
    func presented(_ item: JSONValue?, _ info: CollectionInfo) -> JSONValue? {
        guard let item, let key = itemModels[info.itemPath]?.envelopeKey else { return item }
        return .object([key: item])
    }

    /// The item a request body carries: what is inside the envelope member when it is sent in one.
    func payload(_ body: JSONValue, _ info: CollectionInfo) -> JSONValue {
        guard let key = itemModels[info.itemPath]?.envelopeKey, let inner = body[key], inner.objectValue != nil else {
            return body
        }
        return inner
    }

    /// The field that holds an item's id (see ``ItemModel``).
    func idField(_ info: CollectionInfo) -> String? { itemModels[info.itemPath]?.idField }

    static func jsonSchema(_ response: Response?) -> SchemaNode? {
        guard let content = response?.content.first(where: { $0.parsedType?.isJSON ?? false }),
            let schema = content.schema
        else { return nil }
        return SchemaNode(schema)
    }

    /// A new id fitting the id field's schema and the path parameter's: sequence numbers for integers,
    /// UUIDs otherwise (or a pattern sample when the schema has a pattern).
    func newIdentifier(_ info: CollectionInfo, _ exchange: Exchange, key: String) -> (String, JSONValue) {
        let sequence = store.nextSequence(session: exchange.session, collection: key)
        let parameterSchema =
            exchange.operation.parameters.first { $0.name == info.idParameter }?.schema
            ?? contract.operations.first { $0.path == info.itemPath }?.parameters.first { $0.name == info.idParameter }?
            .schema
        let fieldSchema = idField(info).flatMap { itemSchema(info)?.property($0, in: contract.schemas) }
        let schemas = [fieldSchema, parameterSchema.map(SchemaNode.init)].compactMap {
            $0?.resolved(in: contract.schemas)
        }
        if schemas.contains(where: {
            $0.typeName(in: contract.schemas) == "integer" || $0.typeName(in: contract.schemas) == "number"
        }) {
            return (String(sequence), .int(sequence))
        }
        if let pattern = schemas.compactMap({ $0.value["pattern"]?.stringValue }).first,
            let value = generator.generate(schemaAt: (fieldSchema ?? schemas[0]).uri, salt: "\(key)#\(sequence)")
                .stringValue, RegexCache.shared.regex(pattern)?.matches(value) == true
        {
            return (value, .string(value))
        }
        var random = SeededRandom(seed: options.seed, salt: "\(key)#\(sequence)#\(exchange.session)")
        let uuid = random.uuid()
        return (uuid, .string(uuid))
    }

    /// A generated, conforming item to lay request data over (seeded by its id).
    func baseItem(_ info: CollectionInfo, id: String) -> JSONValue {
        guard let schema = itemSchema(info) else { return .object(JSONObject()) }
        return generator.generate(schemaAt: schema.uri, salt: "item \(info.itemPath) \(id)")
    }

    /// Sets timestamp fields a server fills in (`created…`, `updated…`, `modified…`) to now.
    func stamp(_ value: JSONValue, _ info: CollectionInfo, creating: Bool) -> JSONValue {
        guard case .object(var object) = value, let model = itemModels[info.itemPath] else { return value }
        let fields = creating ? model.createdStamps + model.updatedStamps : model.updatedStamps
        guard !fields.isEmpty else { return value }
        let now = Self.timestamp(clock.now())
        for name in fields { object.set(name, .string(now)) }
        return .object(object)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private func create(_ exchange: Exchange, _ info: CollectionInfo) -> MockResponse {
        let key = collectionKey(info, exchange)
        let body = payload(exchange.validated.body ?? .object(JSONObject()), info)
        let field = idField(info)
        var id: String
        var idValue: JSONValue
        var clientChosen = false
        if let field, let given = body[field], let text = Self.text(given), !text.isEmpty {
            id = text
            idValue = given
            clientChosen = true
        } else {
            (id, idValue) = newIdentifier(info, exchange, key: key)
        }
        var item = Self.overlay(baseItem(info, id: id), stripReadOnly(body, info))
        if let field, case .object(var object) = item {
            object.set(field, idValue)
            item = .object(object)
        }
        item = stamp(item, info, creating: true)
        let inserted = store.put(
            session: exchange.session, collection: key, id: id, value: item, onlyIfAbsent: true)
        if !inserted {
            if clientChosen, exchange.operation.responses.contains(where: { $0.code == 409 }) {
                return errorResponse(
                    409, "an item with \(field ?? "id") '\(id)' already exists", operation: exchange.operation,
                    issues: [])
            }
            store.put(session: exchange.session, collection: key, id: id, value: item)
        }
        let location = Self.join(exchange.request.mountPrefix + exchange.request.path, id)
        guard let response = Self.successResponse(of: exchange.operation, preferring: [201, 200, 202]) else {
            return MockResponse(status: 201, headers: [("Location", location)])
        }
        var data = presented(item, info)
        if itemModels[info.itemPath]?.envelopeKey == nil, let schema = Self.jsonSchema(response),
            !Self.describesItem(schema, field: field, registry: contract.schemas)
        {
            data = identifierReply(schema, item: item, id: idValue)
        }
        var headers: [(String, String)] = []
        if response.code == 201 || response.headers.contains(where: { $0.name.lowercased() == "location" }) {
            headers.append(("Location", location))
        }
        return render(exchange, response: response, status: 201, data: data, headers: headers)
    }

    /// A create response that is not the item itself (`{"silenceID": "…"}`): generated, with the item's
    /// fields and the id copied into members that name an id.
    private func identifierReply(_ schema: SchemaNode, item: JSONValue, id: JSONValue) -> JSONValue {
        let reply = cache.value("reply|\(schema.uri)") { generator.generate(schemaAt: schema.uri, salt: "reply") }
        guard case .object(var object) = reply else { return reply }
        for (name, _) in schema.properties(in: contract.schemas) {
            if let value = item[name] {
                object.set(name, value)
            } else if name.lowercased().hasSuffix("id") {
                object.set(name, id)
            }
        }
        return .object(object)
    }

    static func describesItem(_ schema: SchemaNode, field: String?, registry: SchemaRegistry) -> Bool {
        guard schema.typeName(in: registry) == "object" else { return false }
        let names = Set(schema.properties(in: registry).map(\.name))
        if let field { return names.contains(field) && names.count > 1 }
        return names.count > 1
    }

    private func stripReadOnly(_ body: JSONValue, _ info: CollectionInfo) -> JSONValue {
        guard case .object(var object) = body, let model = itemModels[info.itemPath] else { return body }
        for name in model.readOnlyFields where name != model.idField { object.remove(name) }
        return .object(object)
    }

    private func read(_ exchange: Exchange, _ info: CollectionInfo) -> MockResponse {
        let id = exchange.input.pathParameters[info.idParameter] ?? ""
        if let item = store.item(session: exchange.session, collection: collectionKey(info, exchange), id: id) {
            return success(exchange, codes: [200], data: presented(item, info))
        }
        if info.stateful { return notFound(exchange, info, id: id) }
        return success(
            exchange, codes: [200],
            data: presented(withIdentifier(baseItem(info, id: id), info, exchange: exchange, id: id), info))
    }

    /// Whether the operation declares a response covering `status` (exactly, by range, or `default`).
    func declares(_ operation: ContractOperation, _ status: Int) -> Bool { operation.response(for: status) != nil }

    private func withIdentifier(_ value: JSONValue, _ info: CollectionInfo, exchange: Exchange, id: String) -> JSONValue
    {
        guard let field = idField(info), case .object(var object) = value else { return value }
        object.set(field, exchange.validated.parameter(info.idParameter, in: .path) ?? .string(id))
        return .object(object)
    }

    /// 404 in the API's shape; when the operation declares no response covering 404, the answer is the
    /// declared success with generated data instead (a status the contract does not declare would break it).
    func notFound(_ exchange: Exchange, _ info: CollectionInfo, id: String) -> MockResponse {
        guard declares(exchange.operation, 404) else {
            return success(
                exchange, codes: [200, 201, 202, 204],
                data: presented(withIdentifier(baseItem(info, id: id), info, exchange: exchange, id: id), info))
        }
        let noun = info.collectionPath.split(separator: "/").last.map(String.init) ?? "item"
        return errorResponse(404, "no item '\(id)' in \(noun)", operation: exchange.operation, issues: [])
    }

    private func write(_ exchange: Exchange, _ info: CollectionInfo, merge: Bool) -> MockResponse {
        let key = collectionKey(info, exchange)
        let id = exchange.input.pathParameters[info.idParameter] ?? ""
        let existing = store.item(session: exchange.session, collection: key, id: id)
        // PUT creates when the collection has no other way to, or when the operation declares 201 Created.
        let putCreates = !merge && (info.putCreates || exchange.operation.responses.contains { $0.code == 201 })
        if existing == nil, info.stateful, !putCreates, declares(exchange.operation, 404) {
            return notFound(exchange, info, id: id)
        }
        let body = stripReadOnly(payload(exchange.validated.body ?? .object(JSONObject()), info), info)
        let base = existing ?? withIdentifier(baseItem(info, id: id), info, exchange: exchange, id: id)
        var updated = merge ? Self.mergePatch(base, body) : replace(base, with: body, info)
        updated = stamp(updated, info, creating: existing == nil)
        let isNew = store.put(session: exchange.session, collection: key, id: id, value: updated)
        return success(exchange, codes: isNew ? [201, 200, 204] : [200, 204, 201], data: presented(updated, info))
    }

    /// PUT semantics: the body replaces the item, keeping read-only members and members the item schema
    /// requires that the body leaves out (so reads keep conforming).
    private func replace(_ base: JSONValue, with body: JSONValue, _ info: CollectionInfo) -> JSONValue {
        guard case .object(let old) = base, case .object(var new) = body else { return body }
        let model = itemModels[info.itemPath]
        for (name, value) in old where !new.contains(name) {
            let keep =
                model.map { $0.requiredFields.contains(name) || $0.readOnlyFields.contains(name) || name == $0.idField }
                ?? false
            if keep { new.set(name, value) }
        }
        return .object(new)
    }

    private func delete(_ exchange: Exchange, _ info: CollectionInfo) -> MockResponse {
        let id = exchange.input.pathParameters[info.idParameter] ?? ""
        let removed = store.remove(session: exchange.session, collection: collectionKey(info, exchange), id: id)
        if removed == nil, info.stateful { return notFound(exchange, info, id: id) }
        return success(exchange, codes: [204, 200, 202], data: presented(removed, info))
    }

    private func action(_ exchange: Exchange, _ info: CollectionInfo) -> MockResponse {
        let id = exchange.input.pathParameters[info.idParameter] ?? ""
        let item = store.item(session: exchange.session, collection: collectionKey(info, exchange), id: id)
        if item == nil, info.stateful { return notFound(exchange, info, id: id) }
        guard let response = Self.successResponse(of: exchange.operation, preferring: [200, 201, 202, 204]) else {
            return MockResponse(status: 204)
        }
        var data: JSONValue? = nil
        if let item, let schema = Self.jsonSchema(response) {
            if let key = itemModels[info.itemPath]?.envelopeKey {
                if schema.property(key, in: contract.schemas) != nil { data = presented(item, info) }
            } else if Self.describesItem(schema, field: idField(info), registry: contract.schemas) {
                data = item
            }
        }
        return render(exchange, response: response, status: 200, data: data)
    }

    private func singletonBase(_ path: String) -> JSONValue? {
        guard let index = contract.operations.firstIndex(where: { $0.path == path && $0.method == "GET" }),
            let schema = Self.jsonSchema(Self.successResponse(of: contract.operations[index], preferring: [200]))
        else { return nil }
        return generator.generate(schemaAt: schema.uri, salt: "singleton \(path)")
    }

    // MARK: Values

    /// The text form of an id value.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return number.description
        default: return nil
        }
    }

    static func join(_ path: String, _ id: String) -> String {
        let escaped =
            id.addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
        return (path.hasSuffix("/") ? path : path + "/") + escaped
    }

    /// Top-level overlay: members of `top` replace those of `base`.
    static func overlay(_ base: JSONValue?, _ top: JSONValue) -> JSONValue {
        guard case .object(var object) = base ?? .null, case .object(let upper) = top else { return top }
        for (key, value) in upper { object.set(key, value) }
        return .object(object)
    }

    /// RFC 7396 JSON Merge Patch.
    static func mergePatch(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in changes {
            if value.isNull {
                result.remove(key)
            } else {
                result.set(key, mergePatch(result[key] ?? .null, value))
            }
        }
        return .object(result)
    }
}
