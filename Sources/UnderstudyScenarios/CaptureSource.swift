/// Where a captured variable's value comes from.
public enum CaptureSource: Sendable, Hashable, CustomStringConvertible {
    /// A JSON path into the response body (`$.id`).
    case body(JSONPath)
    /// A response header (`header:ETag`).
    case header(String)
    /// The status code (`status`).
    case status

    public var description: String {
        switch self {
        case .body(let path): return path.text
        case .header(let name): return "header:\(name)"
        case .status: return "status"
        }
    }
}
