import UnderstudyContract

/// Infers collections, items, singletons and actions from a contract's path templates alone.
///
/// `/things` + `/things/{id}` form a collection; `/a/{aId}/b/{bId}` is scoped to its parent by `aId`;
/// operations below an item (`/things/{id}/approve`) are actions on it; a literal path with GET and PUT or
/// PATCH but no items (`/me`, `/settings`) is a singleton. Everything else answers from the contract.
public enum ResourceInference {
    /// One behaviour per operation, in the contract's operation order.
    public static func infer(_ contract: Contract) -> [OperationBehavior] {
        let operations = contract.operations
        var methodsByPath: [String: Set<String>] = [:]
        for operation in operations { methodsByPath[operation.path, default: []].insert(operation.method) }
        var collections: [String: CollectionInfo] = [:]
        for (path, methods) in methodsByPath {
            let segments = split(path)
            guard let last = segments.last, let idParameter = wholeCapture(last), segments.count >= 2 else { continue }
            var collectionPath = "/" + segments.dropLast().joined(separator: "/")
            guard wholeCapture(segments[segments.count - 2]) == nil else { continue }
            // A singular item path beside a plural collection (`/silences` + `/silence/{id}`) is one collection.
            if methodsByPath[collectionPath] == nil, methodsByPath[collectionPath + "s"] != nil {
                collectionPath += "s"
            }
            let collectionMethods = methodsByPath[collectionPath] ?? []
            let creates = collectionMethods.contains("POST")
            let putCreates = methods.contains("PUT") && !creates
            collections[path] = CollectionInfo(
                collectionPath: collectionPath, itemPath: path, idParameter: idParameter,
                scopeParameters: PathTemplate.variableNames(in: collectionPath), stateful: creates || putCreates,
                putCreates: putCreates)
        }
        let byCollectionPath = Dictionary(
            collections.values.map { ($0.collectionPath, $0) }, uniquingKeysWith: { a, _ in a })
        return operations.map { operation in
            if let info = collections[operation.path] {
                switch operation.method {
                case "GET", "HEAD": return .read(info)
                case "PUT": return .replace(info)
                case "PATCH": return .update(info)
                case "DELETE": return .delete(info)
                default: return .action(info)
                }
            }
            if let info = byCollectionPath[operation.path] {
                switch operation.method {
                case "POST": return .create(info)
                case "GET", "HEAD": return .list(info)
                default: return .stateless
                }
            }
            // Below an item: the longest item path that prefixes this one.
            let segments = split(operation.path)
            for length in stride(from: segments.count - 1, through: 2, by: -1) {
                let prefix = "/" + segments.prefix(length).joined(separator: "/")
                if let info = collections[prefix] { return .action(info) }
            }
            let methods = methodsByPath[operation.path] ?? []
            if !operation.path.contains("{"), methods.contains("GET"),
                methods.contains("PUT") || methods.contains("PATCH")
            {
                switch operation.method {
                case "GET", "HEAD": return .singletonRead(path: operation.path)
                case "PUT": return .singletonWrite(path: operation.path, merge: false)
                case "PATCH": return .singletonWrite(path: operation.path, merge: true)
                default: return .stateless
                }
            }
            return .stateless
        }
    }

    static func split(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// The parameter name when a segment is exactly one capture (`{id}`).
    static func wholeCapture(_ segment: String) -> String? {
        guard segment.hasPrefix("{"), segment.hasSuffix("}"),
            segment.dropFirst().dropLast().allSatisfy({ $0 != "{" && $0 != "}" })
        else { return nil }
        return String(segment.dropFirst().dropLast())
    }
}
