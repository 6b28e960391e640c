/// "Did you mean …?": the candidate closest to a misspelt name.
public enum Suggestion {
    /// The candidate closest to `name` by edit distance (case-insensitive), when close enough to be a likely
    /// typo (at most 2 edits, or a third of the name's length).
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)? = nil
        for candidate in candidates {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            if distance <= max(2, name.count / 3), best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// `did you mean 'x'?` for the closest candidate, or nil when none is close.
    public static func hint(for name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// The Levenshtein distance between two strings, by Unicode scalar.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
