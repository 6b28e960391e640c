import Foundation

/// A compiled ECMA-262-style regular expression (as JSON Schema `pattern` uses), backed by ICU.
public struct SchemaRegex: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as safe to use from several threads.
    private let expression: NSRegularExpression

    init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: SchemaRegex.translate(pattern), options: []) else {
            return nil
        }
        self.expression = expression
    }

    /// Whether the pattern matches anywhere in `string` (patterns are not anchored).
    public func matches(_ string: String) -> Bool {
        let range = NSRange(string.startIndex..<string.endIndex, in: string)
        return expression.firstMatch(in: string, options: [], range: range) != nil
    }

    /// Rewrites ECMA-262 constructs that ICU reads differently: `\d`, `\w`, `\s` and their negations are
    /// ASCII-only in ECMA-262 (`\s` also covers a few Unicode spaces, which ICU's already does).
    static func translate(_ pattern: String) -> String {
        let pattern = stripLiteralDelimiters(pattern)
        guard pattern.contains("\\") else { return pattern }
        var output = ""
        var iterator = pattern.makeIterator()
        var inClass = false
        while let character = iterator.next() {
            if character == "\\", let next = iterator.next() {
                switch next {
                case "d": output += inClass ? "0-9" : "[0-9]"
                case "D": output += inClass ? "\\D" : "[^0-9]"
                case "w": output += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": output += inClass ? "\\W" : "[^a-zA-Z0-9_]"
                default: output += "\\" + String(next)
                }
                continue
            }
            if character == "[" { inClass = true }
            if character == "]" { inClass = false }
            output.append(character)
        }
        return output
    }
}

extension SchemaRegex {
    /// Real specs sometimes write patterns as JavaScript literals (`/^[a-z]+$/`), which as written can never
    /// match what their authors meant. The delimiters are dropped (a documented leniency).
    static func stripLiteralDelimiters(_ pattern: String) -> String {
        guard pattern.count > 2, pattern.hasPrefix("/"), pattern.hasSuffix("/") else { return pattern }
        let inner = pattern.dropFirst().dropLast()
        guard inner.first == "^" || inner.last == "$" else { return pattern }
        return String(inner)
    }
}

/// Compiled regular expressions by pattern, shared by all validations.
public final class RegexCache: @unchecked Sendable {
    /// The process-wide cache.
    public static let shared = RegexCache()

    private let lock = NSLock()
    private var compiled: [String: SchemaRegex?] = [:]

    /// The compiled form of `pattern`, or nil when it is not a valid regular expression.
    public func regex(_ pattern: String) -> SchemaRegex? {
        lock.lock()
        if let cached = compiled[pattern] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let regex = SchemaRegex(pattern)
        lock.lock()
        if compiled.count > 10_000 { compiled.removeAll() }
        compiled[pattern] = regex
        lock.unlock()
        return regex
    }
}
