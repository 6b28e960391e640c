/// Durations written as text in Understudy's own files: a number with a unit (`500ms`, `10s`, `2m`, `1h`,
/// `1d`), optionally signed (`-1d`, `+2h`).
public enum DurationText {
    /// Every unit and its length in seconds, the longer suffix first (so `ms` is not read as `s`).
    public static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
    ]

    /// The longest duration any of Understudy's files or APIs accepts (about 31 years): beyond it a
    /// duration is refused, so no date or timer arithmetic on it can overflow.
    public static let maximumSeconds: Double = 1e9

    /// `seconds` when it is a usable duration (finite, no longer than ``maximumSeconds`` either way).
    public static func bounded(_ seconds: Double) -> Double? {
        seconds.isFinite && abs(seconds) <= maximumSeconds ? seconds : nil
    }

    /// The seconds `text` stands for, with only the `allowed` units; nil when it is not a duration (or is
    /// longer than ``maximumSeconds``).
    public static func seconds(_ text: String, allowed: Set<String> = ["ms", "s", "m", "h", "d"]) -> Double? {
        var rest = Substring(text.trimmingSpaces)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        for unit in units where allowed.contains(unit.suffix) && rest.hasSuffix(unit.suffix) {
            if let number = Double(rest.dropLast(unit.suffix.count)) { return bounded(sign * number * unit.seconds) }
        }
        return nil
    }
}
