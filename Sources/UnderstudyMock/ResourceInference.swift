import UnderstudyContract
import UnderstudySchema

/// Infers collections, items, singletons and actions from a contract's paths, methods and schemas.
///
/// `/things` + `/things/{id}` form a collection (a trailing slash on either is the same path:
/// `POST /flows/` with items at `/flows/{id}`); `/a/{aId}/b/{bId}` is scoped to its parent by `aId`, and so
/// is a collection whose path ends in a parameter when it creates and the path above it does not
/// (`POST /flags/{projectKey}` with items at `/flags/{projectKey}/{flagKey}`); operations below an item
/// (`/things/{id}/approve`) are actions on it; `/things/name/{name}` addresses an item by that field, which
/// is then unique; `POST /things/filter` (`search`, `query`, `paginate`, `list`)
/// lists the collection; a path with GET and POST and no items below it is a collection without item paths
/// when what the POST takes is what the GET lists (`/books/{bookId}/loans`); a literal path with GET and
/// PUT or PATCH but no items (`/me`, `/settings`) is a singleton. Everything else answers from the contract.
public enum ResourceInference {
    /// Last segments of `POST` operations that list a collection from a body of filters.
    static let bodyListWords: Set<String> = ["filter", "search", "query", "paginate", "list", "find"]

    /// The parameter a collection without item paths names its items by (it is never routed).
    static let syntheticIdParameter = "id"

