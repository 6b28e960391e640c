extension SchemaEvaluator {
    /// `type`, `enum`, `const`: keywords that apply to every instance type.
    func validateGeneric(_ frame: Frame, instance: JSONValue, into outcome: inout Outcome) {
        let object = frame.object
        if let type = object["type"] {
            let allowed = Self.typeNames(type)
            if !allowed.isEmpty, !allowed.contains(where: { Self.matches(type: $0, instance) }) {
                let nullable = frame.dialect == .openAPI30 && object["nullable"]?.boolValue == true
                if !(nullable && instance.isNull) {
                    let expected = allowed.map { "\"\($0)\"" }.joined(separator: " or ")
                    outcome.errors.append(
                        frame.error("type", "expected type \(expected) but found \(instance.typeName)"))
                }
            }
        }
        if case .array(let options) = object["enum"] {
            if !options.contains(instance) {
                let list = options.prefix(8).map { JSONSerializer.serialize($0) }.joined(separator: ", ")
                let more = options.count > 8 ? ", … (\(options.count) values)" : ""
                outcome.errors.append(
                    frame.error("enum", "\(Self.preview(instance)) is not one of the allowed values [\(list)\(more)]"))
            }
        }
        if !frame.dialect.isDraft4Family, let constant = object["const"], constant != instance {
            outcome.errors.append(
                frame.error("const", "\(Self.preview(instance)) is not the required value \(Self.preview(constant))"))
        }
    }

    /// The type names a `type` keyword lists (one name, or the names in an array); none for anything else.
    static func typeNames(_ type: JSONValue) -> [String] {
        switch type {
        case .string(let name): return [name]
        case .array(let names): return names.compactMap(\.stringValue)
        default: return []
        }
    }

    static func matches(type: String, _ instance: JSONValue) -> Bool {
        switch (type, instance) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.isInteger
        default:
            return false
        }
    }

    /// A short rendering of a value for messages.
    static func preview(_ value: JSONValue) -> String {
        let text = JSONSerializer.serialize(value)
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
