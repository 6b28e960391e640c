/// A server the contract names, with variables substituted by their defaults.
public struct Server: Sendable, Hashable {
    /// The URL with variables replaced by their defaults.
    public var url: String
    public var description: String?

    public init(url: String, description: String? = nil) {
        self.url = url
        self.description = description
    }

    /// The path part of the URL (`/v1` of `https://api.example.com/v1/`), without a trailing slash; `""`
    /// for the root.
    public var basePath: String {
        var rest = Substring(url)
        let authorityStart =
            rest.range(of: "://")?.upperBound ?? (rest.hasPrefix("//") ? rest.index(rest.startIndex, offsetBy: 2) : nil)
        if let authorityStart {
            rest = rest[authorityStart...]
            if let slash = rest.firstIndex(of: "/") {
                rest = rest[slash...]
            } else {
                return ""
            }
        }
        var path = String(rest)
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        while path.hasSuffix("/") { path.removeLast() }
        if !path.isEmpty, !path.hasPrefix("/") { path = "/" + path }
        return path
    }
}
