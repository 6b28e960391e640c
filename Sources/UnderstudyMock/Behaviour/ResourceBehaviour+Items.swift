import Foundation
import UnderstudyContract
import UnderstudySchema

extension ResourceBehaviour {
    func perform(_ exchange: Exchange) -> MockResponse {
        switch exchange.behavior {
        case .create(let info): return create(exchange, info)
        case .list(let info): return list(exchange, info)
        case .read(let info): return read(exchange, info)
        case .keyed(let info, let field, let parameter): return keyed(exchange, info, by: field, parameter: parameter)
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
            return statelessAnswer(exchange)
        }
    }

    /// Where the paths deleted outside any collection are remembered: a DELETE of a path no inferred
    /// collection holds still leaves it gone for the reads of that same path, until a write brings it back.
    private static let deletedPaths = "\u{1}deleted paths"

    /// An operation answered from the contract alone, except that a deleted path stays deleted.
    private func statelessAnswer(_ exchange: Exchange) -> MockResponse {
        if let gone = pathTombstone(exchange) { return gone }
        if ["GET", "HEAD"].contains(exchange.request.method), listShapes[exchange.index] != nil {
            return list(exchange, nil)
        }
        return success(exchange, codes: [200, 201, 202, 204], data: nil)
    }

    /// Remembers a DELETE of a path no collection holds, so that its reads answer 404 until a write to the
    /// same path brings it back; the 404 for such a read.
    private func pathTombstone(_ exchange: Exchange) -> MockResponse? {
        let path = exchange.request.mountPrefix + exchange.request.path
        switch exchange.request.method {
        case "DELETE":
            store.put(session: exchange.session, collection: Self.deletedPaths, id: path, value: .bool(true))
        case "GET", "HEAD":
            if store.item(session: exchange.session, collection: Self.deletedPaths, id: path) != nil {
                return renderer.errorResponse(
                    missingItemStatus(exchange.operation), "\(path) was deleted from this mock",
                    operation: exchange.operation, issues: [])
            }
        default:
            store.remove(session: exchange.session, collection: Self.deletedPaths, id: path)
        }
        return nil
    }

    /// The declared response a success answers with. An operation that declares no success at all (only
    /// 403, say: an incomplete contract) has none under a profile, which describes the API as it works:
    /// callers then get a 2XX (with the item as JSON, if any) rather than a declared error they did nothing
    /// to cause. Without a profile the contract's answer stands.
    func declaredSuccess(_ exchange: Exchange, preferring codes: [Int]) -> Response? {
        let chosen = Self.successResponse(of: exchange.operation, preferring: codes)
        if profile != nil, (chosen?.code ?? 0) >= 400 { return nil }
        return chosen
    }

    /// Renders the operation's success response (the first of `codes` it declares).
    func success(_ exchange: Exchange, codes: [Int], data: JSONValue?, headers: [(String, String)] = []) -> MockResponse
    {
        let chosen = declaredSuccess(exchange, preferring: codes)
        if chosen == nil, profile != nil {
            var answer =
                data.map { MockResponse.json(codes.first ?? 200, $0) } ?? MockResponse(status: codes.first ?? 200)
            for (name, value) in headers { answer.setHeader(name, value) }
            return answer
        }
        guard let response = chosen else {
            return MockResponse(status: codes.first ?? 200)
        }
        return renderer.render(exchange, response: response, status: codes.first ?? 200, data: data, headers: headers)
    }

    // MARK: Collections

    /// The store key of the collection `info` as the request names it (see ``ResourceLookup``).
    func collectionKey(_ info: CollectionInfo, _ exchange: Exchange) -> String {
        lookup.collectionKey(info, pathParameters: exchange.input.pathParameters, principal: exchange.principal)
    }

    /// Items of a collection in every scope the caller may see (its tenant's, when items belong to tenants).
    func itemsAcrossScopes(_ info: CollectionInfo, _ exchange: Exchange) -> [(id: String, value: JSONValue)] {
        lookup.itemsAcrossScopes(info, session: exchange.session, principal: exchange.principal)
    }

