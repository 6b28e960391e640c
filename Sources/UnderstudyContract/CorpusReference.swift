import Foundation
import UnderstudySchema

/// Files a bundled API or suite takes from the test corpus (`../shared/corpus`, by a relative path through
/// `shared/corpus/`), which a plain clone of the repository does not have. Such a path is looked for where the
/// corpus may be instead (`$UNDERSTUDY_CORPUS`, or a `.corpus/` folder in a folder above the path, where
/// `scripts/fetch-corpus` puts it in a clone without `../shared`), and when it is missing the one thing said
/// about it is what is missing and how to get it, not a stack of loader errors.
public enum CorpusReference {
    /// The marker of a corpus path.
    static let marker = "shared/corpus/"

    /// `path` itself when it exists or is not a corpus path; otherwise the same file under
    /// `$UNDERSTUDY_CORPUS`, or under the nearest `.corpus/` above `path`, when one has it.
    public static func locate(_ path: String) -> String {
        guard !FileManager.default.fileExists(atPath: path), let range = path.range(of: marker) else { return path }
        let inside = String(path[range.upperBound...])
        var roots: [String] = []
        if let corpus = ProcessInfo.processInfo.environment["UNDERSTUDY_CORPUS"], !corpus.isEmpty {
            roots.append(corpus)
        }
        var folder = URL(fileURLWithPath: String(path[..<range.lowerBound])).standardizedFileURL
        while folder.path != "/" {
            roots.append(folder.appendingPathComponent(".corpus").path)
            folder.deleteLastPathComponent()
        }
        for root in roots {
            let moved = (root as NSString).appendingPathComponent(inside)
            if FileManager.default.fileExists(atPath: moved) { return moved }
        }
        return path
    }

    /// The error for a corpus path that is not there (nil when `path` exists or is no corpus path), said by
    /// `file` (the profile or suite naming it) at `location`.
    public static func missing(_ path: String, namedBy file: String, at location: SourceLocation) -> Diagnostic? {
        guard !FileManager.default.fileExists(atPath: path), let range = path.range(of: marker) else { return nil }
        let inside = String(path[range.upperBound...])
        return .error(
            "\(inside) is missing: it comes from the test corpus, which this checkout does not have"
                + " (get it with scripts/fetch-corpus, or set UNDERSTUDY_CORPUS=/path/to/corpus)",
            file: file, at: location)
    }

    /// The one line a command prints for a missing corpus file: `file:line: what is missing (how to get it)`.
    public static func line(_ diagnostic: Diagnostic) -> String {
        let position =
            diagnostic.location.isKnown ? "\(diagnostic.file):\(diagnostic.location.line)" : diagnostic.file
        return "\(position): \(diagnostic.message)"
    }

    /// Whether a diagnostic is the one ``missing(_:namedBy:at:)`` makes.
    public static func isMissingCorpus(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.message.contains("it comes from the test corpus, which this checkout does not have")
    }
}
