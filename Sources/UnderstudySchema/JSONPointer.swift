import Foundation

/// An RFC 6901 JSON Pointer.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The unescaped reference tokens.
    public var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }

    /// The empty pointer, naming the whole document.
    public static let root = JSONPointer()

    /// Parses a pointer such as `/components/schemas/Pet`. Returns nil when it does not start with `/`
    /// (and is not empty) or has an invalid `~` escape.
    public init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.first == "/" else { return nil }
        var result: [String] = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = Self.unescape(part) else { return nil }
            result.append(token)
        }
        tokens = result
    }

    /// Parses the fragment of a URI reference (`#/a/b`), percent-decoding it first.
    public init?(fragment: String) {
        let decoded = fragment.removingPercentEncodingIfPossible
        self.init(decoded)
    }

    private static func unescape(_ part: Substring) -> String? {
        guard part.utf8.contains(UInt8(ascii: "~")) else { return String(part) }
        var result = ""
        var iterator = part.makeIterator()
        while let character = iterator.next() {
            if character == "~" {
                switch iterator.next() {
                case "0": result.append("~")
                case "1": result.append("/")
                default: return nil
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Escapes one token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }

    /// A pointer one level deeper.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    /// A pointer one level deeper into an array.
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    public var description: String {
        tokens.isEmpty ? "" : "/" + tokens.map(Self.escape).joined(separator: "/")
    }

    /// The pointer as a URI fragment, e.g. `#/components/schemas/Pet`.
    public var uriFragment: String { "#" + description.percentEncodedForFragment }

    /// Whether this pointer starts with `other`.
    public func hasPrefix(_ other: JSONPointer) -> Bool { tokens.starts(with: other.tokens) }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

extension JSONValue {
    /// The member or element one reference token names (`"3"` indexes an array), or nil.
    public func child(_ token: String) -> JSONValue? {
        switch self {
        case .object(let object):
            return object[token]
        case .array(let array):
            guard let index = Int(token), token == String(index), index >= 0, index < array.count else { return nil }
            return array[index]
        default:
            return nil
        }
    }

    /// The value `pointer` names inside this value, or nil.
    public func value(at pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            guard let next = current.child(token) else { return nil }
            current = next
        }
        return current
    }

    /// The source location of the value `pointer` names, or of its deepest existing ancestor.
    public func location(at pointer: JSONPointer) -> SourceLocation {
        var current = self
        var location: SourceLocation = .unknown
        switch self {
        case .object(let object): location = object.location
        case .array(let array): location = array.location
        default: break
        }
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return location }
                location = object.valueLocation(of: token)
                current = next
            case .array(let array):
                guard let index = Int(token), index >= 0, index < array.count else { return location }
                location = array.location(at: index)
                current = array[index]
            default:
                return location
            }
        }
        return location
    }
}

extension JSONValue {
    /// Removes the member or element `pointer` names; returns whether something was removed.
    @discardableResult
    public mutating func removeValue(at pointer: JSONPointer) -> Bool {
        guard let last = pointer.tokens.last, let parent = pointer.parent else { return false }
        guard var container = value(at: parent) else { return false }
        switch container {
        case .object(var object):
            guard object.remove(last) != nil else { return false }
            container = .object(object)
        case .array(var array):
            guard let index = Int(last), array.indices.contains(index) else { return false }
            array.elements.remove(at: index)
            if index < array.locations.count { array.locations.remove(at: index) }
            container = .array(array)
        default:
            return false
        }
        return setValue(container, at: parent)
    }

    /// Replaces the value `pointer` names (which must exist); returns whether it did.
    @discardableResult
    public mutating func setValue(_ newValue: JSONValue, at pointer: JSONPointer) -> Bool {
        guard let first = pointer.tokens.first else {
            self = newValue
            return true
        }
        let rest = JSONPointer(tokens: Array(pointer.tokens.dropFirst()))
        switch self {
        case .object(var object):
            guard var child = object[first], child.setValue(newValue, at: rest) else { return false }
            object.set(first, child)
            self = .object(object)
            return true
        case .array(var array):
            guard let index = Int(first), array.indices.contains(index) else { return false }
            var child = array[index]
            guard child.setValue(newValue, at: rest) else { return false }
            array[index] = child
            self = .array(array)
            return true
        default:
            return false
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }

    /// Percent-decodes the string; returns it unchanged when it is not valid percent-encoding.
    var removingPercentEncodingIfPossible: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return self }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }

    /// Percent-encodes characters not allowed in a URI fragment.
    var percentEncodedForFragment: String {
        let plain = utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".")
        }
        if plain { return self }
        var output = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                output.unicodeScalars.append(UnicodeScalar(byte))
            default:
                if "-._~!$&'()*+,;=:@/?".utf8.contains(byte) {
                    output.unicodeScalars.append(UnicodeScalar(byte))
                } else {
                    output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
            }
        }
        return output
    }
}
