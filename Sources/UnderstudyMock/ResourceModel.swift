/// What the mock made of a contract: its collections, how each names and lists its items, and the
/// operations left outside every collection, with the reason. Built once per engine
/// (``MockEngine/resourceModel``) and shown by `understudy explain`.
public struct ResourceModel: Sendable, Hashable {
    /// One inferred (or profile-bound) collection.
    public struct Collection: Sendable, Hashable {
        /// The collection's path template (`/projects/{projectKey}/environments`).
        public var path: String
        /// The item path template, or nil when the contract has none (items are created and listed only).
        public var itemPath: String?
        /// The path parameter naming an item.
        public var idParameter: String?
        /// The item member holding its id, when the item schema has one.
        public var idField: String?
        /// Who chooses an item's id: `server`, `client (body "key")`, `client (PUT to the item path)`, or the
        /// profile's format.
        public var idSource: String
        /// Path parameters scoping the collection to a parent.
        public var scope: [String]
        /// The member wrapping one item in answers and bodies (`data`, `server`), if any.
        public var envelope: String?
        /// Whether items are kept in state; when not, nothing creates them and reads answer from the contract.
        public var stateful: Bool
        /// Each operation on the collection: behaviour and `METHOD path`, in the contract's order.
        public var operations: [(behavior: String, operation: String)]
        /// How each list operation pages and wraps its items (`GET /things: limit, offset; items in "results"`).
        public var lists: [String]

        public static func == (left: Collection, right: Collection) -> Bool {
            left.path == right.path && left.itemPath == right.itemPath && left.idField == right.idField
                && left.idSource == right.idSource && left.scope == right.scope && left.envelope == right.envelope
                && left.stateful == right.stateful && left.lists == right.lists
                && left.operations.map { "\($0.behavior) \($0.operation)" }
                    == right.operations.map { "\($0.behavior) \($0.operation)" }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(path)
            hasher.combine(itemPath)
        }
    }

    /// An operation answered outside every collection.
    public struct Outside: Sendable, Hashable {
        /// `METHOD path`.
        public var operation: String
        /// `singleton` or `contract`.
        public var behavior: String
        /// Why it is not part of a collection.
        public var reason: String
    }

    public var collections: [Collection]
    public var outside: [Outside]

    /// The model as text: one block per collection, then the operations outside them.
    public var rendered: String {
        var lines: [String] = []
        lines.append("\(collections.count) collection\(collections.count == 1 ? "" : "s")")
        for collection in collections {
            lines.append("")
            lines.append("collection \(collection.path)\(collection.stateful ? "" : "  (not stateful)")")
            lines.append("  item path   \(collection.itemPath ?? "none: items are created and listed only")")
            if let field = collection.idField {
                lines.append(
                    "  id          \(field) (path parameter \(collection.idParameter ?? "-")), \(collection.idSource)")
            } else {
                lines.append("  id          path parameter \(collection.idParameter ?? "-"), \(collection.idSource)")
            }
            if !collection.scope.isEmpty { lines.append("  scope       \(collection.scope.joined(separator: ", "))") }
            if let envelope = collection.envelope { lines.append("  envelope    \"\(envelope)\"") }
            if !collection.stateful {
                lines.append("  why not     no operation creates its items; reads answer from the contract")
            }
            for list in collection.lists { lines.append("  list        \(list)") }
            for (behavior, operation) in collection.operations {
                lines.append("  \(behavior.padding(toLength: 11, withPad: " ", startingAt: 0)) \(operation)")
            }
        }
        if !outside.isEmpty {
            lines.append("")
            lines.append("\(outside.count) operation\(outside.count == 1 ? "" : "s") outside any collection")
            for entry in outside {
                lines.append("  \(entry.operation)  [\(entry.behavior)] \(entry.reason)")
            }
            lines.append("")
            lines.append(
                "To change any of this, a profile (mock.yaml) names a resource: resources: {NAME: {path: ITEM_PATH, "
                    + "id: {field: FIELD}, operations: {operationId: create|list|read|update|replace|delete|action}}}; "
                    + "see docs/profiles.md.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
