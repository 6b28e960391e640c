import UnderstudySchema

/// What a profile says about one kind of stored resource (`resources: {reports: …}`).
public struct ResourceRule: Sendable {
    /// The profile's name for it (`reports`); also its store key when no operation works on it.
    public var name: String
    /// operationId → what it does with this resource, for APIs whose paths do not show it (Kontomatik
    /// creates at `/report/token` and reads at `/report/{token}`).
    public var operations: [String: OperationKind] = [:]
    /// The item path (`/reports/{id}`) of the collection inferred from the contract that this rule is about.
    public var path: String?
    /// The field holding an item's id (default: inferred).
    public var idField: String?
    /// How new ids look: `sequence`, `uuid`, or a template (`rpt_{{ random(16) }}`).
    public var idFormat: IDFormat?
    /// Whether PUT on a missing item creates it (default: as inferred from the paths).
    public var putCreates: Bool?
    /// Items belong to the tenant of the principal who created them: others neither list nor read them.
    public var ownedByTenant = false
    /// Path parameters that scope items (for a resource no operation works on; else from the paths).
    public var scope: [String] = []
    /// Fields no two items of one collection may share (409 on create, replace and update).
    public var unique: [String] = []
    /// Fields a create sets when the body leaves them out (templates over `request`, `principal`, `now`).
    public var defaults: JSONObject = JSONObject()
    /// Request fields that are not kept on the item (a create's `case_id` that only selects what to make).
    public var omit: [String] = []
    /// Fields rendered each time an item is shown (templates over `item` and `request`), never stored.
    public var computed: JSONObject = JSONObject()
    /// Items present in every new session.
    public var seeds: [SeedSet] = []
    /// A state field that moves on by itself (`processing` → `done`).
    public var lifecycle: Lifecycle?

    public init(name: String) { self.name = name }

    public enum IDFormat: Sendable, Hashable {
        case sequence
        case uuid
        case template(Template)
    }

    /// One group of seed items: given ones, or `count` generated from `values` templates (`index` is 1…count).
    public struct SeedSet: Sendable {
        public var items: [JSONValue] = []
        public var count = 0
        public var values: JSONObject = JSONObject()
        /// The tenant the items belong to (a principal's name or tenant).
        public var tenant: String?
        /// Values of the scope's path parameters (`{foreignId: acme}`).
        public var scope: [String: String] = [:]

        public init() {}
    }

    /// `field` starts at `from` and becomes `to` after `after` seconds or `polls` reads.
    public struct Lifecycle: Sendable, Hashable {
        public var field: String
        public var from: JSONValue
        public var to: JSONValue
        public var after: Double?
        public var polls: Int?

        public init(field: String, from: JSONValue, to: JSONValue, after: Double?, polls: Int?) {
            self.field = field
            self.from = from
            self.to = to
            self.after = after
            self.polls = polls
        }
    }
}

/// What an operation does, as a profile names it.
public enum OperationKind: String, Sendable, Hashable, CaseIterable {
    case create, list, read, update, replace, delete, action, download, login, logout, custom
}
