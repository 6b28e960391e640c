import Foundation

/// The variables a step sees: the suite's, `--var` overrides, a table row's, and captures so far.
public struct Variables: Sendable {
    public private(set) var values: [String: JSONValue]
    /// The clock templates read (`now`); injected so runs can be replayed.
    public let clock: @Sendable () -> Date
    /// When set, a missing variable or member reads as null instead of failing (mock profiles, where a
    /// request may leave any field out).
    public var lenient = false
    /// Whether `env.NAME` may read the environment (suites may; mock profiles may not).
    public var allowsEnvironment = true
    /// Functions the host supplies or overrides (seeded `random`, `uuid`, `counter`): nil falls back to the
    /// built-in one.
    public var functions: (@Sendable (String, [JSONValue]) -> JSONValue?)?

    public init(_ values: [String: JSONValue] = [:], clock: @escaping @Sendable () -> Date = { Date() }) {
        self.values = values
        self.clock = clock
    }

    public subscript(name: String) -> JSONValue? {
        get { values[name] }
        set { values[name] = newValue }
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
