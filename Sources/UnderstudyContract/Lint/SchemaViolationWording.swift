import UnderstudySchema

/// Turns a failure against an official OpenAPI schema into diagnostics a person reads: the alternative of a
/// `oneOf`/`anyOf` the document most likely meant, the kind of object the problem is in (from the schema's
/// definition name: "an operation", "a parameter"), and the field, at the line of its key.
struct SchemaViolationWording {
    /// The document checked.
    let document: JSONValue
    /// The official schema it was checked against.
    let schema: JSONValue
    let file: String
    /// The rule findings are reported under.
    var rule: LintRule = .officialSchema

    func diagnostics(for errors: [ValidationError]) -> [Diagnostic] {
        worthSaying(errors.flatMap(leaves(of:))).compactMap(diagnostic(for:))
    }

    // MARK: choosing what to say

    /// The failures to report for `error`: itself, or for an `anyOf`/`oneOf` that matched nothing, those of
    /// the alternative the document most likely meant (recursively). When every alternative fails on the
    /// same field's `enum`/`const`, one failure listing every allowed value stands for them.
    func leaves(of error: ValidationError) -> [ValidationError] {
        guard error.keyword == "oneOf" || error.keyword == "anyOf", !error.causes.isEmpty,
            !error.message.contains("more than one")
        else { return [error] }
        var branches: [Int: [ValidationError]] = [:]
        for cause in error.causes { branches[cause.branch ?? -1, default: []].append(cause) }
        if let merged = mergedChoice(branches) { return [merged] }
        var best: (leaves: [ValidationError], score: (Int, Int, Int))?
        for key in branches.keys.sorted() {
            let found = branches[key]!.flatMap { leaves(of: $0) }
            let score = self.score(branches[key]!, leaves: found, at: error.instanceLocation)
            if best == nil || score > best!.score { best = (found, score) }
        }
        return best?.leaves ?? [error]
    }

    /// How likely an alternative is the one meant: not failing on the value's own type (or on a `$ref` it
    /// does not have), then failing deeper, then failing less.
    private func score(
        _ errors: [ValidationError], leaves: [ValidationError], at location: JSONPointer
    ) -> (
        Int, Int, Int
    ) {
        let wrongKind = errors.contains { error in
            error.instanceLocation == location
                && (error.keyword == "type" || (error.keyword == "required" && error.message.contains("\"$ref\"")))
        }
        let depth = leaves.map(\.instanceLocation.tokens.count).max() ?? 0
        return (wrongKind ? 0 : 1, depth, -leaves.count)
    }

    /// The failures worth saying among `leaves`: a property "not evaluated" that the object's definition does
    /// declare somewhere is left out while the object has another failure (a failing alternative drops what
    /// it evaluated, so its properties look unknown until the real failure is fixed); a non-unique `enum` is
    /// left to the `enum-unique` rule.
    func worthSaying(_ leaves: [ValidationError]) -> [ValidationError] {
        leaves.filter { leaf in
            if leaf.keyword == "uniqueItems", leaf.instanceLocation.tokens.last == "enum" { return false }
            guard leaf.keyword == "unevaluatedProperties", let object = leaf.instanceLocation.parent else {
                return true
            }
            guard let name = leaf.instanceLocation.tokens.last,
                let definition = leaf.schemaLocation.parent.flatMap(schemaValue(at:)),
                Self.declares(name, in: definition, depth: 0)
            else { return true }
            return !leaves.contains { other in
                other.keyword != "unevaluatedProperties" && other.instanceLocation.hasPrefix(object)
            }
        }
    }

    /// Whether `schema`, or a schema written inside it (not through `$ref`), declares a property `name`.
    static func declares(_ name: String, in schema: JSONValue, depth: Int) -> Bool {
        guard depth < 12 else { return false }
        switch schema {
        case .object(let object):
            if object["properties"]?[name] != nil { return true }
            return object.values.contains { declares(name, in: $0, depth: depth + 1) }
        case .array(let array):
            return array.contains { declares(name, in: $0, depth: depth + 1) }
        default:
            return false
        }
    }

