/// One alternative of an operation's `security`: every scheme in it must be satisfied together.
/// An empty requirement means anonymous access is allowed.
public struct SecurityRequirement: Sendable, Hashable {
    /// Scheme names and the scopes each requires.
    public var schemes: [(name: String, scopes: [String])]

    public init(schemes: [(name: String, scopes: [String])]) { self.schemes = schemes }

    public static func == (lhs: SecurityRequirement, rhs: SecurityRequirement) -> Bool {
        lhs.schemes.map(\.name) == rhs.schemes.map(\.name) && lhs.schemes.map(\.scopes) == rhs.schemes.map(\.scopes)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(schemes.map(\.name)) }

    /// Whether this alternative needs no credentials.
    public var isAnonymous: Bool { schemes.isEmpty }
}
