import UnderstudyContract
import UnderstudySchema

/// What the engine knows about the items of one collection, worked out once when the engine is built.
/// Its members are shared between copies until one changes (``SharedMembers``): a create or a read looks
/// its collection's model up several times.
struct ItemModel: Sendable {
    private struct Members: Sendable {
        var schema: SchemaNode? = nil
        var idField: String? = nil
        var envelopeKey: String? = nil
        var readOnlyFields: Set<String> = []
        var requiredFields: Set<String> = []
        var createdStamps: [String] = []
        var updatedStamps: [String] = []
        var uniqueFields: Set<String> = []
        var propertyNames: Set<String> = []
        var combinesSchemas: Bool = false
    }

    private var shared: SharedMembers<Members>

    /// The schema of one stored item: the item read's response, else the list's items, else the create's
    /// answer, else the create's request body.
    var schema: SchemaNode? {
        get { shared.members.schema }
        set { shared.members.schema = newValue }
    }
    /// The field holding an item's id: the path parameter's name; a property the parameter's name ends with
    /// (`featureFlagKey` → `key`, `webhookId` → `id`); `id`, `_id`, `uuid` or `uid`; the first property ending
    /// in `id`; then `key` or `name`; `id` inside an envelope that declares none.
    var idField: String? {
        get { shared.members.idField }
        set { shared.members.idField = newValue }
    }
    /// When the API wraps one item in a member of its answers and bodies (`{"data": {...}, "permissions":
    /// ...}`, as Kinto and JSON:API do): that member. The store then holds what is inside it.
    var envelopeKey: String? {
        get { shared.members.envelopeKey }
        set { shared.members.envelopeKey = newValue }
    }
    /// Properties marked `readOnly` (on the property or the schema it refers to): the server's to set.
    var readOnlyFields: Set<String> {
        get { shared.members.readOnlyFields }
        set { shared.members.readOnlyFields = newValue }
    }
    /// Properties the item schema requires.
    var requiredFields: Set<String> {
        get { shared.members.requiredFields }
        set { shared.members.requiredFields = newValue }
    }
    /// `date-time` properties a server stamps: `created…` on create, `updated…`/`modified…` on every write.
    var createdStamps: [String] {
        get { shared.members.createdStamps }
        set { shared.members.createdStamps = newValue }
    }
    var updatedStamps: [String] {
        get { shared.members.updatedStamps }
        set { shared.members.updatedStamps = newValue }
    }
    /// Fields a path reads items by (`GET /variables/name/{name}`): no two items may share a value.
    var uniqueFields: Set<String> {
        get { shared.members.uniqueFields }
        set { shared.members.uniqueFields = newValue }
    }
    /// The names of the item schema's properties.
    var propertyNames: Set<String> {
        get { shared.members.propertyNames }
        set { shared.members.propertyNames = newValue }
    }
    /// Whether the item schema combines schemas or limits members (`oneOf`, `anyOf`, `not`, `if`, dependent
    /// members, a member count): valid members laid over other valid members can then break it.
    var combinesSchemas: Bool {
        get { shared.members.combinesSchemas }
        set { shared.members.combinesSchemas = newValue }
    }

    init(schema: SchemaNode? = nil, idField: String? = nil, envelopeKey: String? = nil) {
        shared = SharedMembers(Members(schema: schema, idField: idField, envelopeKey: envelopeKey))
    }

