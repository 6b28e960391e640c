/// The tool's version, printed by `--version`.
enum UnderstudyVersion {
    static let current = "0.1.0"
}
