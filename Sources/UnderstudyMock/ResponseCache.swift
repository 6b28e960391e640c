import Foundation
import UnderstudySchema

/// Generated bodies by key (operation, status, media type, seed): generation validates its output, so it
/// is done once per key, not once per request.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: JSONValue] = [:]

    /// A key of four parts joined by `|`, written into one allocation (an interpolation grows its string
    /// part by part; this is built on every request that answers from a cached body).
    static func key(_ kind: String, _ first: String, _ second: String, _ third: String) -> String {
        var key = ""
        key.reserveCapacity(kind.utf8.count + first.utf8.count + second.utf8.count + third.utf8.count + 3)
        key += kind
        key += "|"
        key += first
        key += "|"
        key += second
        key += "|"
        key += third
        return key
    }

    func value(_ key: String, orMake make: () -> JSONValue) -> JSONValue {
        lock.lock()
        if let cached = values[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let made = make()
        lock.lock()
        if values.count > 50_000 { values.removeAll() }
        values[key] = made
        lock.unlock()
        return made
    }
}
