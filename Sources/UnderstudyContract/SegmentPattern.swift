/// One path segment of a template: a literal (`pets`), a capture (`{petId}`), or a mix (`{name}.{ext}`).
struct SegmentPattern: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case literal(String)
        case capture(String)
    }

    let parts: [Part]

    init(_ segment: Substring) {
        var parts: [Part] = []
        var literal = ""
        var capture: String? = nil
        for character in segment {
            if character == "{", capture == nil {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                capture = ""
            } else if character == "}", let name = capture {
                parts.append(.capture(name))
                capture = nil
            } else if capture != nil {
                capture!.append(character)
            } else {
                literal.append(character)
            }
        }
        if let open = capture { literal += "{" + open }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The literal text when the segment has no capture.
    /// The parameter name when the pattern is one capture and nothing else (`{id}`).
    var wholeSegmentCapture: String? {
        if parts.count == 1, case .capture(let name) = parts[0] { return name }
        return nil
    }

    var literalValue: String? {
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        if parts.isEmpty { return "" }
        return nil
    }

    /// The segment with its parameter names left out (`{}.{}`): templates of the same shape differ only in
    /// the names they give their parameters.
    var shape: String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .capture: return "{}"
            }
        }.joined()
    }

    /// How many literal characters the segment has: more literal text is more specific and is tried first.
    var specificity: Int {
        parts.reduce(0) { total, part in
            if case .literal(let text) = part { return total + text.count }
            return total
        }
    }

    /// Matches a decoded segment; captures take the longest possible text, each at least one character.
    func match(_ segment: String) -> [(String, String)]? {
        var captures: [(String, String)] = []
        return match(Substring(segment), parts[...], &captures) ? captures : nil
    }

    private func match(_ text: Substring, _ parts: ArraySlice<Part>, _ captures: inout [(String, String)]) -> Bool {
        guard let first = parts.first else { return text.isEmpty }
        switch first {
        case .literal(let literal):
            guard text.hasPrefix(literal) else { return false }
            return match(text.dropFirst(literal.count), parts.dropFirst(), &captures)
        case .capture(let name):
            guard !text.isEmpty else { return false }
            var end = text.endIndex
            while end > text.startIndex {
                let candidate = text[text.startIndex..<end]
                captures.append((name, String(candidate)))
                if match(text[end...], parts.dropFirst(), &captures) { return true }
                captures.removeLast()
                end = text.index(before: end)
            }
            return false
        }
    }
}
