import UnderstudySchema

extension Diagnostic {
    /// An error for every key of `object` outside `allowed`, with a "did you mean" hint (the files Understudy
    /// reads besides contracts: suites and profiles).
    public static func unknownKeys(
        in object: JSONObject, allowed: [String], context: String, file: String
    ) -> [Diagnostic] {
        object.keys.filter { !allowed.contains($0) }.map { key in
            let hint =
                Suggestion.hint(for: key, in: allowed)
                ?? "allowed: \(allowed.joined(separator: ", "))"
            return .error("unknown key '\(key)' in \(context)", file: file, at: object.keyLocation(of: key), hint: hint)
        }
    }

    /// An error for every string in `value` whose `{{ }}` template does not parse, at its own line.
    public static func malformedTemplates(
        in value: JSONValue, at location: SourceLocation, file: String
    ) -> [Diagnostic] {
        switch value {
        case .string(let text) where text.contains("{{"):
            do {
                _ = try Template(text)
                return []
            } catch {
                return [.error(error.description, file: file, at: location)]
            }
        case .array(let array):
            return array.enumerated().flatMap { index, element in
                malformedTemplates(
                    in: element, at: index < array.locations.count ? array.locations[index] : location, file: file)
            }
        case .object(let object):
            return object.flatMap { malformedTemplates(in: $0.value, at: object.valueLocation(of: $0.key), file: file) }
        default:
            return []
        }
    }
}
