import Foundation

/// Produces strings matching the common subset of regular expressions found in API schemas: literals,
/// classes (`[a-z0-9_-]`, `\d`, `\w`, `\s`, `.`), groups with alternation, and the quantifiers `?`, `*`, `+`,
/// `{n}`, `{n,}`, `{n,m}`; anchors are accepted. Returns nil for constructs outside that subset (the caller
/// then tries other sources and checks the result).
struct RegexSampler {
    private indirect enum Node {
        case literal(Character)
        case characterClass([ClosedRange<UInt32>], negated: Bool)
        case group([[Node]])
        case repeated(Node, min: Int, max: Int)
    }

    private var characters: [Character]
    private var position = 0
    private var stretch = 0
    /// How deep groups nest at the position being parsed.
    private var depth = 0

    /// The most characters a sample holds, and the largest count a quantifier may ask for: a contract's
    /// `a{1000000000}` or `((a{999}){999}){999}` gives a long sample, not an exhausted memory.
    static let maximumLength = 65_536
    static let maximumCount = 1_000
    /// Groups nested deeper than this are not sampled (nil), so a hostile pattern cannot exhaust the stack.
    static let maximumDepth = 64

    /// A string matching `pattern`; open-ended repetitions (`*`, `+`, `{n,}`) stretch towards `minimumLength`.
    static func sample(_ pattern: String, minimumLength: Int = 0, using random: inout SeededRandom) -> String? {
        var sampler = RegexSampler(characters: Array(SchemaRegex.stripLiteralDelimiters(pattern)))
        sampler.stretch = min(max(0, minimumLength), maximumLength)
        guard let alternatives = sampler.parseAlternatives(), sampler.position == sampler.characters.count else {
            return nil
        }
        var output = ""
        var budget = maximumLength
        generate(.group(alternatives), into: &output, budget: &budget, using: &random)
        return output
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func parseAlternatives() -> [[Node]]? {
        var alternatives: [[Node]] = [[]]
        while position < characters.count {
            let character = characters[position]
            if character == ")" { break }
            if character == "|" {
                position += 1
                alternatives.append([])
                continue
            }
            guard let atom = parseAtom() else { return nil }
            if let atom { alternatives[alternatives.count - 1].append(parseQuantifier(atom)) }
        }
        return alternatives
    }

    /// Parses one atom; `.some(nil)` for an anchor (consumed, nothing generated), nil on unsupported syntax.
    private mutating func parseAtom() -> Node?? {
        let character = characters[position]
        position += 1
        switch character {
        case "^", "$":
            return .some(nil)
        case "(":
            guard depth < Self.maximumDepth else { return nil }
            depth += 1
            defer { depth -= 1 }
            if position + 1 < characters.count, characters[position] == "?" {
                guard characters[position + 1] == ":" else { return nil }
                position += 2
            }
            guard let alternatives = parseAlternatives(), position < characters.count, characters[position] == ")"
            else { return nil }
            position += 1
            return .some(.group(alternatives))
        case "[":
            return parseClass().map { .some($0) } ?? nil
        case ".":
            return .some(.characterClass([0x61...0x7A, 0x30...0x39], negated: false))
        case "\\":
            guard position < characters.count else { return nil }
            let escaped = characters[position]
            position += 1
            if let ranges = Self.escapeClass(escaped) { return .some(.characterClass(ranges, negated: false)) }
            if "bB".contains(escaped) { return .some(nil) }
            if escaped.isLetter || escaped.isNumber { return nil }
            return .some(.literal(escaped))
        case "*", "+", "?", "{", ")":
            return nil
        default:
            return .some(.literal(character))
        }
    }

    private static func escapeClass(_ character: Character) -> [ClosedRange<UInt32>]? {
        switch character {
        case "d": return [0x30...0x39]
        case "w": return [0x61...0x7A, 0x41...0x5A, 0x30...0x39, 0x5F...0x5F]
        case "s": return [0x20...0x20]
        case "D", "W", "S": return [0x2D...0x2D]
        default: return nil
        }
    }

    private mutating func parseClass() -> Node? {
        var negated = false
        if position < characters.count, characters[position] == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while position < characters.count, characters[position] != "]" || first {
            first = false
            var lower: UInt32
            if characters[position] == "\\" {
                guard position + 1 < characters.count else { return nil }
                let escaped = characters[position + 1]
                position += 2
                if let classRanges = Self.escapeClass(escaped) {
                    ranges += classRanges
                    continue
                }
                guard let scalar = escaped.unicodeScalars.first else { return nil }
                lower = scalar.value
            } else {
                guard let scalar = characters[position].unicodeScalars.first else { return nil }
                lower = scalar.value
                position += 1
            }
            if position + 1 < characters.count, characters[position] == "-", characters[position + 1] != "]" {
                var upperCharacter = characters[position + 1]
                position += 2
                if upperCharacter == "\\", position < characters.count {
                    upperCharacter = characters[position]
                    position += 1
                }
                guard let upper = upperCharacter.unicodeScalars.first?.value, upper >= lower else { return nil }
                ranges.append(lower...upper)
            } else {
                ranges.append(lower...lower)
            }
        }
        guard position < characters.count else { return nil }
        position += 1
        return .characterClass(ranges, negated: negated)
    }

    private mutating func parseQuantifier(_ atom: Node) -> Node {
        guard position < characters.count else { return atom }
        var node: Node
        switch characters[position] {
        case "?":
            position += 1
            node = .repeated(atom, min: 0, max: 1)
        case "*":
            position += 1
            node = .repeated(atom, min: max(0, stretch), max: max(3, stretch))
        case "+":
            position += 1
            node = .repeated(atom, min: max(1, stretch), max: max(4, stretch))
        case "{":
            let start = position
            position += 1
            var text = ""
            while position < characters.count, characters[position] != "}" {
                text.append(characters[position])
                position += 1
            }
            guard position < characters.count else {
                position = start
                return atom
            }
            position += 1
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard let given = Int(parts[0].trimmingCharacters(in: .whitespaces)), given >= 0 else {
                position = start
                return atom
            }
            let minimum = min(given, Self.maximumCount)
            let openEnded = parts.count > 1 && parts[1].trimmingCharacters(in: .whitespaces).isEmpty
            let maximum =
                parts.count == 1
                ? minimum
                : min(
                    Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? max(minimum + 3, stretch), Self.maximumCount)
            if openEnded, stretch > minimum {
                node = .repeated(atom, min: stretch, max: stretch)
                break
            }
            node = .repeated(atom, min: minimum, max: max(minimum, maximum))
        default:
            return atom
        }
        if position < characters.count, characters[position] == "?" || characters[position] == "+" { position += 1 }
        return node
    }

    private static func generate(
        _ node: Node, into output: inout String, budget: inout Int, using random: inout SeededRandom
    ) {
        guard budget > 0 else { return }
        switch node {
        case .literal(let character):
            output.append(character)
            budget -= 1
        case .characterClass(let ranges, let negated):
            if negated {
                let candidates: [UInt32] = Array(0x61...0x7A) + Array(0x30...0x39)
                let allowed = candidates.filter { value in !ranges.contains { $0.contains(value) } }
                if let pick = allowed.randomElement(using: &random), let scalar = Unicode.Scalar(pick) {
                    output.unicodeScalars.append(scalar)
                    budget -= 1
                }
                return
            }
            guard let range = ranges.randomElement(using: &random),
                let scalar = Unicode.Scalar(UInt32.random(in: range, using: &random))
            else { return }
            output.unicodeScalars.append(scalar)
            budget -= 1
        case .group(let alternatives):
            guard let alternative = alternatives.randomElement(using: &random) else { return }
            for part in alternative { generate(part, into: &output, budget: &budget, using: &random) }
        case .repeated(let inner, let minimum, let maximum):
            let count = Int.random(in: minimum...max(minimum, min(maximum, minimum + 8)), using: &random)
            for _ in 0..<count where budget > 0 { generate(inner, into: &output, budget: &budget, using: &random) }
        }
    }
}
