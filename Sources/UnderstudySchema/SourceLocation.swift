/// A 1-based line and column in a source document. `line == 0` means "unknown".
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number; 0 when unknown.
    public var line: Int32
    /// 1-based column number; 0 when unknown.
    public var column: Int32

    /// Creates a location from 1-based line and column numbers.
    public init(line: Int, column: Int) {
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    /// A location that carries no position.
    public static let unknown = SourceLocation(line: 0, column: 0)

    /// Whether this location names a real position.
    public var isKnown: Bool { line > 0 }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