    /// One behaviour per operation, in the contract's operation order.
    public static func infer(_ contract: Contract) -> [OperationBehavior] {
        let operations = contract.operations
        var methodsByPath: [String: Set<String>] = [:]
        for operation in operations { methodsByPath[normalized(operation.path), default: []].insert(operation.method) }
        // Paths ending in a parameter that hold a collection rather than name an item: they create (or list)
        // and nothing above them is a collection whose item they could be.
        var parameterCollections: Set<String> = []
        for path in methodsByPath.keys {
            let segments = split(path)
            guard segments.count >= 2, let last = segments.last, wholeCapture(last) != nil,
                wholeCapture(segments[segments.count - 2]) != nil
            else { continue }
            let parent = "/" + segments.dropLast().joined(separator: "/")
            let grandparent = "/" + segments.dropLast(2).joined(separator: "/")
            // A parent the grandparent cannot create (it has no POST) is not one of its items.
            guard let parentMethods = methodsByPath[parent], parentMethods.contains("POST"),
                methodsByPath[grandparent]?.contains("POST") != true
            else { continue }
            parameterCollections.insert(parent)
        }
        // Reads by another field: `GET /variables/name/{name}` beside a `/variables` collection.
        var readsBy: [String: (collectionPath: String, field: String)] = [:]
        for (path, methods) in methodsByPath where methods.contains("GET") {
            let segments = split(path)
            guard segments.count >= 3, let field = wholeCapture(segments[segments.count - 1]),
                wholeCapture(segments[segments.count - 2]) == nil
            else { continue }
            let word = segments[segments.count - 2].lowercased()
            let named = field.lowercased()
            guard word == named || word == "by-" + named || word == "by_" + named || word == "by" + named else {
                continue
            }
            let collectionPath = "/" + segments.dropLast(2).joined(separator: "/")
            guard methodsByPath[collectionPath]?.contains("POST") == true,
                methodsByPath["/" + segments.dropLast().joined(separator: "/")] == nil
            else { continue }
            readsBy[path] = (collectionPath, field)
        }
        var collections: [String: CollectionInfo] = [:]
        for (path, methods) in methodsByPath where !parameterCollections.contains(path) && readsBy[path] == nil {
            let segments = split(path)
            guard let last = segments.last, let idParameter = wholeCapture(last), segments.count >= 2 else { continue }
            var collectionPath = "/" + segments.dropLast().joined(separator: "/")
            guard wholeCapture(segments[segments.count - 2]) == nil || parameterCollections.contains(collectionPath)
            else { continue }
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
        // Two item paths under one collection (`/documents/{inbox_id}` and `/documents/{document_id}`, a
        // contract naming one parameter two ways): the collection's creates and lists go with the one that can
        // be read (a GET), then the one with more methods, then the first by name, the same on every run.
        func rank(_ info: CollectionInfo) -> (Int, Int, String) {
            let methods = methodsByPath[info.itemPath] ?? []
            return (methods.contains("GET") ? 0 : 1, -methods.count, info.itemPath)
        }
        var byCollectionPath = Dictionary(
            collections.values.sorted { rank($0) < rank($1) }.map { ($0.collectionPath, $0) },
            uniquingKeysWith: { first, _ in first })
        // Checked against the item paths the contract has, not against those made up here, so the result does
        // not depend on the order paths are looked at.
        let itemPaths = collections
        for (path, methods) in methodsByPath.sorted(by: { $0.key < $1.key })
        where byCollectionPath[path] == nil && collections[path] == nil {
            guard methods.contains("POST"), methods.contains("GET"),
                !itemBelow(path, in: itemPaths),
                holdsWhatItTakes(path, operations: operations, registry: contract.schemas)
            else { continue }
            let info = CollectionInfo(
                collectionPath: path, itemPath: Self.join(path, "{\(syntheticIdParameter)}"),
                idParameter: syntheticIdParameter, scopeParameters: PathTemplate.variableNames(in: path),
                stateful: true, putCreates: false)
            byCollectionPath[path] = info
            collections[info.itemPath] = info
        }
        return operations.map { operation in
            let path = normalized(operation.path)
            if let (collectionPath, field) = readsBy[path], let info = byCollectionPath[collectionPath] {
                return .keyed(info, field: field, parameter: field)
            }
            if let info = collections[path] {
                switch operation.method {
                case "GET", "HEAD": return .read(info)
                case "PUT": return .replace(info)
                case "PATCH": return .update(info)
                case "DELETE": return .delete(info)
                default: return .action(info)
                }
            }
            if let info = byCollectionPath[path] {
                switch operation.method {
                case "POST": return .create(info)
                // OpenAPI 3.2's QUERY: a safe read whose filters come in the body.
                case "GET", "HEAD", "QUERY": return .list(info)
                default: return .stateless
                }
            }
            let segments = split(path)
            // `POST /things/filter`: a list whose filters and paging come in the body.
            if ["POST", "QUERY"].contains(operation.method), let last = segments.last,
                bodyListWords.contains(last.lowercased()),
                segments.count >= 2, let info = byCollectionPath["/" + segments.dropLast().joined(separator: "/")]
            {
                return .list(info)
            }
            // Below an item: the longest item path that prefixes this one.
            for length in stride(from: segments.count - 1, through: 2, by: -1) {
                let prefix = "/" + segments.prefix(length).joined(separator: "/")
                if let info = collections[prefix] { return .action(info) }
            }
            let methods = methodsByPath[path] ?? []
            if !path.contains("{"), methods.contains("GET"), methods.contains("PUT") || methods.contains("PATCH") {
                switch operation.method {
                case "GET", "HEAD": return .singletonRead(path: path)
                case "PUT": return .singletonWrite(path: path, merge: false)
                case "PATCH": return .singletonWrite(path: path, merge: true)
                default: return .stateless
                }
            }
            return .stateless
        }
    }

    /// A path without its trailing slash (`/flows/` is `/flows`); `/` stays `/`.
    static func normalized(_ path: String) -> String {
        guard path.count > 1, path.hasSuffix("/") else { return path }
        return String(path.dropLast())
    }

    static func join(_ path: String, _ segment: String) -> String {
        path.hasSuffix("/") ? path + segment : path + "/" + segment
    }

    /// Whether some inferred item path lies below `path`.
    private static func itemBelow(_ path: String, in collections: [String: CollectionInfo]) -> Bool {
        collections.keys.contains { $0.hasPrefix(path + "/") }
    }

    /// Whether the POST on `path` takes what the GET on it lists: a JSON object body that shares a member
    /// with the listed items (`POST /loans {"borrower": …}` beside `GET /loans → [{"borrower": …}]`).
    private static func holdsWhatItTakes(
        _ path: String, operations: [ContractOperation], registry: SchemaRegistry
    ) -> Bool {
        let here = operations.filter { normalized($0.path) == path }
        guard let post = here.first(where: { $0.method == "POST" }),
            let get = here.first(where: { $0.method == "GET" }),
            let bodySchema = post.requestBody?.content.first(where: { $0.parsedType?.isJSON ?? false })?.schema
        else { return false }
        let response = ResourceBehaviour.successResponse(of: get, preferring: [200])
        guard let listed = ListShape(operation: get, response: response, registry: registry).itemSchema else {
            return false
        }
        let sent = Set(SchemaNode(bodySchema).properties(in: registry).map(\.name))
        return listed.properties(in: registry).contains { sent.contains($0.name) }
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
