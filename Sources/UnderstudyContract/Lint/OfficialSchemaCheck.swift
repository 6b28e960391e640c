import Foundation
import UnderstudySchema

/// Validates OpenAPI documents against the official JSON Schema of their version with Understudy's own
/// validator, and says each violation as a sentence at the line and column of the offending key or value
/// (rule `oas-schema`).
///
/// The raw errors of a schema this size are not readable (`#/paths/~1a/get: value does not match any of the
/// 2 schemas in oneOf`); this check picks, for each `oneOf`/`anyOf` failure, the alternative the document
/// most likely meant, and words the remaining failure by the kind of OpenAPI object it is in.
public final class OfficialSchemaCheck: @unchecked Sendable {
    /// The folder the schemas are read from.
    public let folder: OfficialSchemaFolder
    private let lock = NSLock()
    private var loaded: [String: Loaded] = [:]

    struct Loaded {
        var uri: String
        var schema: JSONValue
        var validator: JSONSchemaValidator
    }

    public init(folder: OfficialSchemaFolder) { self.folder = folder }

    /// Why a version's schema could not be used, or nil when it can.
    public func unavailable(for version: SpecVersion) -> String? {
        switch load(version) {
        case .success: return nil
        case .failure(let reason): return reason.text
        }
    }

    struct Reason: Error { var text: String }

    private func load(_ version: SpecVersion) -> Result<Loaded, Reason> {
        let path = folder.file(for: version)
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(Reason(text: "the official schema of OpenAPI \(version.family) is not in \(folder.path)"))
        }
        return Self.load(path: path, draft4: !version.hasFullJSONSchema, into: lock, cache: &loaded)
    }

    /// Validates `root` against the JSON Schema (2020-12) in the file at `path` (the published Arazzo schema,
    /// for one), with the same wording; nil when that file cannot be read as a schema.
    public func check(_ root: JSONValue, againstSchemaAt path: String, file: String, rule: LintRule) -> [Diagnostic]? {
        guard case .success(let schema) = Self.load(path: path, draft4: false, into: lock, cache: &loaded) else {
            return nil
        }
        return diagnostics(root, schema: schema, file: file, rule: rule)
    }

    private static func load(
        path: String, draft4: Bool, into lock: NSLock, cache: inout [String: Loaded]
    )
        -> Result<Loaded, Reason>
    {
        lock.lock()
        defer { lock.unlock() }
        if let done = cache[path] { return .success(done) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Reason(text: "\(path) cannot be read"))
        }
        guard let schema = try? JSONParser.parse(String(decoding: data, as: UTF8.self)) else {
            return .failure(Reason(text: "\(path) is not a JSON document"))
        }
        let uri = schema["$id"]?.stringValue ?? schema["id"]?.stringValue ?? URL(fileURLWithPath: path).absoluteString
        var registry = SchemaRegistry()
        registry.register(schema, uri: uri, dialect: draft4 ? .draft4 : .draft2020_12)
        if !draft4 {
            // A schema-valued field (Arazzo's `inputs`) refers to the 2020-12 meta-schema: here it asks for a
            // schema's shape (an object or a boolean); the schema's own keywords are the validator's business
            // when the inputs are used.
            let standIn: JSONValue = [
                "$id": "https://json-schema.org/draft/2020-12/schema",
                "$schema": "https://json-schema.org/draft/2020-12/schema", "type": ["object", "boolean"],
            ]
            registry.register(standIn, uri: "https://json-schema.org/draft/2020-12/schema", dialect: .draft2020_12)
        }
        if draft4, let draft4 = try? JSONParser.parse(Self.draft4Definitions) {
            registry.register(draft4, uri: "http://json-schema.org/draft-04/schema", dialect: .draft4)
        }
        var options = ValidationOptions(formatAssertion: true, direction: .neutral, maxDepth: 512, maxErrors: 10_000)
        options.causesPerAlternative = 100
        let validator = JSONSchemaValidator(registry: registry, options: options)
        let done = Loaded(uri: uri, schema: schema, validator: validator)
        cache[path] = done
        return .success(done)
    }

    /// Every place `root` (the document as written, before any conversion) breaks the official schema of
    /// `version`, as diagnostics in `file`; empty when the schema is unavailable (see ``unavailable(for:)``).
    public func check(_ root: JSONValue, version: SpecVersion, file: String) -> [Diagnostic] {
        guard case .success(let schema) = load(version) else { return [] }
        return diagnostics(root, schema: schema, file: file)
    }

    private func diagnostics(
        _ root: JSONValue, schema: Loaded, file: String, rule: LintRule = .officialSchema
    )
        -> [Diagnostic]
    {
        let errors = schema.validator.validate(root, against: schema.uri)
        var wording = SchemaViolationWording(document: root, schema: schema.schema, file: file)
        wording.rule = rule
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        for diagnostic in wording.diagnostics(for: errors) {
            let key = "\(diagnostic.location)|\(diagnostic.message)"
            if seen.insert(key).inserted { diagnostics.append(diagnostic) }
        }
        return diagnostics
    }

    /// The parts of the draft-04 meta-schema the Swagger 2.0 schema refers to (`enum`, `type`, `minimum`, ...),
    /// as that draft defines them.
    static let draft4Definitions = """
        {
          "id": "http://json-schema.org/draft-04/schema#",
          "$schema": "http://json-schema.org/draft-04/schema#",
          "definitions": {
            "positiveInteger": {"type": "integer", "minimum": 0},
            "positiveIntegerDefault0": {"allOf": [{"$ref": "#/definitions/positiveInteger"}, {"default": 0}]},
            "simpleTypes": {"enum": ["array", "boolean", "integer", "null", "number", "object", "string"]},
            "stringArray": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true}
          },
          "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "default": {},
            "multipleOf": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
            "maximum": {"type": "number"},
            "exclusiveMaximum": {"type": "boolean", "default": false},
            "minimum": {"type": "number"},
            "exclusiveMinimum": {"type": "boolean", "default": false},
            "pattern": {"type": "string", "format": "regex"},
            "uniqueItems": {"type": "boolean", "default": false},
            "enum": {"type": "array", "minItems": 1, "uniqueItems": true},
            "type": {
              "anyOf": [
                {"$ref": "#/definitions/simpleTypes"},
                {"type": "array", "items": {"$ref": "#/definitions/simpleTypes"}, "minItems": 1, "uniqueItems": true}
              ]
            }
          }
        }
        """
}
