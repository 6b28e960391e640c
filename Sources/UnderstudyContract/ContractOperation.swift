import UnderstudySchema

/// One HTTP operation of a contract, with path-level parameters merged in and references resolved.
public struct ContractOperation: Sendable, Hashable {
    /// Upper-case HTTP method.
    public var method: String { didSet { displayName = Self.displayName(operationId, method, path) } }
    /// The path template as written, e.g. `/pets/{petId}`.
    public var path: String { didSet { displayName = Self.displayName(operationId, method, path) } }
    public var operationId: String? { didSet { displayName = Self.displayName(operationId, method, path) } }
    /// `operationId`, or `METHOD /path` when there is none. Stored, not worked out on each use: the mock
    /// names the operation in cache keys and journal entries several times per request.
    public private(set) var displayName: String
    public var summary: String?
    public var tags: [String]
    public var deprecated: Bool
    public var parameters: [Parameter]
    public var requestBody: RequestBody?
    /// Declared responses, in document order.
    public var responses: [Response]
    /// Security alternatives; nil means none declared at either level (anonymous).
    public var security: [SecurityRequirement]
    /// Where the operation is defined.
    public var documentURI: String
    public var pointer: JSONPointer

    public init(
        method: String, path: String, operationId: String?, summary: String?, tags: [String], deprecated: Bool,
        parameters: [Parameter], requestBody: RequestBody?, responses: [Response], security: [SecurityRequirement],
        documentURI: String, pointer: JSONPointer
    ) {
        self.method = method
        self.path = path
        self.operationId = operationId
        self.summary = summary
        self.tags = tags
        self.deprecated = deprecated
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.security = security
        self.documentURI = documentURI
        self.pointer = pointer
        displayName = Self.displayName(operationId, method, path)
    }

    private static func displayName(_ operationId: String?, _ method: String, _ path: String) -> String {
        operationId ?? method + " " + path
    }

    /// The response declared for `code`: exact first, then a range such as `4XX`, then `default`.
    public func response(for code: Int) -> Response? {
        responses.first { $0.code == code }
            ?? responses.first { $0.status != "default" && $0.code == nil && $0.covers(code) }
            ?? responses.first { $0.status == "default" }
    }

    /// The parameters in one location.
    public func parameters(in location: ParameterLocation) -> [Parameter] {
        parameters.filter { $0.location == location }
    }
}