    /// Where the item the request names lives: found once, by the lookup stage, before the behaviour ran
    /// (``Exchange/located``); an exchange readdressed on the way (an item found by a field) is looked up here.
    func location(_ exchange: Exchange, _ info: CollectionInfo) -> ResourceLookup.Location {
        if let located = exchange.located { return located }
        return lookup.locate(
            info, id: exchange.input.pathParameters[info.idParameter] ?? "",
            pathParameters: exchange.input.pathParameters, principal: exchange.principal, session: exchange.session,
            naming: exchange.request.method == "PUT")
    }

    /// The schema of one stored item (see ``ItemModel``).
    func itemSchema(_ info: CollectionInfo) -> SchemaNode? { itemModels[info.itemPath]?.schema }

    /// `item` as the API shows it: inside its envelope member when the collection has one (see
    /// ``ItemModel/envelopeKey``); conform() fills the envelope's other members.
    /// The profile's `computed` fields are filled in here, for the request that reads the item.
    func presented(_ item: JSONValue?, _ info: CollectionInfo, _ exchange: Exchange) -> JSONValue? {
        guard let item else { return nil }
        let shown = withComputed(item, info, exchange)
        guard let key = itemModels[info.itemPath]?.envelopeKey else { return shown }
        return .object([key: shown])
    }

