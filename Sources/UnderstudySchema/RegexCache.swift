import Foundation
import _FoundationICU

/// A compiled ECMA-262-style regular expression (as JSON Schema `pattern` uses), backed by ICU.
///
/// A match is bounded: a pattern that backtracks catastrophically on a value (`^(a|aa)+$` against 40 `a`s
/// and a `!` takes minutes) gives up after about a fifth of a second, so a request cannot hold a server
/// thread with it.
public struct SchemaRegex: @unchecked Sendable {
    /// What matching a value found.
    public enum Outcome: Sendable, Equatable {
        case match
        case noMatch
        /// The match gave up at the time limit: the value was neither accepted nor refused.
        case timedOut
    }

    /// ICU's limit on one match, in its steps of the match engine (about a millisecond each here).
    static let timeLimit: Int32 = 1_000

    /// The pattern compiled once; each match works on a clone (ICU's matcher keeps its text and position).
    private let compiled: CompiledPattern

    init?(_ pattern: String) {
        let translated = SchemaRegex.translate(pattern)
        // NSRegularExpression decides which patterns are valid, as it did before matches were bounded.
        guard (try? NSRegularExpression(pattern: translated, options: [])) != nil,
            let compiled = CompiledPattern(translated)
        else { return nil }
        self.compiled = compiled
    }

    /// A pattern in ICU's own syntax, used as written (a suite's `matches:`); nil when it is not valid.
    public init?(icu pattern: String) {
        guard (try? NSRegularExpression(pattern: pattern, options: [])) != nil,
            let compiled = CompiledPattern(pattern)
        else { return nil }
        self.compiled = compiled
    }

    /// Whether the pattern matches anywhere in `string` (patterns are not anchored); a match that timed out
    /// is not one.
    public func matches(_ string: String) -> Bool { match(string) == .match }

    /// Looks for the pattern anywhere in `string`, within the time limit.
    public func match(_ string: String) -> Outcome { compiled.find(in: string, limit: Self.timeLimit) }
}

/// An ICU regular expression, closed when the last ``SchemaRegex`` holding it goes.
private final class CompiledPattern: @unchecked Sendable {
    // Only ever read after `init`: each match clones it.
    private let expression: OpaquePointer

    init?(_ pattern: String) {
        let units = Array(pattern.utf16)
        guard let length = Int32(exactly: units.count) else { return nil }
        var status = U_ZERO_ERROR
        let opened = units.withUnsafeBufferPointer { buffer in
            swift_uregex_open(buffer.baseAddress, length, 0, nil, &status)
        }
        guard let opened, status.rawValue <= U_ZERO_ERROR.rawValue else {
            if let opened { swift_uregex_close(opened) }
            return nil
        }
        expression = opened
    }

    deinit { swift_uregex_close(expression) }

    func find(in string: String, limit: Int32) -> SchemaRegex.Outcome {
        var status = U_ZERO_ERROR
        guard let matcher = swift_uregex_clone(expression, &status), status.rawValue <= U_ZERO_ERROR.rawValue else {
            return .timedOut
        }
        defer { swift_uregex_close(matcher) }
        swift_uregex_setTimeLimit(matcher, limit, &status)
        var units = Array(string.utf16)
        guard let length = Int32(exactly: units.count) else { return .timedOut }
        // An empty text still needs a pointer to nothing.
        if units.isEmpty { units = [0] }
        return units.withUnsafeBufferPointer { buffer in
            swift_uregex_setText(matcher, buffer.baseAddress, length, &status)
            let found = swift_uregex_find(matcher, 0, &status)
            if status == U_REGEX_TIME_OUT { return .timedOut }
            return found != 0 && status.rawValue <= U_ZERO_ERROR.rawValue ? .match : .noMatch
        }
    }
}

extension SchemaRegex {
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
