import Foundation
import UnderstudySchema

/// Reads one JSON or YAML file into a ``JSONValue``, with size limits and diagnostics.
public struct DocumentReader: Sendable {
    /// Files larger than this are refused with a diagnostic rather than read.
    public var maxBytes: Int

    public init(maxBytes: Int = 64 * 1024 * 1024) { self.maxBytes = maxBytes }

    /// Why a file could not be read at all (as opposed to being read and found wrong).
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.description }
    }

    /// Reads `path`; returns the value (nil when malformed) and diagnostics, or throws when unreadable.
    public func read(path: String, displayPath: String) throws(Unreadable) -> YAMLReader.Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Unreadable(diagnostic: .error("no such file", file: displayPath, at: .unknown))
        }
        guard !isDirectory.boolValue else {
            throw Unreadable(
                diagnostic: .error(
                    "is a folder, not a document", file: displayPath, at: .unknown,
                    hint: "name the openapi.yaml inside it"))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            throw Unreadable(
                diagnostic: .error(
                    "document is \(size / 1_048_576) MB, larger than the \(maxBytes / 1_048_576) MB limit",
                    file: displayPath, at: .unknown, hint: "split the document, or raise the limit"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(
                diagnostic: .error("cannot read the file (permission denied?)", file: displayPath, at: .unknown))
        }
        return parse(Array(data), displayPath: displayPath, isJSON: path.lowercased().hasSuffix(".json"))
    }

    /// Parses bytes as JSON (when `isJSON` or when they start with `{`) or YAML.
    public func parse(_ bytes: [UInt8], displayPath: String, isJSON: Bool) -> YAMLReader.Result {
        let firstSignificant = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        guard firstSignificant != nil else {
            return YAMLReader.Result(
                value: nil,
                diagnostics: [
                    .error(
                        "document is empty", file: displayPath, at: SourceLocation(line: 1, column: 1),
                        hint: "an OpenAPI document starts with 'openapi: 3.x.y' or 'swagger: \"2.0\"'")
                ])
        }
        if bytes.contains(0) {
            return YAMLReader.Result(
                value: nil,
                diagnostics: [
                    .error(
                        "document contains NUL bytes: it is binary, not YAML or JSON", file: displayPath, at: .unknown)
                ])
        }
        if isJSON || firstSignificant == UInt8(ascii: "{") {
            var parser = JSONParser(bytes: bytes, maxDepth: 1_000)
            do {
                let value = try parser.parseDocument()
                let duplicates = parser.duplicateKeys.map {
                    Diagnostic.warning(
                        "duplicate key '\($0.key)'; the later value is used", file: displayPath, at: $0.location,
                        hint: "remove one of the two '\($0.key)' entries")
                }
                return YAMLReader.Result(value: value, diagnostics: duplicates)
            } catch {
                if isJSON {
                    return YAMLReader.Result(
                        value: nil,
                        diagnostics: [
                            .error("JSON syntax error: \(error.message)", file: displayPath, at: error.location)
                        ])
                }
                // Not strict JSON: YAML (a JSON superset with comments and more) may still read it.
            }
        }
        return YAMLReader().read(bytes, file: displayPath)
    }
}
