import Foundation
import UnderstudyScenarios

extension ArazzoDocument.Source {
    /// What `MockSource.load` reads for this source: the folder when the file is a bundled API's
    /// `openapi.yaml` beside a `mock.yaml` (so the mock behaves as its profile says), else the path itself.
    var mockPath: String? {
        guard let path else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        let besideProfile =
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("mock.yaml"))
            && ["openapi.yaml", "openapi.yml", "openapi.json"].contains((path as NSString).lastPathComponent)
        return besideProfile ? folder : path
    }
}
