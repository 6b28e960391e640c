import UnderstudyContract
import UnderstudySchema

/// What the engine knows about the items of one collection, worked out once when the engine is built.
struct ItemModel: Sendable {
    /// The schema of one stored item: the item read's response, else the list's items, else the create's.
    var schema: SchemaNode?
    /// The field holding an item's id: the path parameter's name, `id` (or `uuid`, `uid`, `key`, `name`), or
    /// the first property ending in `id`.
    var idField: String?

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
            models[info.itemPath] = ItemModel(schema: schema, idField: idField)
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
