import UnderstudyContract
import UnderstudySchema

/// What the engine knows about the items of one collection, worked out once when the engine is built.
struct ItemModel: Sendable {
    /// The schema of one stored item: the item read's response, else the list's items, else the create's.
    var schema: SchemaNode?
    /// The field holding an item's id: the path parameter's name, `id` (or `uuid`, `uid`, `key`, `name`), or
    /// the first property ending in `id`.
    var idField: String?
    /// Properties marked `readOnly` (on the property or the schema it refers to): the server's to set.
    var readOnlyFields: Set<String> = []
    /// Properties the item schema requires.
    var requiredFields: Set<String> = []
    /// `date-time` properties a server stamps: `created…` on create, `updated…`/`modified…` on every write.
    var createdStamps: [String] = []
    var updatedStamps: [String] = []

    /// One model per item path of the inferred collections.
    static func build(
        contract: Contract, behaviors: [OperationBehavior], listShapes: [Int: ListShape]
    ) -> [String: ItemModel] {
        var models: [String: ItemModel] = [:]
        for info in Set(behaviors.compactMap(\.collection)) where models[info.itemPath] == nil {
            let schema = itemSchema(info, contract: contract, behaviors: behaviors, listShapes: listShapes)
            var idField: String? = nil
            if let schema {
                let names = schema.properties(in: contract.schemas).map(\.name)
                if names.contains(info.idParameter) {
                    idField = info.idParameter
                } else {
                    idField =
                        ["id", "uuid", "uid", "key", "name"].first { names.contains($0) }
                        ?? names.first { $0.lowercased().hasSuffix("id") }
                }
            }
            var model = ItemModel(schema: schema, idField: idField)
            if let schema {
                let registry = contract.schemas
                model.requiredFields = Set(
                    schema.resolved(in: registry).value["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                for (name, node) in schema.properties(in: registry) {
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
        return models
    }

    private static func itemSchema(
        _ info: CollectionInfo, contract: Contract, behaviors: [OperationBehavior], listShapes: [Int: ListShape]
    ) -> SchemaNode? {
        for (index, behavior) in behaviors.enumerated() {
            guard case .read(let other) = behavior, other.itemPath == info.itemPath else { continue }
            let response = MockEngine.successResponse(of: contract.operations[index], preferring: [200])
            if let node = MockEngine.jsonSchema(response) { return node }
        }
        for (index, behavior) in behaviors.enumerated() {
            guard case .list(let other) = behavior, other.itemPath == info.itemPath else { continue }
            if let node = listShapes[index]?.itemSchema { return node }
        }
        for (index, behavior) in behaviors.enumerated() {
            guard case .create(let other) = behavior, other.itemPath == info.itemPath else { continue }
            let response = MockEngine.successResponse(of: contract.operations[index], preferring: [201, 200])
            if let node = MockEngine.jsonSchema(response) { return node }
        }
        return nil
    }
}