    /// When every alternative fails only on one `enum`/`const` at the same place, one error naming all the
    /// values any alternative allows.
    private func mergedChoice(_ branches: [Int: [ValidationError]]) -> ValidationError? {
        guard branches.count > 1 else { return nil }
        var place: JSONPointer?
        var allowed: [JSONValue] = []
        var first: ValidationError?
        for key in branches.keys.sorted() {
            let choices = branches[key]!.filter { $0.keyword == "enum" || $0.keyword == "const" }
            guard let choice = choices.first else { return nil }
            if let place, place != choice.instanceLocation { return nil }
            place = choice.instanceLocation
            first = first ?? choice
            for value in values(allowedBy: choice) where !allowed.contains(value) { allowed.append(value) }
        }
        guard var merged = first else { return nil }
        merged.keyword = "enum"
        merged.message = "one of " + allowed.map(Self.show).joined(separator: ", ")
        merged.causes = []
        return merged
    }

    private func values(allowedBy error: ValidationError) -> [JSONValue] {
        guard let keywordValue = schemaValue(at: error.schemaLocation) else { return [] }
        if error.keyword == "const" { return [keywordValue] }
        return keywordValue.arrayValue.map { Array($0) } ?? []
    }

    // MARK: wording

    private func diagnostic(for error: ValidationError) -> Diagnostic? {
        let pointer = error.instanceLocation
        let what = objectKind(error.schemaLocation)
        let field = fieldName(pointer)
        switch error.keyword {
        case "additionalProperties", "unevaluatedProperties":
            return unknownField(pointer, in: what, schemaPointer: error.schemaLocation.parent)
        case "required":
            let name = Self.quotedName(in: error.message) ?? "?"
            return make(
                "\(what ?? (pointer.tokens.isEmpty ? "the document" : "this object")) is missing its required field '\(name)'",
                at: pointer, key: true,
                hint: nil)
        case "type":
            let expected = schemaValue(at: error.schemaLocation).map(Self.typeList) ?? "another type"
            let found = document.value(at: pointer)?.typeName ?? "nothing"
            return make("\(field) must be \(expected), not \(Self.article(found))", at: pointer, key: false, hint: nil)
        case "enum", "const":
            let allowed =
                error.message.hasPrefix("one of ")
                ? String(error.message.dropFirst("one of ".count))
                : values(allowedBy: error).map(Self.show).joined(separator: ", ")
            let found = document.value(at: pointer).map(Self.show) ?? "nothing"
            return make("\(field) must be one of \(allowed); found \(found)", at: pointer, key: false, hint: nil)
        case "not":
            return make(notMessage(error, field: field), at: pointer, key: true, hint: nil)
        case "oneOf", "anyOf":
            let form = what.map { "any form \($0) may take" } ?? "any of the forms allowed here"
            if error.message.contains("more than one") {
                return make("\(field) fits more than one form allowed here", at: pointer, key: true, hint: nil)
            }
            return make("\(field) does not fit \(form)", at: pointer, key: true, hint: nil)
        default:
            return make("\(field): \(error.message)", at: pointer, key: false, hint: nil)
        }
    }

    private func unknownField(_ pointer: JSONPointer, in what: String?, schemaPointer: JSONPointer?) -> Diagnostic? {
        guard let name = pointer.tokens.last else { return nil }
        let container = schemaPointer.flatMap(schemaValue(at:))
        let known = container?["properties"]?.objectValue.map { Array($0.keys) } ?? []
        let kind = what ?? (pointer.tokens.count == 1 ? "the document root" : "this object")
        if kind == "responses" || kind == "a responses object" {
            return make(
                "'\(name)' is not a response code", at: pointer, key: true,
                hint: "use a status code from 100 to 599, a range 1XX to 5XX (capital X), or 'default'")
        }
        if kind == "paths" || kind == "a paths object" {
            return make("path '\(name)' does not start with '/'", at: pointer, key: true, hint: "write '/\(name)'")
        }
        let hint = Suggestion.hint(for: name, in: known) ?? "extensions must start with 'x-'"
        return make("unknown field '\(name)' in \(kind)", at: pointer, key: true, hint: hint)
    }

