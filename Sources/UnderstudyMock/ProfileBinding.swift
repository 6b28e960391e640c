import UnderstudyContract

/// A profile's rules tied to the contract's operations and inferred collections, worked out once.
struct ProfileBinding: Sendable {
    /// One behaviour per operation: inferred, then overridden by the profile's resources and kinds.
    var behaviors: [OperationBehavior]
    /// Operation index → the profile's rule for it.
    var operationRules: [Int: SharedValue<OperationRule>] = [:]
    /// Operation index → the list settings of its rule (read by every list answer: looked up apart, a copy
    /// of the whole operation rule to read them counted a reference for each of its members).
    var listRules: [Int: SharedValue<ListRule>] = [:]
    /// Operation index → the login rule it answers.
    var sessionRules: [Int: SessionRule] = [:]
    /// Item path → the resource rule about that collection.
    var resourceByItemPath: [String: ResourceRule] = [:]
    /// Resource name → its collection (inferred, assembled from `operations:`, or one of its own).
    var collectionByResource: [String: CollectionInfo] = [:]

    init(contract: Contract, inferred: [OperationBehavior], profile: MockProfile?) {
        behaviors = inferred
        guard let profile else { return }
        let operations = contract.operations
        func index(of id: String) -> Int? { operations.firstIndex { $0.operationId == id } }
        for resource in profile.resources {
            var info: CollectionInfo?
            if let path = resource.path {
                let path = ResourceInference.normalized(path)
                info = inferred.compactMap(\.collection).first { $0.itemPath == path || $0.collectionPath == path }
            }
            if info == nil, !resource.operations.isEmpty {
                info = Self.assemble(resource, operations: operations)
            }
            if info == nil {
                // A resource no operation names directly (cases a guard looks up): its own store.
                info = CollectionInfo(
                    collectionPath: resource.name, itemPath: resource.name + "/{id}", idParameter: "id",
                    scopeParameters: resource.scope, stateful: true, putCreates: false)
            }
            guard var info else { continue }
            if let putCreates = resource.putCreates {
                // Rebind every behaviour on the inferred collection to the adjusted one.
                let original = info
                info.putCreates = putCreates
                info.stateful = true
                for position in behaviors.indices where behaviors[position].collection == original {
                    behaviors[position] = behaviors[position].rebound(to: info)
                }
            }
            // What the contract's paths made of the same item path is this resource too: its other
            // operations (actions below the item, a second create) share the resource's store.
            let bound = info
            for position in behaviors.indices {
                if let other = behaviors[position].collection, other != bound, other.itemPath == bound.itemPath {
                    behaviors[position] = behaviors[position].rebound(to: bound)
                }
            }
            collectionByResource[resource.name] = info
            resourceByItemPath[info.itemPath] = resource
            for (id, kind) in resource.operations {
                guard let position = index(of: id), let behavior = Self.behavior(kind, info) else { continue }
                behaviors[position] = behavior
            }
        }
        for (id, rule) in profile.operations {
            guard let position = index(of: id) else { continue }
            operationRules[position] = SharedValue(rule)
            listRules[position] = rule.list.map(SharedValue.init)
            let info = rule.resource.flatMap { collectionByResource[$0] } ?? behaviors[position].collection
            if let kind = rule.kind, let info, let behavior = Self.behavior(kind, info) {
                behaviors[position] = behavior
            } else if rule.kind == nil, let info, rule.resource != nil {
                // Named resource, inferred kind: the same behaviour on the resource's collection.
                let current = behaviors[position]
                behaviors[position] = current.collection == nil ? .action(info) : current.rebound(to: info)
            }
        }
        for rule in profile.sessions {
            if let position = index(of: rule.operationId) { sessionRules[position] = rule }
        }
    }

    /// The behaviour a named kind has on a collection; nil for kinds answered by the profile itself.
    static func behavior(_ kind: OperationKind, _ info: CollectionInfo) -> OperationBehavior? {
        switch kind {
        case .create: return .create(info)
        case .list: return .list(info)
        case .read: return .read(info)
        case .update: return .update(info)
        case .replace: return .replace(info)
        case .delete: return .delete(info)
        case .action, .download: return .action(info)
        case .login, .logout, .custom: return nil
        }
    }

    /// A collection from the operations a resource names: the item path is the read's (or another
    /// item operation's), the collection path the list's or the create's.
    private static func assemble(_ resource: ResourceRule, operations: [ContractOperation]) -> CollectionInfo? {
        let named = resource.operations.compactMap { id, kind in
            operations.first { $0.operationId == id }.map { ($0, kind) }
        }
        let itemKinds: [OperationKind] = [.read, .update, .replace, .delete, .action, .download]
        let item = itemKinds.lazy.compactMap { kind in named.first { $0.1 == kind }?.0 }.first
        let collection = ([.list, .create] as [OperationKind]).lazy.compactMap { kind in
            named.first { $0.1 == kind }?.0
        }.first
        guard let anchor = item ?? collection else { return nil }
        // The item path ends at the last whole capture (`/reports/{reportId}` of `/reports/{reportId}/download`).
        var idParameter = "id"
        var itemPath: String? = nil
        if let item {
            let segments = ResourceInference.split(item.path)
            if let last = segments.lastIndex(where: { ResourceInference.wholeCapture($0) != nil }) {
                idParameter = ResourceInference.wholeCapture(segments[last])!
                itemPath = "/" + segments[...last].joined(separator: "/")
            }
        }
        let collectionPath = collection?.path ?? anchor.path
        return CollectionInfo(
            collectionPath: collectionPath, itemPath: itemPath ?? collectionPath + "/{\(idParameter)}",
            idParameter: idParameter, scopeParameters: PathTemplate.variableNames(in: collectionPath), stateful: true,
            putCreates: false)
    }
}
