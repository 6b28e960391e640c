import UnderstudySchema

/// Visits every `$ref` string in a document tree.
enum ReferenceWalker {
    private static let dataKeys: Set<String> = ["example", "default", "enum", "const"]

    /// Calls `visit` with each reference, the location of its value, and its pointer.
    static func forEachReference(
        in value: JSONValue, _ visit: (String, SourceLocation, JSONPointer) -> Void
    ) {
        var tokens: [String] = []
        walk(value, tokens: &tokens, visit)
    }

    private static func walk(
        _ value: JSONValue, tokens: inout [String], _ visit: (String, SourceLocation, JSONPointer) -> Void
    ) {
        switch value {
        case .object(let object):
            for (position, key) in object.keys.enumerated() {
                let member = object.values[position]
                if key == "$ref", case .string(let reference) = member {
                    visit(reference, object.valueLocation(of: key), JSONPointer(tokens: tokens + [key]))
                    continue
                }
                // Example and default values, enums and extensions are data: a "$ref" inside them is not a
                // reference. Named examples are Example Objects (which may be references), their values are data.
                if dataKeys.contains(key) || key.hasPrefix("x-") { continue }
                if key == "value", tokens.count >= 2, tokens[tokens.count - 2] == "examples" { continue }
                if key == "examples", case .array = member { continue }
                switch member {
                case .object, .array:
                    tokens.append(key)
                    walk(member, tokens: &tokens, visit)
                    tokens.removeLast()
                default:
                    continue
                }
            }
        case .array(let array):
            for (index, element) in array.enumerated() {
                switch element {
                case .object, .array:
                    tokens.append(String(index))
                    walk(element, tokens: &tokens, visit)
                    tokens.removeLast()
                default:
                    continue
                }
            }
        default:
            return
        }
    }
}