    private func notMessage(_ error: ValidationError, field: String) -> String {
        let required =
            schemaValue(at: error.schemaLocation)?["required"]?.arrayValue.map { $0.compactMap(\.stringValue) } ?? []
        if required.count == 2 {
            return "'\(required[0])' and '\(required[1])' are both given; give only one of them"
        }
        return "\(field) has a form that is not allowed here"
    }

    private func make(_ message: String, at pointer: JSONPointer, key: Bool, hint: String?) -> Diagnostic {
        Diagnostic.error(message, file: file, at: location(pointer, key: key), hint: hint)
            .found(by: rule, pointer: pointer)
    }

    /// The position of the member `pointer` names: its key (for a member of a mapping, when `key`) or value.
    private func location(_ pointer: JSONPointer, key: Bool) -> SourceLocation {
        if key, let parent = pointer.parent, let name = pointer.tokens.last,
            case .object(let object)? = document.value(at: parent), object[name] != nil
        {
            return object.keyLocation(of: name)
        }
        let found = document.location(at: pointer)
        return found.isKnown ? found : SourceLocation(line: 1, column: 1)
    }

    private func schemaValue(at pointer: JSONPointer) -> JSONValue? { schema.value(at: pointer) }

    /// "an operation", "a path item", from the definition the schema location is in (`Operation`,
    /// `path-item`, `parameter-or-reference`).
    func objectKind(_ schemaPointer: JSONPointer) -> String? {
        var name: String?
        let tokens = schemaPointer.tokens
        for (index, token) in tokens.enumerated() where token == "definitions" || token == "$defs" {
            if index + 1 < tokens.count { name = tokens[index + 1] }
        }
        guard var name else { return nil }
        for suffix in ["-or-reference", "SubSchema"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        var words = ""
        for character in name {
            if character == "-" || character == "_" {
                words += " "
            } else if character.isUppercase, let last = words.last, last.isLowercase {
                words += " " + character.lowercased()
            } else {
                words += character.lowercased()
            }
        }
        words = words.replacingOccurrences(of: "o auth", with: "OAuth").replacingOccurrences(of: "oauth", with: "OAuth")
            .replacingOccurrences(of: "api key", with: "API key").replacingOccurrences(of: "http ", with: "HTTP ")
            .replacingOccurrences(of: "xml", with: "XML")
        if ["paths", "responses", "callbacks", "examples", "headers", "definitions", "parameters"].contains(words) {
            return words
        }
        return Self.withArticle(words)
    }

    /// `'name'` for a member, `'tags' item 2` for an element, "the document" for the root.
    func fieldName(_ pointer: JSONPointer) -> String {
        guard let last = pointer.tokens.last else { return "the document" }
        if Int(last) != nil, pointer.tokens.count >= 2,
            case .array? = pointer.parent.flatMap({ document.value(at: $0) })
        {
            return "'\(pointer.tokens[pointer.tokens.count - 2])' item \(last)"
        }
        return "'\(last)'"
    }

    static func quotedName(in message: String) -> String? {
        guard let open = message.firstIndex(of: "\""),
            let close = message[message.index(after: open)...].firstIndex(of: "\"")
        else { return nil }
        return String(message[message.index(after: open)..<close])
    }

    static func typeList(_ value: JSONValue) -> String {
        switch value {
        case .string(let name): return article(name)
        case .array(let names): return names.compactMap(\.stringValue).map(article).joined(separator: " or ")
        default: return "another type"
        }
    }

    static func article(_ name: String) -> String {
        switch name {
        case "array", "object", "integer": return "an \(name)"
        case "null": return "null"
        default: return "a \(name)"
        }
    }

    static func withArticle(_ words: String) -> String {
        guard let first = words.first else { return words }
        return ("aeiou".contains(first) ? "an " : "a ") + words
    }

    static func show(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "'\(text)'" }
        return JSONSerializer.serialize(value)
    }
}
