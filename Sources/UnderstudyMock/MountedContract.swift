/// A contract's engine and the path prefix it is served under (`/v1`, or `""` for the root).
public struct MountedContract: Sendable {
    public var prefix: String
    public var engine: MockEngine

    public init(prefix: String, engine: MockEngine) {
        var normalised = prefix
        while normalised.hasSuffix("/") { normalised.removeLast() }
        if !normalised.isEmpty, !normalised.hasPrefix("/") { normalised = "/" + normalised }
        self.prefix = normalised
        self.engine = engine
    }
}
