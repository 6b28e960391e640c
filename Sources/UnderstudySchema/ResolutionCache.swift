import Foundation

/// A thread-safe memo of reference resolutions (including failures) for one registry state.
final class ResolutionCache: @unchecked Sendable {
    // Guarded by `lock`; values are immutable `Target`s.
    private let lock = NSLock()
    private var entries: [String: SchemaRegistry.Target?] = [:]

    /// `.some(target)` or `.some(nil)` when known, `nil` when not yet resolved.
    func lookup(_ key: String) -> SchemaRegistry.Target?? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func store(_ key: String, _ target: SchemaRegistry.Target?) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count > 100_000 { entries.removeAll(keepingCapacity: true) }
        entries[key] = .some(target)
    }
}
