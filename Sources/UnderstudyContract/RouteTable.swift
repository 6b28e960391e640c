/// Finds the operation for a method and path: one trie over all path templates of a contract (not one route
/// per path). Literal segments win over templates; among templates the one with more literal text wins; a
/// segment may hold several captures (`{name}.{ext}`). As OpenAPI says, a URL belongs to the most specific
/// path it matches (`/videos/categories` before `/videos/{id}`), whatever the method: a method that path does
/// not declare gives 405 with the methods it does (`Allow`), not another path's operation. Paths of the same
/// shape that differ only in their parameter names (`/docs/{docId}`, `/docs/{inboxId}`) count as one.
public struct RouteTable: Sendable {
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var templates: [(pattern: SegmentPattern, child: Int)] = []
        var methods: [String: (operation: Int, template: String)] = [:]
        /// The path template with parameter names left out (`/docs/{}`), for telling equally specific
        /// candidates from less specific ones.
        var shape = ""
    }

    private var nodes: [Node] = [Node()]

    /// Builds the table from operations (their index in the array is what a match returns).
    public init(operations: [ContractOperation]) {
        for (index, operation) in operations.enumerated() {
            insert(template: operation.path, method: operation.method, operation: index)
        }
        for position in nodes.indices {
            nodes[position].templates.sort { $0.pattern.specificity > $1.pattern.specificity }
        }
    }

    private mutating func insert(template: String, method: String, operation: Int) {
        var current = 0
        for segment in Self.segments(of: template) {
            let pattern = SegmentPattern(segment)
            if let literal = pattern.literalValue {
                if let next = nodes[current].literals[literal] {
                    current = next
                } else {
                    nodes.append(Node())
                    nodes[current].literals[literal] = nodes.count - 1
                    current = nodes.count - 1
                }
            } else if let existing = nodes[current].templates.first(where: { $0.pattern == pattern }) {
                current = existing.child
            } else {
                nodes.append(Node())
                nodes[current].templates.append((pattern, nodes.count - 1))
                current = nodes.count - 1
            }
        }
        if nodes[current].methods[method] == nil { nodes[current].methods[method] = (operation, template) }
        nodes[current].shape = Self.segments(of: template).map { SegmentPattern($0).shape }.joined(separator: "/")
    }

    static func segments(of path: String) -> [Substring] {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        if trimmed.isEmpty { return [] }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// Looks up `path` (the raw, still percent-encoded path without query) for `method`.
    public func match(method: String, path: String) -> RouteMatch {
        let raw = Self.segments(of: path)
        var decoded: [String] = []
        for segment in raw {
            guard let value = String(segment).percentDecoded() else { return .notFound }
            decoded.append(value)
        }
        var candidates = find(decoded)
        // A path the contract writes with a trailing slash (`/artifacts/`) is that path, with its own methods.
        let exact = !candidates.isEmpty
        if candidates.isEmpty, decoded.last == "" {
            candidates = find(Array(decoded.dropLast()))
        } else if candidates.isEmpty, !decoded.isEmpty {
            candidates = find(decoded + [""])
        }
        guard !candidates.isEmpty else { return .notFound }
        // The URL belongs to its most specific path; templates that differ only in their parameter names
        // (`/docs/{docId}` and `/docs/{inboxId}`) are all that path.
        let shape = nodes[candidates[0].0].shape
        candidates = candidates.filter { nodes[$0.0].shape == shape }
        let upper = method.uppercased()
        if let found = operation(for: upper, in: candidates) { return found }
        // `/things/` for a method only `/things/{id}` has: the id is empty (the operation's validation decides
        // whether that is allowed), rather than 405 from `/things`.
        if !exact, decoded.last == "", let found = operation(for: upper, in: find(decoded, allowingEmpty: true)) {
            return found
        }
        var allowed = Set(candidates.flatMap { nodes[$0.0].methods.keys })
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    private func operation(for method: String, in candidates: [(Int, [(String, String)])]) -> RouteMatch? {
        for wanted in method == "HEAD" ? ["HEAD", "GET"] : [method] {
            for (node, captures) in candidates {
                if let entry = nodes[node].methods[wanted] {
                    return .operation(
                        index: entry.operation, template: entry.template,
                        pathParameters: Dictionary(captures, uniquingKeysWith: { first, _ in first }))
                }
            }
        }
        return nil
    }

    /// Every node matching the segments, most specific first (literal children before templates, templates
    /// by specificity), with their captures. With `allowingEmpty`, a whole-segment template also matches an
    /// empty segment.
    private func find(_ segments: [String], allowingEmpty: Bool = false) -> [(Int, [(String, String)])] {
        var captures: [(String, String)] = []
        var results: [(Int, [(String, String)])] = []
        find(segments[...], from: 0, allowingEmpty: allowingEmpty, &captures, into: &results)
        return results
    }

    private func find(
        _ segments: ArraySlice<String>, from node: Int, allowingEmpty: Bool, _ captures: inout [(String, String)],
        into results: inout [(Int, [(String, String)])]
    ) {
        guard results.count < 16 else { return }
        guard let segment = segments.first else {
            if !nodes[node].methods.isEmpty { results.append((node, captures)) }
            return
        }
        if let next = nodes[node].literals[segment] {
            find(segments.dropFirst(), from: next, allowingEmpty: allowingEmpty, &captures, into: &results)
        }
        for (pattern, child) in nodes[node].templates {
            var matched = pattern.match(segment)
            if matched == nil, allowingEmpty, segment.isEmpty, let name = pattern.wholeSegmentCapture {
                matched = [(name, "")]
            }
            guard let matched else { continue }
            let mark = captures.count
            captures += matched
            find(segments.dropFirst(), from: child, allowingEmpty: allowingEmpty, &captures, into: &results)
            captures.removeSubrange(mark...)
        }
    }
}

extension String {
    /// Percent-decodes the string (not `+`); nil when an escape is malformed or the bytes are not UTF-8.
    public func percentDecoded(plusAsSpace: Bool = false) -> String? {
        var text = self
        return text.withUTF8 { bytes in
            // Nothing to decode: the string itself, not a copy.
            Self.hasEscapes(bytes, plusAsSpace: plusAsSpace)
                ? Self.decodingEscapes(bytes, plusAsSpace: plusAsSpace) : self
        }
    }

    /// `bytes` percent-decoded (`+` as a space when `plusAsSpace`); nil when an escape is malformed or the
    /// decoded bytes are not UTF-8. Bytes with nothing to decode are taken as they are: callers hand in bytes
    /// of a `String` cut at ASCII bytes, which are UTF-8.
    static func percentDecoded(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> String? {
        guard hasEscapes(bytes, plusAsSpace: plusAsSpace) else { return String(decoding: bytes, as: UTF8.self) }
        return decodingEscapes(bytes, plusAsSpace: plusAsSpace)
    }

    /// `bytes` with every escape decoded; nil for a malformed escape or decoded bytes that are not UTF-8.
    private static func decodingEscapes(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(plusAsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    /// Whether `bytes` hold a `%` (or a `+`, when it stands for a space).
    private static func hasEscapes(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
