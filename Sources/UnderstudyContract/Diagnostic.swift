import UnderstudySchema

/// A problem found in a document: what is wrong, where, and, where possible, how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is. Errors stop loading; warnings do not.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    /// What is wrong, as one sentence.
    public var message: String
    /// The file the problem is in (a path as the user gave it, or a URI).
    public var file: String
    /// Where in the file.
    public var location: SourceLocation
    /// How to fix it, when we can say.
    public var hint: String?
    /// The name of the lint rule that found it (see ``LintRule``), when one did.
    public var rule: String?
    /// Where in the document, as a JSON Pointer, when known.
    public var pointer: JSONPointer?

    public init(_ severity: Severity, _ message: String, file: String, at location: SourceLocation, hint: String? = nil)
    {
        self.severity = severity
        self.message = message
        self.file = file
        self.location = location
        self.hint = hint
    }

    public static func error(
        _ message: String, file: String, at location: SourceLocation, hint: String? = nil
    )
        -> Diagnostic
    {
        Diagnostic(.error, message, file: file, at: location, hint: hint)
    }

    public static func warning(
        _ message: String, file: String, at location: SourceLocation, hint: String? = nil
    )
        -> Diagnostic
    {
        Diagnostic(.warning, message, file: file, at: location, hint: hint)
    }

    /// `file:line:column: severity: message`, as compilers print, with the hint on a second line.
    public var description: String {
        let position = location.isKnown ? "\(file):\(location.line):\(location.column)" : file
        var text = "\(position): \(severity.rawValue): \(message)"
        if let rule { text += " [\(rule)]" }
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

extension Diagnostic {
    /// This diagnostic, marked as found by `rule` (and placed at `pointer` when given).
    public func found(by rule: LintRule, pointer: JSONPointer? = nil) -> Diagnostic {
        var copy = self
        copy.rule = rule.rawValue
        if let pointer { copy.pointer = pointer }
        return copy
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
    /// The errors only.
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    /// The warnings only.
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}
