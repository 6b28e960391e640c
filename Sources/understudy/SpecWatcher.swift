import Foundation
import UnderstudyMock
import UnderstudyPersistence

/// `serve --watch`: looks at the files behind each mounted contract once a second and, when one changed,
/// loads the contract and profile again. A version without errors replaces the served one (state, issued
/// credentials, rate counts and the clock carry over; connections stay open); one with errors is reported
/// and the previous version keeps serving. With `--state`, the state file (and its journal files) is not
/// watched, and a reloaded contract's stored items are checked as at start (misfits set aside).
struct SpecWatcher: Sendable {
    struct Source: Sendable {
        var path: String
        var prefix: String
    }

    let service: MockService
    let sources: [Source]
    let options: MockOptions
    let store: StateStore
    /// `serve --state`'s file, if any.
    var stateFile: SQLiteStateFile? = nil

    /// Polls until the task is cancelled.
    func run() async {
        var fingerprints = sources.map { fingerprint(of: $0.path) }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            for (index, source) in sources.enumerated() {
                let now = fingerprint(of: source.path)
                guard now != fingerprints[index] else { continue }
                fingerprints[index] = now
                reload(source)
            }
        }
    }

    func reload(_ source: Source) {
        guard let current = service.mounts.first(where: { $0.prefix == source.prefix })?.engine else { return }
        do {
            let (contract, profile) = try ServeCommand.loadContractAndProfile(source.path)
            let engine = MockEngine(
                contract: contract, options: options, store: store, profile: profile, continuing: current)
            service.replace(engine, at: source.prefix)
            if let stateFile {
                try ServeCommand.checkStoredItems(
                    in: stateFile, store: store, mounts: [MountedContract(prefix: source.prefix, engine: engine)],
                    reporting: false)
            }
            Terminal.standardOutput(
                "reloaded \(source.path) (\(contract.operations.count) operations\(profile == nil ? "" : ", with its profile"))"
            )
        } catch {
            Terminal.standardError("\(source.path): not reloaded, the previous version keeps serving: \(error)")
        }
    }

    /// Every regular file behind a source (the folder's files, or the file and the files beside it) with its
    /// modification time and size; the state file and its `-wal`/`-shm` companions are left out (they change
    /// with every write).
    func fingerprint(of path: String) -> [String] {
        let ignored = stateFile.map { URL(fileURLWithPath: $0.path).standardizedFileURL.path }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return ["missing"] }
        let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        var entries: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder.isEmpty ? "." : folder)
        while let relative = enumerator?.nextObject() as? String {
            if entries.count > 2000 { break }
            let full = (folder as NSString).appendingPathComponent(relative)
            if let ignored, URL(fileURLWithPath: full).standardizedFileURL.path.hasPrefix(ignored) { continue }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            entries.append("\(relative)|\(date)|\(attributes[.size] as? Int ?? 0)")
        }
        return entries.sorted()
    }
}
