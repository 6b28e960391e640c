import Foundation

/// Folders for files a test writes, all under one folder for this test process that is removed when the
/// process exits, so test runs do not fill the temporary directory.
public enum Scratch {
    /// `$TMPDIR/understudy-tests-PID`.
    public static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "understudy-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit {
            try? FileManager.default.removeItem(
                at: FileManager.default.temporaryDirectory.appendingPathComponent(
                    "understudy-tests-\(ProcessInfo.processInfo.processIdentifier)"))
        }
        return root
    }()

    /// A new empty folder, its name starting with `prefix`.
    public static func folder(_ prefix: String = "understudy") -> URL {
        let folder = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
