/// A cheap, persistent path used while descending through schemas and instances: appending allocates one
/// node and never copies; the full pointer is built only when an error needs it.
final class PathChain: Sendable {
    let parent: PathChain?
    let token: String

    init(parent: PathChain?, token: String) {
        self.parent = parent
        self.token = token
    }

    static func from(_ pointer: JSONPointer) -> PathChain? {
        var chain: PathChain? = nil
        for token in pointer.tokens { chain = PathChain(parent: chain, token: token) }
        return chain
    }
}

extension Optional where Wrapped == PathChain {
    func appending(_ token: String) -> PathChain { PathChain(parent: self, token: token) }
    func appending(_ index: Int) -> PathChain { PathChain(parent: self, token: String(index)) }

    var pointer: JSONPointer {
        var tokens: [String] = []
        var node = self
        while let current = node {
            tokens.append(current.token)
            node = current.parent
        }
        return JSONPointer(tokens: tokens.reversed())
    }

    var key: String {
        var parts: [String] = []
        var node = self
        while let current = node {
            parts.append(current.token)
            node = current.parent
        }
        return parts.reversed().joined(separator: "/")
    }
}

extension PathChain {
    func appending(_ token: String) -> PathChain { PathChain(parent: self, token: token) }
    var pointer: JSONPointer { Optional(self).pointer }
}
