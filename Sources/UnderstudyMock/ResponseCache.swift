import Foundation
import UnderstudySchema

/// Generated bodies by key (operation, status, media type, seed): generation validates its output, so it
/// is done once per key, not once per request.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: JSONValue] = [:]

    /// What a cached value is for, and the parts that name it (operation, status, media type, schema …):
    /// hashed part by part, never joined into one string on the request's path.
    struct Key: Hashable, Sendable {
        enum Kind: UInt8, Sendable {
            case body, header, sequenceText, reply, conform, error
        }
        var kind: Kind
        var first: String
        var second = ""
        var third = ""
        var fourth = ""
    }

    /// The key of a value of `kind` named by up to four parts.
    static func key(
        _ kind: Key.Kind, _ first: String, _ second: String = "", _ third: String = "", _ fourth: String = ""
    ) -> Key {
        Key(kind: kind, first: first, second: second, third: third, fourth: fourth)
    }

    func value(_ key: Key, orMake make: () -> JSONValue) -> JSONValue {
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
