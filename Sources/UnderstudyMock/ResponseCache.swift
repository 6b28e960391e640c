import Foundation
import UnderstudySchema

/// Generated bodies by key (operation, status, media type, seed): generation validates its output, so it
/// is done once per key, not once per request.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: JSONValue] = [:]

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
