import UnderstudySchema

/// What a profile says about one operation (`operations: {approveReport: …}`): its kind, the resource it
/// works on, guards, field effects, its answer, its list rules.
public struct OperationRule: Sendable {
    public var operationId: String
    public var kind: OperationKind?
    /// The resource (a name under `resources:`) it works on.
    public var resource: String?
    /// Checked in order before the operation runs; the first that holds answers its error.
    public var guards: [Guard] = []
    /// Fields set on the item (`approved_at: "{{ now }}"`, `state: 2`), for update, replace and action.
    public var effects: JSONObject = JSONObject()
    /// The answer's status, body and headers, when the profile overrides them (templates).
    public var status: Int?
    public var body: JSONValue?
    public var headers: [String: String] = [:]
    public var download: Download?
    public var list: ListRule?
    /// For a delete: when this holds, the item stays (with `effects` applied) instead of being removed
    /// (`request.query.how == 'SOURCE_FILES'`).
    public var keepWhen: TemplateExpression?

    public init(operationId: String) { self.operationId = operationId }

    /// `when` holds → answer `status` with `message` in the API's error shape.
    public struct Guard: Sendable {
        public var when: TemplateExpression
        public var status: Int
        public var message: String
        public var code: String?

        public init(when: TemplateExpression, status: Int, message: String, code: String?) {
            self.when = when
            self.status = status
            self.message = message
            self.code = code
        }
    }

    /// A file answer: one variant, or one chosen by `by` (a template over the item).
    public struct Download: Sendable {
        public var by: Template?
        public var variants: [String: Variant] = [:]
        public var fallback: Variant?
        public var filename: Template?

        public init() {}

        /// `contentType` and the body: `body` (a template) or `file` (relative to the profile's folder, read
        /// when the profile loads).
        public struct Variant: Sendable {
            public var contentType: String
            public var body: Template?
            public var file: [UInt8]?

            public init(contentType: String, body: Template?, file: [UInt8]?) {
                self.contentType = contentType
                self.body = body
                self.file = file
            }
        }
    }
}

/// How a list operation pages, filters and sorts, where the contract cannot say.
public struct ListRule: Sendable {
    public var limitParameter: String?
    public var limitDefault: Int?
    public var limitMaximum: Int?
    /// Past the maximum: clamp to it (default) or answer 400.
    public var rejectOverMaximum = false
    /// Query parameter → the field and operator it filters by.
    public var filters: [String: Filter] = [:]
    /// Only items for which this holds are listed (`item.state == 'finished'`).
    public var only: TemplateExpression?
    /// Applied when none of `defaultFilterUnless` is given (`item.created_at >= now - 30d`).
    public var defaultFilter: TemplateExpression?
    public var defaultFilterUnless: [String] = []
    /// `-created_at`, `name` or `a,-b`: the order when the caller names none.
    public var defaultSort: String?
    /// The query parameter naming the order, and the fields it may name (empty: any).
    public var sortParameter: String?
    public var sortable: [String] = []
    /// List every scope's items (an organisation-wide view of per-application items).
    public var acrossScopes = false

    public init() {}

    public struct Filter: Sendable, Hashable {
        public var field: String
        public var op: Operator

        public init(field: String, op: Operator) {
            self.field = field
            self.op = op
        }
    }

    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case eq, ne, gt, gte, lt, lte, `in`, contains
    }
}

/// How principals log in: the operation, where its user and password come from, what it issues.
public struct SessionRule: Sendable {
    public var operationId: String
    public var username: Template
    public var password: Template
    /// The security scheme the issued credential satisfies afterwards.
    public var scheme: String
    /// `token` (opaque), `jwt` or `cookie` (a Set-Cookie for the scheme's cookie).
    public var issues: Issued
    /// How long the credential lives (seconds; default one hour).
    public var lifetime: Double

    public enum Issued: String, Sendable, Hashable {
        case token, jwt, cookie
    }

    public init(
        operationId: String, username: Template, password: Template, scheme: String, issues: Issued, lifetime: Double
    ) {
        self.operationId = operationId
        self.username = username
        self.password = password
        self.scheme = scheme
        self.issues = issues
        self.lifetime = lifetime
    }
}
