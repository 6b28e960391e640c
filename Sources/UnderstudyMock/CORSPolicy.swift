/// Which web pages on other origins may call the mock from a browser (CORS). `serve --cors` sets it for every
/// contract; a profile's `cors:` sets it for its own contract when the flag is not given; the default is
/// ``any``, as a frontend team's dev server (`http://localhost:5173`) is always another origin.
public enum CORSPolicy: Sendable, Equatable {
    /// No CORS headers, no preflight handling: an `OPTIONS` request is an ordinary request to the API.
    case off
    /// Every origin.
    case any
    /// These origins only (`https://app.example.com`); `*` in one stands for any run of characters other
    /// than `/` (`http://localhost:*`, `https://*.example.com`).
    case origins([String])

    /// Reads `off`, `any` (or `*`), or a comma-separated list of origins; nil with the reason otherwise.
    public static func parse(_ text: String) -> (policy: CORSPolicy?, problem: String?) {
        let trimmed = text.trimmingSpaces
        switch trimmed.lowercased() {
        case "off", "none", "false": return (.off, nil)
        case "any", "*", "on", "true": return (.any, nil)
        default: break
        }
        let origins = trimmed.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        if origins.isEmpty { return (nil, "name off, any, or origins such as http://localhost:5173") }
        for origin in origins {
            if let problem = Self.problem(origin: origin) { return (nil, problem) }
        }
        return (.origins(origins), nil)
    }

    /// Why `origin` is not an origin a policy can list (`scheme://host[:port]`, no path), or nil.
    public static func problem(origin: String) -> String? {
        guard let separator = origin.range(of: "://") else {
            return "'\(origin)' is not an origin: write scheme://host[:port], like http://localhost:5173"
        }
        let scheme = origin[..<separator.lowerBound]
        let rest = origin[separator.upperBound...]
        if scheme.isEmpty || !scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
            return "'\(origin)' is not an origin: its scheme is not one"
        }
        if rest.isEmpty { return "'\(origin)' is not an origin: it names no host" }
        if rest.contains("/") || rest.contains("?") || rest.contains("#") {
            return "'\(origin)' is not an origin: an origin has no path, query or fragment (a browser sends none)"
        }
        return nil
    }

    /// Whether a page at `origin` (the request's `Origin` header) may read the mock's answers.
    public func allows(origin: String) -> Bool {
        switch self {
        case .off: return false
        case .any: return true
        case .origins(let origins):
            return origins.contains { Self.glob($0, matches: origin) }
        }
    }

    /// `pattern` with `*` standing for any run of characters other than `/`; letters compare without case
    /// (scheme and host are case-insensitive).
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let pattern = Array(pattern.lowercased().utf8)
        let text = Array(text.lowercased().utf8)
        // Iterative matching with one backtrack point: linear in practice, never recursive.
        var (p, t) = (0, 0)
        var star: (pattern: Int, text: Int)? = nil
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = (p, t)
                p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let last = star, text[last.text] != UInt8(ascii: "/") {
                star = (last.pattern, last.text + 1)
                p = last.pattern + 1
                t = last.text + 1
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
