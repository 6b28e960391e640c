import UnderstudySchema

/// One request with what it must get back and what to remember from it.
public struct Step: Sendable {
    /// How the request names its operation.
    public enum Target: Sendable, Hashable {
        /// By `operationId`.
        case operation(String)
        /// By method and a path: a contract path template (`/pets/{id}`, filled from `path:`) or a concrete one.
        case request(method: String, path: String)
    }

    /// The request body, as written.
    public enum Body: Sendable {
        case none
        case json(JSONValue)
        case form(JSONObject)
        /// Parts by name: a value, or `{file, contentType, filename}` for a file part.
        case multipart(JSONObject)
        /// Raw text with an optional content type.
        case raw(JSONValue, contentType: String?)
    }

    public var name: String
    public var target: Target
    public var pathParameters: JSONObject
    public var query: JSONObject
    public var headers: JSONObject
    /// A credential name, `none` for no credentials, or nil for the suite's default.
    public var auth: String?
    public var body: Body
    public var expectation: Expectation
    /// Variable name → what to capture.
    public var captures: [(name: String, source: CaptureSource)]
    /// Rows of variables: the step runs once per row.
    public var table: [JSONObject]
    /// `generate: true`: path, query and header parameters the operation requires and the step leaves out,
    /// and the body when the step gives none, are generated from the contract's schemas.
    public var generate = false
    /// `repeat:` a count (or a template giving one): the step runs that many times, `iteration` 1, 2, 3 …
    public var repetitions: JSONValue?
    /// Repeat until the expectations hold, or fail after `timeout` seconds.
    public var poll: Poll?
    /// Where the step is written (`file:line`).
    public var location: String

    public init(
        name: String, target: Target, pathParameters: JSONObject = JSONObject(), query: JSONObject = JSONObject(),
        headers: JSONObject = JSONObject(), auth: String? = nil, body: Body = .none,
        expectation: Expectation = Expectation(), captures: [(name: String, source: CaptureSource)] = [],
        table: [JSONObject] = [], poll: Poll? = nil, location: String
    ) {
        self.name = name
        self.target = target
        self.pathParameters = pathParameters
        self.query = query
        self.headers = headers
        self.auth = auth
        self.body = body
        self.expectation = expectation
        self.captures = captures
        self.table = table
        self.repetitions = nil
        self.poll = poll
        self.location = location
    }
}

/// Retrying a step until its expectations hold (for asynchronous APIs).
public struct Poll: Sendable, Hashable {
    public var timeout: Double
    public var interval: Double

    public init(timeout: Double, interval: Double) {
        self.timeout = timeout
        self.interval = interval
    }
}