    /// `item` with the resource's `computed` fields rendered for this request (a download URL on the host
    /// the caller used).
    func withComputed(_ item: JSONValue, _ info: CollectionInfo, _ exchange: Exchange) -> JSONValue {
        fields(binding.resourceByItemPath[info.itemPath]?.computed, renderedOver: item, exchange)
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

    /// The schema of the item path's id parameter.
    func idParameterSchema(_ info: CollectionInfo, _ exchange: Exchange) -> SchemaHandle? {
        exchange.operation.parameters.first { $0.name == info.idParameter }?.schema
            ?? contract.operations.first { $0.path == info.itemPath }?.parameters.first { $0.name == info.idParameter }?
            .schema
    }

    /// Whether a client-chosen id can name the item in its path: a `silenceID` path parameter with `format:
    /// uuid` cannot be `"["`, so such an id in a create body does not become the item's id (the server makes
    /// one, as it would for a field it ignores).
    func identifierFitsPath(_ given: JSONValue, _ info: CollectionInfo, _ exchange: Exchange) -> Bool {
        guard let schema = idParameterSchema(info, exchange) else { return true }
        if contract.validate(given, against: schema, direction: .request).isEmpty { return true }
        guard let text = given.stringValue, let number = JSONNumber.parse(text, preferInteger: true) else {
            return false
        }
        return contract.validate(.number(number), against: schema, direction: .request).isEmpty
    }

    /// A new id fitting the id field's schema and the path parameter's: sequence numbers for integers,
    /// UUIDs otherwise (or a pattern sample when the schema has a pattern).
    func newIdentifier(_ info: CollectionInfo, _ exchange: Exchange, key: String) -> (String, JSONValue) {
        // Written with the item the create stores (one transaction under `--state`).
        let sequence = store.nextSequence(session: exchange.session, collection: key, writeNow: false)
        switch identifierKind(info, exchange) {
        case .integer:
            return (String(sequence), .int(sequence))
        case .pattern(let uri, let pattern):
            if let value = generator.generate(schemaAt: uri, salt: "\(key)#\(sequence)").stringValue,
                RegexCache.shared.regex(pattern)?.matches(value) == true
            {
                return (value, .string(value))
            }
        case .uuid:
            break
        }
        var random = SeededRandom(seed: options.seed, salt: "\(key)#\(sequence)#\(exchange.session)")
        let uuid = random.uuid()
        return (uuid, .string(uuid))
    }

    /// What kind of id the schemas ask for: it depends on the collection and the operation only, so it is
    /// worked out once for each.
    func identifierKind(_ info: CollectionInfo, _ exchange: Exchange) -> IdentifierKind {
        let key = IdentifierKindKey(operation: exchange.index, itemPath: info.itemPath)
        if let known = identifierKinds.withLock({ $0[key] }) { return known }
        let parameterSchema = idParameterSchema(info, exchange)
        let fieldSchema = idField(info).flatMap { itemSchema(info)?.property($0, in: contract.schemas) }
        let schemas = [fieldSchema, parameterSchema.map(SchemaNode.init)].compactMap {
            $0?.resolved(in: contract.schemas)
        }
        let kind: IdentifierKind
        if schemas.contains(where: {
            $0.typeName(in: contract.schemas) == "integer" || $0.typeName(in: contract.schemas) == "number"
        }) {
            kind = .integer
        } else if let pattern = schemas.compactMap({ $0.value["pattern"]?.stringValue }).first {
            kind = .pattern(uri: (fieldSchema ?? schemas[0]).uri, pattern: pattern)
        } else {
            kind = .uuid
        }
        identifierKinds.withLock { $0[key] = kind }
        return kind
    }

    /// A new id in the profile's format: the next sequence number, a UUID, or its template rendered.
    func formattedIdentifier(
        _ format: ResourceRule.IDFormat, _ info: CollectionInfo, _ exchange: Exchange, key: String
    ) -> (String, JSONValue) {
        switch format {
        case .sequence:
            let sequence = store.nextSequence(session: exchange.session, collection: key, writeNow: false)
            return (String(sequence), sequenceIdentifier(sequence, info))
        case .uuid:
            let uuid = templateRandom.withLock { $0.uuid() }
            return (uuid, .string(uuid))
        case .template(let template):
            var variables = templateVariables(exchange, item: nil)
            variables["index"] = .int(store.nextSequence(session: exchange.session, collection: key, writeNow: false))
            let value = (try? template.render(variables)) ?? .string(templateRandom.withLock { $0.uuid() })
            return (Self.text(value) ?? JSONSerializer.serialize(value), value)
        }
    }

    /// A sequence number as an id in the id field's own type: text where that field is a string (`"7"`),
    /// else the number.
    func sequenceIdentifier(_ number: Int, _ info: CollectionInfo) -> JSONValue {
        let textual = cache.value(ResponseCache.key(.sequenceText, info.itemPath)) {
            let field = idField(info).flatMap { itemSchema(info)?.property($0, in: contract.schemas) }
            return .bool(field?.resolved(in: contract.schemas).typeName(in: contract.schemas) == "string")
        }
        return textual == .bool(true) ? .string(String(number)) : .int(number)
    }

    /// The operation's field effects (`approved_at: "{{ now }}"`) laid over `item`.
    func applyEffects(_ exchange: Exchange, to item: JSONValue) -> JSONValue {
        fields(binding.operationRules[exchange.index]?.value.effects, renderedOver: item, exchange)
    }

    /// `item` with `fields` (templates over the item and the request) rendered and set on it.
    private func fields(_ fields: JSONObject?, renderedOver item: JSONValue, _ exchange: Exchange) -> JSONValue {
        guard let fields, !fields.isEmpty else { return item }
        var variables = templateVariables(exchange, item: nil)
        return Self.fields(fields, renderedOver: item, with: &variables)
    }

    /// `item` with `fields` rendered (`item` set in `variables` for them) and set on it; a list renders many
    /// items with one set of variables.
    static func fields(_ fields: JSONObject, renderedOver item: JSONValue, with variables: inout Variables) -> JSONValue
    {
        guard case .object(var object) = item else { return item }
        variables["item"] = item
        for (name, value) in fields { object.set(name, (try? variables.render(value)) ?? value) }
        return .object(object)
    }

    /// 409 when another item of the collection already has the value of a field the profile says is unique.
    /// `sent` is the request's item (``payload(_:_:)`` of its body), when the caller has it already.
    func uniqueConflict(
        _ item: JSONValue, id: String, _ info: CollectionInfo, _ exchange: Exchange, sent: JSONValue? = nil
    ) -> MockResponse? {
        let stated = binding.resourceByItemPath[info.itemPath]?.unique ?? []
        // A field the paths make unique is checked where the request set it: a value the mock generated for
        // a member nobody sent is not the caller's claim on it.
        let sent = sent ?? payload(exchange.validated.body ?? .object(JSONObject()), info)
        let inferred = (itemModels[info.itemPath]?.uniqueFields ?? []).filter { sent[$0] != nil }
        guard !stated.isEmpty || !inferred.isEmpty else { return nil }
        let others = store.items(session: exchange.session, collection: collectionKey(info, exchange))
        for field in stated + inferred.sorted() {
            guard let value = item[field], !value.isNull else { continue }
            if others.contains(where: { $0.id != id && $0.value[field] == value }) {
                let shown = Self.text(value) ?? JSONSerializer.serialize(value)
                // A profile's `unique` is 409; one the paths imply answers the client error the operation
                // declares (409, else 422, else 400), so the refusal keeps the contract.
                let status =
                    stated.contains(field)
                    ? 409 : [409, 422, 400].first { declares(exchange.operation, $0) } ?? 409
                return renderer.errorResponse(
                    status, "an item with \(field) '\(shown)' already exists", operation: exchange.operation,
                    issues: [], principal: exchange.principal)
            }
        }
        return nil
    }

    /// A generated, conforming item to lay request data over (seeded by its id).
    func baseItem(_ info: CollectionInfo, id: String) -> JSONValue {
        guard let schema = itemSchema(info) else { return .object(JSONObject()) }
        return generator.generate(schemaAt: schema.uri, salt: "item \(info.itemPath) \(id)")
    }

    /// Sets timestamp fields a server fills in (`created…`, `updated…`, `modified…`) to now, except those
    /// the client sent in `sent` (a writable field keeps what was sent, as every other field does).
    func stamp(_ value: JSONValue, _ info: CollectionInfo, creating: Bool, sent: JSONValue? = nil) -> JSONValue {
        guard case .object(var object) = value, let model = itemModels[info.itemPath] else { return value }
        let fields = creating ? model.createdStamps + model.updatedStamps : model.updatedStamps
        guard !fields.isEmpty else { return value }
        let now = DateText.format(clock.now())
        for name in fields where sent?[name] == nil { object.set(name, .string(now)) }
        return .object(object)
    }

    /// ``baseItem(_:id:)`` for a create that sends `sent` (read-only members already left out): when every
    /// member a generated item would have is sent, or is the id or a time stamp the create fills in, nothing
    /// generated would survive, so the item is not generated; its members come in the order generation
    /// gives them (the id and stamps as placeholders the create then fills).
    func baseItem(_ info: CollectionInfo, id: String, overwrittenBy sent: JSONValue) -> JSONValue {
        if let members = fixedItemMembers[info.itemPath], case .object(let given) = sent,
            members.toSend.allSatisfy(given.contains)
        {
            var object = JSONObject()
            object.reserveCapacity(members.all.count)
            for name in members.all { object.set(name, given[name] ?? .null) }
            return .object(object)
        }
        return baseItem(info, id: id)
    }

    private func create(_ exchange: Exchange, _ info: CollectionInfo) -> MockResponse {
        let key = collectionKey(info, exchange)
        let body = payload(exchange.validated.body ?? .object(JSONObject()), info)
        // Looked up once for the create's own reads of it.
        let model = itemModels[info.itemPath]
        let field = model?.idField
        var id: String
        var idValue: JSONValue
        var clientChosen = false
        let resource = binding.resourceByItemPath[info.itemPath]
        if let field, let given = body[field], let text = Self.text(given), !text.isEmpty,
            identifierFitsPath(given, info, exchange)
        {
            id = text
            idValue = given
            clientChosen = true
        } else if let format = resource?.idFormat {
            (id, idValue) = formattedIdentifier(format, info, exchange, key: key)
        } else {
            (id, idValue) = newIdentifier(info, exchange, key: key)
        }
        let sent = stripReadOnly(body, info)
        var item = Self.overlay(baseItem(info, id: id, overwrittenBy: sent), sent)
        // The id goes into its field, unless the client sent a value there that cannot name the item in a
        // path (empty, or not of the path parameter's form) to a field that is not the server's alone: what
        // was sent is kept, and the item is stored under the id made for it.
        let keepsSentValue =
            !clientChosen && !(body[field ?? ""]?.isNull ?? true)
            && !(model?.readOnlyFields.contains(field ?? "") ?? false)
        if let field, case .object(var object) = item, !keepsSentValue {
            object.set(field, idValue)
            item = .object(object)
        }
        item = stamp(item, info, creating: true, sent: sent)
        item = fitted(item, around: body, info)
        if let resource {
            var variables = templateVariables(exchange, item: item)
            if case .object(var object) = item {
                for (name, value) in resource.defaults where body[name] == nil {
                    variables["item"] = .object(object)
                    object.set(name, (try? variables.render(value)) ?? value)
                }
                for name in resource.omit where body[name] != nil && resource.defaults[name] == nil {
                    object.remove(name)
                }
                if let life = resource.lifecycle {
                    object.set(life.field, life.from)
                    sessions.born(Self.lifecycleKey(key, id), session: exchange.session, at: clock.now())
                }
                item = .object(object)
            }
        }
        item = applyEffects(exchange, to: item)
        if let conflict = uniqueConflict(item, id: id, info, exchange, sent: body) { return conflict }
        let inserted = store.put(
            session: exchange.session, collection: key, id: id, value: item, onlyIfAbsent: true)
        if !inserted {
            if clientChosen, exchange.operation.responses.contains(where: { $0.code == 409 }) {
                return renderer.errorResponse(
                    409, "an item with \(field ?? "id") '\(id)' already exists", operation: exchange.operation,
                    issues: [])
            }
            store.put(session: exchange.session, collection: key, id: id, value: item)
        }
        // An id deleted before and made again (chosen by the client, or drawn again) is no longer deleted.
        clearDeleted(info, exchange, id: id)
        let location = Self.join(exchange.request.mountPrefix + exchange.request.path, id)
        guard let response = declaredSuccess(exchange, preferring: [201, 200, 202]) else {
            var answer = MockResponse(status: 201, headers: [("Location", location)])
            answer.createdItem = item
            return answer
        }
        var data = presented(item, info, exchange)
        if model?.envelopeKey == nil, let schema = Self.jsonSchema(response),
            !describesItem(schema, field: field)
        {
            data = identifierReply(schema, item: item, id: idValue, info)
        }
        var headers: [(String, String)] = []
        // A 201 (declared so, or as `2XX` or `default`, which answer 201 here) says where the item is.
        if (response.code ?? 201) == 201 || response.headers.contains(where: { $0.name.lowercased() == "location" }) {
            headers.append(("Location", location))
        }
        var answer = renderer.render(exchange, response: response, status: 201, data: data, headers: headers)
        answer.createdItem = item
        return answer
    }

    /// `item` (made-up members under what the client sent) fitted to the item schema: where the two together
    /// break it (a `oneOf` of `org` or `orgID`, the client sent `org` and the made-up item has `orgID`),
    /// made-up members go, one at a time, while that leaves fewer problems; what was sent and the id stay.
    func fitted(_ item: JSONValue, around sent: JSONValue, _ info: CollectionInfo) -> JSONValue {
        guard itemModels[info.itemPath]?.combinesSchemas == true, let schema = itemSchema(info),
            case .object(var object) = item
        else { return item }
        let validator = contract.validator(direction: .response)
        var problems = validator.validate(item, against: schema.uri).count
        guard problems > 0 else { return item }
        let kept = Set(sent.objectValue?.keys.map { $0 } ?? []).union([idField(info)].compactMap { $0 })
        for name in object.keys where !kept.contains(name) {
            var trial = object
            trial.remove(name)
            let left = validator.validate(.object(trial), against: schema.uri).count
            guard left < problems else { continue }
            object = trial
            problems = left
            if problems == 0 { break }
        }
        return .object(object)
    }

    /// A create response that is not the item itself (`{"silenceID": "…"}`): generated, with the item's
    /// fields and the id copied into members that name an id.
    /// A member named after the item (`{"asset": {…}, "form": {…}}` for `POST /sites/{id}/assets`) holds the
    /// item itself.
    private func identifierReply(
        _ schema: SchemaNode, item: JSONValue, id: JSONValue, _ info: CollectionInfo
    ) -> JSONValue {
        let reply = cache.value(ResponseCache.key(.reply, schema.uri)) {
            generator.generate(schemaAt: schema.uri, salt: "reply")
        }
        guard case .object(var object) = reply else { return reply }
        for (name, node) in schema.properties(in: contract.schemas) {
            if name == info.itemNoun, node.typeName(in: contract.schemas) == "object" {
                object.set(name, Self.overlay(object[name], item))
            } else if let value = item[name] {
                object.set(name, value)
            } else if name.lowercased().hasSuffix("id") {
                object.set(name, id)
            }
        }
        return .object(object)
    }

    /// Whether an answer with `schema` carries the item: its envelope member when the collection has one,
    /// else the item's own schema (an action answering another resource does not).
    func answersWithItem(_ schema: SchemaNode, _ info: CollectionInfo) -> Bool {
        if let key = itemModels[info.itemPath]?.envelopeKey { return schema.property(key, in: contract.schemas) != nil }
        return describesItem(schema, field: idField(info)) && isItemSchema(schema, info)
    }

    /// Whether an answer's schema is the item's own (the same component), or the item's is unknown: an
    /// action that answers another resource (`POST /deployments/{id}/create_flow_run` → a FlowRun) does not
    /// answer with the item it acts on.
    func isItemSchema(_ schema: SchemaNode, _ info: CollectionInfo) -> Bool {
        guard let item = itemSchema(info) else { return true }
        return schema.resolved(in: contract.schemas).uri == item.resolved(in: contract.schemas).uri
    }

    /// ``describesItem(_:field:registry:)``, worked out once per schema and field (it walks the schema).
    func describesItem(_ schema: SchemaNode, field: String?) -> Bool {
        let key = ItemDescriptionKey(schema: schema.uri, field: field)
        if let known = itemDescriptions.withLock({ $0[key] }) { return known }
        let describes = Self.describesItem(schema, field: field, registry: contract.schemas)
        itemDescriptions.withLock { $0[key] = describes }
        return describes
    }

    static func describesItem(_ schema: SchemaNode, field: String?, registry: SchemaRegistry) -> Bool {
        // A `oneOf`/`anyOf` of objects (InfluxDB's `Dashboard` or `DashboardWithViewProperties`) describes the
        // item as its first alternative that declares properties does.
        let schema = schema.objectAlternative(in: registry) ?? schema
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
        let place = location(exchange, info)
        let id = place.id
        if var item = place.item {
            item = advanceLifecycle(item, info, exchange, key: place.collectionKey, id: id, countPoll: true)
            return success(exchange, codes: [200], data: presented(item, info, exchange))
        }
        if info.stateful || place.wasDeleted { return notFound(exchange, info, id: id, gone: place.wasDeleted) }
        return success(
            exchange, codes: [200],
            data: presented(withIdentifier(baseItem(info, id: id), info, exchange: exchange, id: id), info, exchange))
    }

    /// An operation on the item whose `field` holds the value of the path parameter `parameter`: a read, or
    /// (once the item is found) the update, replace or delete its method names.
    private func keyed(
        _ exchange: Exchange, _ info: CollectionInfo, by field: String, parameter: String
    )
        -> MockResponse
    {
        let wanted = exchange.input.pathParameters[parameter] ?? ""
        let key = collectionKey(info, exchange)
        // Through the lookup stage's index of the field (the field is unique, so one item at most holds it).
        let found = lookup.item(holding: wanted, in: [field], session: exchange.session, collection: key)
        if let found {
            let addressed = exchange.addressing(info.idParameter, as: found.id)
            switch exchange.request.method {
            case "PATCH": return write(addressed, info, merge: true)
            case "PUT": return write(addressed, info, merge: false)
            case "DELETE": return delete(addressed, info)
            case "GET", "HEAD": return success(exchange, codes: [200], data: presented(found.value, info, exchange))
            default: return action(addressed, info)
            }
        }
        guard info.stateful else {
            var item = baseItem(info, id: wanted)
            if case .object(var object) = item {
                object.set(field, exchange.validated.parameter(parameter, in: .path) ?? .string(wanted))
                item = .object(object)
            }
            return success(exchange, codes: [200], data: presented(item, info, exchange))
        }
        return notFound(exchange, info, id: wanted)
    }

    /// Where a collection remembers the ids deleted from it, so a deleted item stays deleted: 404 even where
    /// the operation declares no 404 (which otherwise answers a missing item with generated data), and
    /// never generated again in a collection that holds nothing (no operation creates its items).
    private func deletedKey(_ info: CollectionInfo, _ exchange: Exchange) -> String {
        ResourceLookup.deletedKey(collectionKey(info, exchange))
    }

    /// Forgets that `id` was deleted: it was made again.
    func clearDeleted(_ info: CollectionInfo, _ exchange: Exchange, id: String) {
        store.removeIfPresent(session: exchange.session, collection: deletedKey(info, exchange), id: id)
    }

    /// Whether the operation declares a response covering `status` (exactly, by range, or `default`).
    func declares(_ operation: ContractOperation, _ status: Int) -> Bool { operation.response(for: status) != nil }

    private func withIdentifier(_ value: JSONValue, _ info: CollectionInfo, exchange: Exchange, id: String) -> JSONValue
    {
        guard let field = idField(info), case .object(var object) = value else { return value }
        object.set(field, exchange.validated.parameter(info.idParameter, in: .path) ?? .string(id))
        return .object(object)
    }

    /// Whether a missing item is answered 404: the operation declares it, or a profile describes the
    /// resource (its items really are missing, declared or not). A deleted item is 404 in any case (see
    /// ``notFound(_:_:id:gone:)``).
    func answersMissing(_ operation: ContractOperation, _ info: CollectionInfo) -> Bool {
        declares(operation, 404) || binding.resourceByItemPath[info.itemPath] != nil
    }

    /// 404 in the API's shape; when a missing item is not answered 404 (see ``answersMissing(_:_:)``), the
    /// answer is the declared success with generated data instead. `gone`: the item was deleted, so it is
    /// 404 in any case.
    func notFound(_ exchange: Exchange, _ info: CollectionInfo, id: String, gone: Bool = false) -> MockResponse {
        guard gone || answersMissing(exchange.operation, info) else {
            // The made-up item is the answer only where the answer is that item: an action answering
            // another resource (`POST /pods/{name}/eviction` → an Eviction) answers from its own schema.
            // What was sent is in it, as it would be in a stored item the operation changed.
            let codes = [200, 201, 202, 204]
            let handle = declaredSuccess(exchange, preferring: codes)?.content.first {
                $0.parsedType?.isJSON ?? false
            }?.schema
            // An item whose schema is unknown (its read declares no body) is no answer at all.
            guard itemSchema(info) != nil, handle.map({ answersWithItem(SchemaNode($0), info) }) ?? true else {
                return success(exchange, codes: codes, data: nil)
            }
            var made = presented(
                withIdentifier(baseItem(info, id: id), info, exchange: exchange, id: id), info, exchange)
            if let handle, let shown = made {
                made = renderer.reflectingRequest(shown, schema: handle, exchange: exchange)
            }
            return success(exchange, codes: codes, data: made)
        }
        let noun =
            info.collectionPath.split(separator: "/").last { !$0.hasPrefix("{") && !$0.isEmpty }.map(String.init)
            ?? "item"
        let detail = gone ? "item '\(id)' was deleted from \(noun)" : "no item '\(id)' in \(noun)"
        return renderer.errorResponse(
            missingItemStatus(exchange.operation), detail, operation: exchange.operation, issues: [])
    }

    /// The status a missing or deleted item is answered with, so that the mock keeps the contract: 404 where
    /// the operation declares it (exactly, by range, or `default`); else 410 Gone, 422, 400 or 409 where
    /// declared, in that order (a FastAPI contract declares only 422); else another declared client error
    /// that is not about credentials, methods, media types or rates; else 404, undeclared.
    func missingItemStatus(_ operation: ContractOperation) -> Int {
        if declares(operation, 404) { return 404 }
        let declared = Set(operation.responses.compactMap(\.code).filter { (400..<500).contains($0) })
        if let preferred = [410, 422, 400, 409].first(where: declared.contains) { return preferred }
        let unrelated: Set<Int> = [401, 403, 405, 406, 407, 411, 413, 414, 415, 429, 431]
        return declared.subtracting(unrelated).min() ?? 404
    }

    private func write(_ exchange: Exchange, _ info: CollectionInfo, merge: Bool) -> MockResponse {
        let place = location(exchange, info)
        let (id, key, existing) = (place.id, place.collectionKey, place.item)
        // PUT creates when the collection has no other way to, or when the operation declares 201 Created.
        let putCreates = !merge && (info.putCreates || exchange.operation.responses.contains { $0.code == 201 })
        if existing == nil, !putCreates {
            // A patch needs the item; a PUT to a missing item stores it (an upsert) unless the operation
            // says a missing item is 404.
            if merge, place.wasDeleted { return notFound(exchange, info, id: id, gone: true) }
            if info.stateful, answersMissing(exchange.operation, info) { return notFound(exchange, info, id: id) }
        }
        // A PUT brings a deleted item back.
        if !merge { clearDeleted(info, exchange, id: id) }
        let body = stripReadOnly(payload(exchange.validated.body ?? .object(JSONObject()), info), info)
        let base = existing ?? withIdentifier(baseItem(info, id: id), info, exchange: exchange, id: id)
        var updated = merge ? Self.mergePatch(base, body) : replace(base, with: body, info)
        updated = stamp(updated, info, creating: existing == nil, sent: body)
        updated = applyEffects(exchange, to: updated)
        if let conflict = uniqueConflict(updated, id: id, info, exchange) { return conflict }
        let isNew = store.put(session: exchange.session, collection: key, id: id, value: updated)
        return success(
            exchange, codes: isNew ? [201, 200, 204] : [200, 204, 201], data: presented(updated, info, exchange))
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
        let place = location(exchange, info)
        let id = place.id
        if let keep = binding.operationRules[exchange.index]?.value.keepWhen, let item = place.item,
            (try? keep.test(templateVariables(exchange, item: item))) == true
        {
            let changed = stamp(applyEffects(exchange, to: item), info, creating: false)
            store.put(session: exchange.session, collection: place.collectionKey, id: id, value: changed)
            return success(exchange, codes: [200, 204, 202], data: presented(changed, info, exchange))
        }
        let removed = store.remove(session: exchange.session, collection: place.collectionKey, id: id)
        if removed == nil {
            if place.wasDeleted { return notFound(exchange, info, id: id, gone: true) }
            if info.stateful, answersMissing(exchange.operation, info) { return notFound(exchange, info, id: id) }
        }
        // Whatever the answer, the caller was told the item is gone: it stays gone.
        store.put(session: exchange.session, collection: deletedKey(info, exchange), id: id, value: .bool(true))
        if removed == nil, info.stateful { return notFound(exchange, info, id: id) }
        return success(exchange, codes: [204, 200, 202], data: presented(removed, info, exchange))
    }

    private func action(_ exchange: Exchange, _ info: CollectionInfo) -> MockResponse {
        // A sub-resource of an item (`DELETE /things/{id}/photo`) deleted stays deleted for its reads.
        if let gone = pathTombstone(exchange) { return gone }
        let place = location(exchange, info)
        let (id, key) = (place.id, place.collectionKey)
        var item = place.item
        let deleted = item == nil && place.wasDeleted
        if item == nil, info.stateful || deleted { return notFound(exchange, info, id: id, gone: deleted) }
        if let stored = item, binding.operationRules[exchange.index]?.value.effects.isEmpty == false {
            let changed = stamp(applyEffects(exchange, to: stored), info, creating: false)
            store.put(session: exchange.session, collection: key, id: id, value: changed)
            // An effect that puts the item back at the start of its lifecycle (reprocess) starts it again.
            if let life = binding.resourceByItemPath[info.itemPath]?.lifecycle, changed[life.field] == life.from,
                stored[life.field] != life.from
            {
                sessions.restart(Self.lifecycleKey(key, id), session: exchange.session, at: clock.now())
            }
            item = changed
        }
        guard let response = declaredSuccess(exchange, preferring: [200, 201, 202, 204]) else {
            if let item, profile != nil { return .json(200, presented(item, info, exchange) ?? item) }
            return MockResponse(status: profile != nil ? 200 : 204)
        }
        var data: JSONValue? = nil
        if let item, let schema = Self.jsonSchema(response), answersWithItem(schema, info) {
            data = itemModels[info.itemPath]?.envelopeKey == nil ? item : presented(item, info, exchange)
            // The answer reflects what the action sent (`POST /reviews/{id} {"body": "lgtm"}` answers that
            // body) where the value fits; the stored item is left as it was: an action is not an update.
            if let shown = data, let handle = response.content.first(where: { $0.parsedType?.isJSON ?? false })?.schema
            {
                data = renderer.reflectingRequest(shown, schema: handle, exchange: exchange)
            }
        }
        return renderer.render(exchange, response: response, status: 200, data: data)
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

    /// The item path for `id` under a collection's `path`, the id percent-encoded as one segment.
    static func join(_ path: String, _ id: String) -> String {
        let escaped = PercentEncoding.encoded(id, keeping: PercentEncoding.keptInSegment)
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
