import Foundation

/// Expected outputs kept as files beside the inputs (`Tests/Fixtures/...`), compared byte for byte. Run the
/// tests with `UNDERSTUDY_UPDATE_GOLDEN=1` to rewrite them from what the code prints now, then read the diff.
public enum Golden {
    /// The repository's `Tests/Fixtures` folder.
    public static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures")

    /// The expected text in `name` (under ``fixtures``), or, when updating, `actual` after writing it there.
    public static func expected(_ name: String, actual: String) throws -> String {
        let file = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UNDERSTUDY_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return actual
        }
        return try String(contentsOf: file, encoding: .utf8)
    }
}
