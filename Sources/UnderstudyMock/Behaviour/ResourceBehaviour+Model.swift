import UnderstudyContract
import UnderstudySchema

extension ResourceBehaviour {
    /// What this engine made of its contract (and profile): collections, ids, lists, envelopes, and the
    /// operations outside any collection with the reason. See ``ResourceModel``.
    var resourceModel: ResourceModel {
        let operations = contract.operations
        var order: [CollectionInfo] = []
        var members: [CollectionInfo: [(String, String)]] = [:]
        var lists: [CollectionInfo: [String]] = [:]
        var outside: [ResourceModel.Outside] = []
        for (index, behavior) in behaviors.enumerated() {
            let operation = operations[index]
            let name = "\(operation.method) \(operation.path)"
            guard let info = behavior.collection else {
                outside.append(
                    ResourceModel.Outside(
                        operation: name, behavior: behavior.name, reason: Self.outsideReason(behavior, operation)))
                continue
            }
            if members[info] == nil { order.append(info) }
            members[info, default: []].append((behavior.name, name))
            if case .list = behavior, let shape = listShapes[index] {
                lists[info, default: []].append("\(name): \(Self.describe(shape, method: operation.method))")
            }
        }
        let collections = order.map { info in
            let model = itemModels[info.itemPath]
            let synthetic =
                info.idParameter == ResourceInference.syntheticIdParameter
                && !operations.contains { ResourceInference.normalized($0.path) == info.itemPath }
            return ResourceModel.Collection(
                path: info.collectionPath, itemPath: synthetic ? nil : info.itemPath,
                idParameter: synthetic ? nil : info.idParameter, idField: model?.idField,
                idSource: idSource(info, field: model?.idField), scope: info.scopeParameters,
                envelope: model?.envelopeKey, stateful: info.stateful, operations: members[info] ?? [],
                lists: lists[info] ?? [])
        }
        return ResourceModel(collections: collections, outside: outside)
    }

    /// Who chooses the ids of a collection's items.
    private func idSource(_ info: CollectionInfo, field: String?) -> String {
        if let format = binding.resourceByItemPath[info.itemPath]?.idFormat {
            switch format {
            case .sequence: return "made by the mock: a sequence (profile)"
            case .uuid: return "made by the mock: a UUID (profile)"
            case .template: return "made by the mock from the profile's template"
            }
        }
        let creates = behaviors.enumerated().filter {
            if case .create(let other) = $0.element { return other == info }
            return false
        }
        if let field, let model = itemModels[info.itemPath], !model.readOnlyFields.contains(field),
            creates.contains(where: { index, _ in
                guard
                    let schema = contract.operations[index].requestBody?.content.first(where: {
                        $0.parsedType?.isJSON ?? false
                    })?.schema
                else { return false }
                return SchemaNode(schema).property(field, in: contract.schemas) != nil
            })
        {
            return "chosen by the client (body \"\(field)\"), else made by the mock"
        }
        if info.putCreates { return "chosen by the client (PUT to the item path)" }
        return creates.isEmpty ? "named by the path" : "made by the mock"
    }

    /// Why an operation is outside every collection.
    private static func outsideReason(_ behavior: OperationBehavior, _ operation: ContractOperation) -> String {
        switch behavior {
        case .singletonRead, .singletonWrite:
            return "one resource at a literal path with a read and a write: kept in state as a singleton"
        default:
            let hasCapture = operation.path.contains("{")
            switch operation.method {
            case "GET", "HEAD":
                return hasCapture
                    ? "no collection creates what this path names: answered from the contract"
                    : "nothing writes this path: answered from the contract"
            case "DELETE":
                return
                    "no collection holds this path: answered from the contract; reads of the same path answer 404 after it"
            default:
                return
                    "not a collection path and not under an item: answered from the contract, with what was sent copied into the answer"
            }
        }
    }

    /// A list operation's paging and envelope in a few words.
    private static func describe(_ shape: ListShape, method: String) -> String {
        var paging = [
            shape.limitParameter.map { "limit \"\($0)\"" }, shape.offsetParameter.map { "offset \"\($0)\"" },
            shape.pageParameter.map { "page \"\($0)\"" }, shape.cursorParameter.map { "cursor \"\($0)\"" },
            shape.startingAfterParameter.map { "after \"\($0)\"" }, shape.sortParameter.map { "sort \"\($0)\"" },
        ].compactMap { $0 }
        if !shape.filterParameters.isEmpty {
            paging.append("filters " + shape.filterParameters.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        var text = paging.isEmpty ? "no paging" : paging.joined(separator: ", ")
        if method == "POST" { text += " (in the body)" }
        if let key = shape.arrayKey {
            text += "; items in \"\(key)\""
            let extras = [
                shape.countKey.map { "count \"\($0)\"" }, shape.nextKey.map { "next \"\($0)\"" },
                shape.hasMoreKey.map { "has-more \"\($0)\"" }, shape.metaKey.map { "meta \"\($0)\"" },
            ].compactMap { $0 }
            if !extras.isEmpty { text += ", " + extras.joined(separator: ", ") }
        } else {
            text += "; a bare array"
        }
        return text
    }
}