    /// One model per item path of the inferred collections.
    static func build(
        contract: Contract, behaviors: [OperationBehavior], listShapes: [Int: ListShape]
    ) -> [String: ItemModel] {
        var models: [String: ItemModel] = [:]
        for info in Set(behaviors.compactMap(\.collection)) where models[info.itemPath] == nil {
            var schema = itemSchema(info, contract: contract, behaviors: behaviors, listShapes: listShapes)
            // A read that answers one of several shapes (the item, or a deleted marker) describes the first.
            if let alternative = schema?.objectAlternative(in: contract.schemas) { schema = alternative }
            var envelopeKey: String? = nil
            let listed = behaviors.indices.lazy.compactMap { index -> SchemaNode? in
                guard case .list(let other) = behaviors[index], other.itemPath == info.itemPath else { return nil }
                return listShapes[index]?.itemSchema
            }.first
            if let outer = schema,
                let (key, inner) = envelope(outer, info, listed: listed, registry: contract.schemas)
            {
                schema = inner
                envelopeKey = key
            }
            var idField: String? = nil
            if let schema {
                // Only a member whose type the path can carry names the item: an integer path parameter is
                // not held in a string `key_id` beside an integer `id`.
                let parameterType =
                    contract.operations.lazy.filter {
                        ResourceInference.normalized($0.path) == info.itemPath
                    }.compactMap { $0.parameters.first { $0.name == info.idParameter && $0.location == .path }?.schema }
                    .first.map { SchemaNode($0).typeName(in: contract.schemas) } ?? nil
                let properties = schema.properties(in: contract.schemas)
                let names = properties.filter { property in
                    guard parameterType == "integer" || parameterType == "number" else { return true }
                    let type = property.node.typeName(in: contract.schemas)
                    return type == "integer" || type == "number" || type == nil
                }.map(\.name)
                let parameter = info.idParameter.lowercased()
                if names.contains(info.idParameter) {
                    idField = info.idParameter
                } else {
                    idField =
                        names.filter { $0.count >= 2 && parameter.hasSuffix($0.lowercased()) }
                        .max { $0.count < $1.count }
                        ?? ["id", "_id", "uuid", "uid"].first { names.contains($0) }
                        ?? names.first { $0.lowercased().hasSuffix("id") }
                        ?? ["key", "name"].first { names.contains($0) }
                }
            }
            if envelopeKey != nil, idField == nil { idField = "id" }
            var model = ItemModel(schema: schema, idField: idField, envelopeKey: envelopeKey)
            if let schema {
                let registry = contract.schemas
                let keywords = [
                    "oneOf", "anyOf", "allOf", "not", "if", "dependentRequired", "dependentSchemas", "dependencies",
                    "maxProperties",
                ]
                let resolved = schema.resolved(in: registry).value
                model.combinesSchemas = keywords.contains { resolved[$0] != nil }
                model.requiredFields = Set(resolved["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                for (name, node) in schema.properties(in: registry) {
                    model.propertyNames.insert(name)
                    let resolved = node.resolved(in: registry).value
                    if node.value["readOnly"]?.boolValue == true || resolved["readOnly"]?.boolValue == true {
                        model.readOnlyFields.insert(name)
                    }
                    guard resolved["format"]?.stringValue == "date-time" else { continue }
                    let lower = name.lowercased()
                    if lower.hasPrefix("updated") || lower.hasPrefix("modified") || lower == "last_modified" {
                        model.updatedStamps.append(name)
                    } else if lower.hasPrefix("created") {
                        model.createdStamps.append(name)
                    }
                }
            }
            models[info.itemPath] = model
        }
        for behavior in behaviors {
            if case .keyed(let info, let field, _) = behavior { models[info.itemPath]?.uniqueFields.insert(field) }
        }
        return models
    }

    /// Names of members that wrap a single resource.
    static let envelopeNames = ["data", "item", "result", "resource", "record", "object", "entity"]

    /// The wrapping member and the item's schema inside it, when `schema` has no id of its own but one of
    /// ``envelopeNames`` is an object that has.
    private static func envelope(
        _ schema: SchemaNode, _ info: CollectionInfo, listed: SchemaNode?, registry: SchemaRegistry
    ) -> (String, SchemaNode)? {
        let parameter = info.idParameter.lowercased()
        let properties = schema.properties(in: registry)
        // The member whose schema is the one the list holds (`{"ssh_key": {$ref: SSHKey}}` beside a list
        // of SSHKey): the same component, so the same item.
        if let listed = listed?.resolved(in: registry).uri,
            let member = properties.first(where: { $0.node.resolved(in: registry).uri == listed }),
            schema.resolved(in: registry).uri != listed
        {
            return (member.name, member.node)
        }
        // A member named like the id parameter's tail (`tag_sha` → `sha`) is the item's own id: no envelope.
        let idNames = [info.idParameter, "id", "_id", "uuid", "uid", "key"]
        guard
            !properties.contains(where: {
                idNames.contains($0.name) || ($0.name.count >= 2 && parameter.hasSuffix($0.name.lowercased()))
            })
        else { return nil }
        // An envelope holds the item and a few members about it (`permissions`, `links`, `meta`, an `action`),
        // at most one of them a plain value; an object with more plain values is the item itself
        // (Kubernetes' `data` is one field of a resource beside `apiVersion`, `kind` and `revision`).
        let scalars = properties.filter {
            !["object", "array"].contains($0.node.typeName(in: registry) ?? "object")
        }
        guard properties.count <= 5, scalars.count <= 1 else { return nil }
        for name in envelopeNames + [info.itemNoun].compactMap({ $0 }) {
            // The member holds the item when it declares an id, or is an open object (Kinto's `data`
            // declares a few members and allows any other, `id` among them).
            guard let inner = properties.first(where: { $0.name == name })?.node,
                inner.typeName(in: registry) == "object",
                inner.properties(in: registry).contains(where: { idNames.contains($0.name) })
                    || inner.resolved(in: registry).value["additionalProperties"] != .bool(false)
            else { continue }
            return (name, inner)
        }
        return nil
    }

    private static func itemSchema(
        _ info: CollectionInfo, contract: Contract, behaviors: [OperationBehavior], listShapes: [Int: ListShape]
    ) -> SchemaNode? {
        for (index, behavior) in behaviors.enumerated() {
            guard case .read(let other) = behavior, other.itemPath == info.itemPath else { continue }
            let response = ResourceBehaviour.successResponse(of: contract.operations[index], preferring: [200])
            if let node = ResourceBehaviour.jsonSchema(response) { return node }
        }
        for (index, behavior) in behaviors.enumerated() {
            guard case .list(let other) = behavior, other.itemPath == info.itemPath else { continue }
            if let node = listShapes[index]?.itemSchema { return node }
        }
        for (index, behavior) in behaviors.enumerated() {
            guard case .create(let other) = behavior, other.itemPath == info.itemPath else { continue }
            let response = ResourceBehaviour.successResponse(of: contract.operations[index], preferring: [201, 200])
            if let node = ResourceBehaviour.jsonSchema(response) { return node }
        }
        // No answer describes the item (Keycloak's operations answer `2XX` with no body): the item is what the
        // create takes.
        for (index, behavior) in behaviors.enumerated() {
            guard case .create(let other) = behavior, other.itemPath == info.itemPath,
                let content = contract.operations[index].requestBody?.content.first(where: {
                    $0.parsedType?.isJSON ?? false
                }), let schema = content.schema
            else { continue }
            return SchemaNode(schema)
        }
        return nil
    }
}
