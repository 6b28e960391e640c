import UnderstudySchema

/// An Arazzo runtime expression (`$statusCode`, `$response.body#/0/id`, `$steps.login.outputs.token`, ...),
/// parsed once. The grammar is the specification's: `$url`, `$method`, `$statusCode`,
/// `$request.(header.NAME|query.NAME|path.NAME|body[#POINTER])`, the same for `$response` (no query or path),
/// `$inputs.NAME`, `$outputs.NAME`, `$steps.ID.FIELD...`, `$workflows.ID.FIELD...`,
/// `$sourceDescriptions.NAME.FIELD`, `$components.KIND.NAME`; a name may be followed by `#/pointer` into its
/// value.
public struct RuntimeExpression: Sendable, Hashable, CustomStringConvertible {
    /// What an expression reads.
    public enum Source: Sendable, Hashable {
        case url, method, statusCode
        case requestHeader(String), requestQuery(String), requestPath(String), requestBody
        case responseHeader(String), responseBody
        /// `$inputs`, `$outputs`, `$steps`, `$workflows`, `$sourceDescriptions`, `$components` with the names
        /// that follow (split at dots).
        case named(String, [String])
    }

    public let text: String
    public let source: Source
    /// The JSON Pointer after `#`, if any.
    public let pointer: JSONPointer?

    /// Why an expression does not parse.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static let roots = ["inputs", "outputs", "steps", "workflows", "sourceDescriptions", "components"]

    public init(_ text: String) throws(ParseError) {
        self.text = text
        var body = Substring(text)
        var pointer: JSONPointer? = nil
        if let hash = body.firstIndex(of: "#") {
            let fragment = String(body[body.index(after: hash)...])
            guard let parsed = JSONPointer(fragment: fragment) else {
                throw ParseError(description: "'\(text)': '#\(fragment)' is not a JSON Pointer (write #/a/0/b)")
            }
            pointer = parsed
            body = body[..<hash]
        }
        self.pointer = pointer
        guard body.hasPrefix("$") else {
            throw ParseError(description: "'\(text)' is not a runtime expression: it starts with '$'")
        }
        let parts = body.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func rest(_ from: Int) -> String { parts[from...].joined(separator: ".") }
        switch parts.first ?? "" {
        case "url" where parts.count == 1: source = .url
        case "method" where parts.count == 1: source = .method
        case "statusCode" where parts.count == 1: source = .statusCode
        case "request", "response":
            let isRequest = parts[0] == "request"
            guard parts.count >= 2 else {
                throw ParseError(
                    description: "'\(text)': say which part of the \(parts[0]): header, query, path or body")
            }
            switch parts[1] {
            case "body" where parts.count == 2:
                source = isRequest ? .requestBody : .responseBody
            case "header" where parts.count >= 3 && !rest(2).isEmpty:
                source = isRequest ? .requestHeader(rest(2)) : .responseHeader(rest(2))
            case "query" where isRequest && parts.count >= 3 && !rest(2).isEmpty:
                source = .requestQuery(rest(2))
            case "path" where isRequest && parts.count >= 3 && !rest(2).isEmpty:
                source = .requestPath(rest(2))
            default:
                throw ParseError(
                    description: "'\(text)': after $\(parts[0]) comes "
                        + (isRequest ? "header.NAME, query.NAME, path.NAME or body" : "header.NAME or body"))
            }
        case let root where Self.roots.contains(root):
            let names = Array(parts.dropFirst())
            guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
                throw ParseError(description: "'\(text)': $\(root) must be followed by .NAME")
            }
            source = .named(root, names)
        default:
            let known = ["url", "method", "statusCode", "request", "response"] + Self.roots
            throw ParseError(
                description: "'\(text)' is not a runtime expression"
                    + (Suggestion.hint(for: parts.first ?? "", in: known).map { " (\($0))" } ?? "")
                    + "; expressions start with $url, $method, $statusCode, $request, $response, $inputs, $outputs,"
                    + " $steps, $workflows, $sourceDescriptions or $components")
        }
        if pointer != nil, !Self.takesPointer(source) {
            throw ParseError(description: "'\(text)': only a body, inputs or outputs take a #/pointer")
        }
    }

    public var description: String { text }

    /// Whether `#/pointer` may follow this source (a body, inputs, outputs), not a status or a header.
    static func takesPointer(_ source: Source) -> Bool {
        switch source {
        case .requestBody, .responseBody, .named: return true
        default: return false
        }
    }

    /// The runtime expressions inside a string written with `{$...}` (and the literal text between them), or
    /// nil when the string embeds none.
    public static func template(_ text: String) throws(ParseError) -> [TemplatePart]? {
        guard text.contains("{$") else { return nil }
        var parts: [TemplatePart] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{$") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw ParseError(description: "'\(text)': '{$' without a closing '}'")
            }
            parts.append(.expression(try RuntimeExpression(String(rest[rest.index(after: open.lowerBound)..<close]))))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return parts
    }

    /// A piece of a string with embedded expressions.
    public enum TemplatePart: Sendable, Hashable {
        case literal(String)
        case expression(RuntimeExpression)
    }
}
