import UnderstudyContract
import UnderstudySchema

extension ResponseRenderer {
    /// An answer made from the contract alone (its example, or generated data) with what the request sent
    /// copied in: a member the answer declares under the name of a body member or a path parameter takes
    /// the sent value when that value fits the member's schema (`POST /users/new {"name": "ada"}` answers
    /// `"name": "ada"`, not the example's name). An object member is filled the same way, member by member,
    /// and so is an envelope member that holds the sent fields (`{"server": {…}, "action": {…}}`).
    /// The blend is kept only when the whole answer still fits its schema; otherwise the contract's answer
    /// stands as it was.
    func reflectingRequest(_ answer: JSONValue, schema: SchemaHandle, exchange: Exchange) -> JSONValue {
        guard case .object = answer else { return answer }
        var sent = JSONObject()
        for (name, value) in exchange.validated.parameters[.path] ?? [:] { sent.set(name, value) }
        if ["POST", "PUT", "PATCH"].contains(exchange.request.method), case .object(let body) = exchange.validated.body
        {
            for (name, value) in body { sent.set(name, value) }
        }
        guard !sent.isEmpty else { return answer }
        let reflected = reflect(sent, into: answer, node: SchemaNode(schema), depth: 0)
        guard reflected != answer, contract.conforms(reflected, to: schema, direction: .response) else { return answer }
        return reflected
    }

    /// `answer` with each member that `node` declares and `sent` holds set to the sent value (see
    /// ``reflectingRequest(_:schema:exchange:)``); members left unmatched are looked for one level down,
    /// in object members that share names with `sent`.
    private func reflect(_ sent: JSONObject, into answer: JSONValue, node: SchemaNode, depth: Int) -> JSONValue {
        guard depth < 4, case .object(var object) = answer else { return answer }
        let registry = contract.schemas
        let properties = node.properties(in: registry)
        var matched = false
        for (name, property) in properties {
            guard let value = sent[name], !value.isNull else { continue }
            if case .object(let inner) = value, case .object = object[name] ?? .null,
                property.typeName(in: registry) == "object"
            {
                object.set(name, reflect(inner, into: object[name] ?? .null, node: property, depth: depth + 1))
                matched = true
            } else if fits(value, property) {
                object.set(name, value)
                matched = true
            }
        }
        guard !matched else { return .object(object) }
        // An envelope: the one object member whose own members the request named.
        let sentNames = Set(sent.keys)
        for (name, property) in properties where property.typeName(in: registry) == "object" {
            guard case .object = object[name] ?? .null,
                property.properties(in: registry).contains(where: { sentNames.contains($0.name) })
            else { continue }
            object.set(name, reflect(sent, into: object[name] ?? .null, node: property, depth: depth + 1))
            return .object(object)
        }
        return answer
    }

    /// Whether `value` fits the schema of one answer member.
    private func fits(_ value: JSONValue, _ node: SchemaNode) -> Bool {
        contract.validator(direction: .response).validate(value, against: node.uri).isEmpty
    }
}
