import Foundation

/// The variables a step sees: the suite's, `--var` overrides, a table row's, and captures so far.
public struct Variables: Sendable {
    public private(set) var values: [String: JSONValue]
    /// The clock templates read (`now`); injected so runs can be replayed.
    public let clock: @Sendable () -> Date

    public init(_ values: [String: JSONValue] = [:], clock: @escaping @Sendable () -> Date = { Date() }) {
        self.values = values
        self.clock = clock
    }

    public subscript(name: String) -> JSONValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The value a variable path points at.
    func value(at path: VariablePath) throws(TemplateError) -> JSONValue {
        guard var current = values[path.name] else {
            let known = values.keys.sorted().joined(separator: ", ")
            throw TemplateError(
                "variable '\(path.name)' is not defined (defined: \(known.isEmpty ? "none" : known)); set it under variables:, with --var or capture it in an earlier step"
            )
        }
        for step in path.steps {
            switch (step, current) {
            case (.member(let name), .object(let object)) where object[name] != nil: current = object[name]!
            case (.index(let index), .array(let array)) where index >= 0 && index < array.count: current = array[index]
            default: throw TemplateError("'\(path)' does not exist in variable '\(path.name)'")
            }
        }
        return current
    }

    /// `value` with every string template in it filled in (objects and arrays recursively).
    public func render(_ value: JSONValue) throws(TemplateError) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return value }
            do {
                return try Template(text).render(self)
            } catch let error as Template.ParseError {
                throw TemplateError(error.description)
            } catch let error as TemplateError {
                throw error
            } catch {
                throw TemplateError("\(error)")
            }
        case .array(var array):
            for index in array.indices { array[index] = try render(array[index]) }
            return .array(array)
        case .object(let object):
            var rendered = JSONObject()
            for member in object { rendered.set(member.key, try render(member.value)) }
            return .object(rendered)
        default:
            return value
        }
    }

    /// `value` rendered and turned into text (for paths, queries and headers).
    public func renderText(_ value: JSONValue) throws(TemplateError) -> String {
        let rendered = try render(value)
        return rendered.stringValue ?? JSONSerializer.serialize(rendered)
    }
}
