/// A variable reference in a template: a name, then `.member` and `[index]` steps (`silence.matchers[0].name`).
public struct VariablePath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    public let name: String
    let steps: [Step]
    public let description: String

    struct Malformed: Error {}

    init(_ text: String) throws(Malformed) {
        description = text
        let isNameCharacter: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        var rest = Substring(text)
        let head = rest.prefix(while: isNameCharacter)
        guard !head.isEmpty, !(head.first?.isNumber ?? true) else { throw Malformed() }
        name = String(head)
        rest = rest.dropFirst(head.count)
        var steps: [Step] = []
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let member = rest.prefix(while: isNameCharacter)
                guard !member.isEmpty else { throw Malformed() }
                steps.append(.member(String(member)))
                rest = rest.dropFirst(member.count)
            } else if first == "[" {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close])
                else { throw Malformed() }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                throw Malformed()
            }
        }
        self.steps = steps
    }
}
