import Foundation
import UnderstudyContract
import UnderstudySchema

extension WorkflowRunner {
    /// The value of a runtime expression in `scope` (nil when it names nothing).
    func value(of expression: RuntimeExpression, in scope: Scope, state: RunState) -> JSONValue? {
        let base: JSONValue?
        switch expression.source {
        case .url: base = .string(scope.url)
        case .method: base = scope.request.map { .string($0.method) }
        case .statusCode: base = scope.response.map { .number(.int($0.status)) }
        case .requestHeader(let name): base = scope.request?.header(name).map(JSONValue.string)
        case .requestQuery(let name): base = scope.queryValues[name].map(JSONValue.string)
        case .requestPath(let name): base = scope.pathValues[name].map(JSONValue.string)
        case .requestBody:
            base = scope.request.flatMap { $0.body.isEmpty ? nil : try? JSONParser.parse(bytes: $0.body) }
        case .responseHeader(let name): base = scope.response?.header(name).map(JSONValue.string)
        case .responseBody:
            guard let response = scope.response else { return nil }
            base =
                response.value
                ?? (response.body.isEmpty ? nil : .string(String(decoding: response.body, as: UTF8.self)))
        case .named(let root, let names):
            base = named(root, names, scope: scope, state: state)
        }
        guard let pointer = expression.pointer else { return base }
        return base?.value(at: pointer)
    }

    private func named(_ root: String, _ names: [String], scope: Scope, state: RunState) -> JSONValue? {
        func member(_ object: JSONObject?, _ rest: ArraySlice<String>) -> JSONValue? {
            guard let first = rest.first, var value = object?[first] else { return nil }
            for name in rest.dropFirst() {
                guard let next = value[name] else { return nil }
                value = next
            }
            return value
        }
        switch root {
        case "inputs": return member(scope.inputs, names[...])
        case "outputs": return member(scope.outputs, names[...])
        case "steps":
            // $steps.ID.outputs.NAME
            guard names.count >= 3, names[1] == "outputs" else { return nil }
            return member(scope.stepOutputs[names[0]], names[2...])
        case "workflows":
            guard names.count >= 3 else { return nil }
            let id = names[0]
            switch names[1] {
            case "outputs": return member(state.workflowOutputs[id], names[2...])
            case "inputs": return member(state.workflowInputs[id], names[2...])
            default: return nil
            }
        case "sourceDescriptions":
            guard let source = document.sources.first(where: { $0.name == names.first }), names.count >= 2 else {
                return nil
            }
            switch names[1] {
            case "url": return .string(source.url)
            case "name": return .string(source.name)
            case "type": return .string(source.type)
            default: return nil
            }
        case "components":
            guard names.count >= 2 else { return nil }
            return document.components[names[0]]?[names[1]]
        default:
            return nil
        }
    }

    /// A value as written in the document, with its runtime expressions evaluated: a string that is one
    /// expression keeps the type of its value; `{$...}` inside a string is replaced by text; objects and
    /// arrays are evaluated member by member.
    func evaluate(_ written: JSONValue, in scope: Scope, state: RunState) -> JSONValue {
        switch written {
        case .string(let text):
            if text.hasPrefix("$"), let expression = try? RuntimeExpression(text) {
                return value(of: expression, in: scope, state: state) ?? .null
            }
            guard let parts = try? RuntimeExpression.template(text) else { return written }
            return .string(
                parts.map { part -> String in
                    switch part {
                    case .literal(let literal): return literal
                    case .expression(let expression):
                        let found = value(of: expression, in: scope, state: state) ?? .null
                        return found.stringValue ?? JSONSerializer.serialize(found)
                    }
                }.joined())
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object { result.set(key, evaluate(member, in: scope, state: state)) }
            return .object(result)
        case .array(let array):
            return .array(JSONArray(array.map { evaluate($0, in: scope, state: state) }))
        default:
            return written
        }
    }

    /// Whether a criterion holds, and when not, what was seen (each runtime expression it reads, with its value).
    func check(_ criterion: JSONValue, in scope: Scope, state: RunState) -> (holds: Bool, saw: String) {
        var condition = criterion["condition"]?.stringValue ?? ""
        let type = criterion["type"]?.stringValue ?? criterion["type"]?["type"]?.stringValue ?? "simple"
        if type != "simple", case .string(let filled) = evaluate(.string(condition), in: scope, state: state),
            !condition.hasPrefix("$") || type == "jsonpath"
        {
            // `{$...}` inside a regex or a JSONPath is filled in first (a JSONPath itself starts with '$').
            if let parts = try? RuntimeExpression.template(condition), parts.count > 0 { condition = filled }
        }
        let context: JSONValue? = criterion["context"]?.stringValue.flatMap { try? RuntimeExpression($0) }.flatMap {
            value(of: $0, in: scope, state: state)
        }
        switch type {
        case "regex":
            let text = context.map { $0.stringValue ?? JSONSerializer.serialize($0) } ?? ""
            let holds = (try? Regex(condition)).map { text.contains($0) } ?? false
            return (holds, "\(criterion["context"]?.stringValue ?? "context") is \(Self.show(context))")
        case "jsonpath":
            guard let path = try? CriterionPath(condition) else { return (false, "the path does not parse") }
            let selected = context.map { path.select($0) } ?? []
            return (
                !selected.isEmpty,
                "it selects \(selected.count) node\(selected.count == 1 ? "" : "s") of \(Self.show(context))"
            )
        default:
            guard let parsed = try? SimpleCondition(condition) else { return (false, "the condition does not parse") }
            let holds = parsed.holds { value(of: $0, in: scope, state: state) }
            var seen: [String] = []
            for expression in Self.expressions(in: parsed) {
                seen.append("\(expression.text) is \(Self.show(value(of: expression, in: scope, state: state)))")
            }
            return (holds, seen.joined(separator: ", "))
        }
    }

    static func expressions(in condition: SimpleCondition) -> [RuntimeExpression] {
        switch condition {
        case .literal: return []
        case .expression(let expression): return [expression]
        case .member(let base, _): return expressions(in: base)
        case .not(let inner): return expressions(in: inner)
        case .and(let left, let right), .or(let left, let right), .compare(let left, _, let right):
            var found = expressions(in: left)
            for expression in expressions(in: right) where !found.contains(expression) { found.append(expression) }
            return found
        case .call(_, let arguments):
            var found: [RuntimeExpression] = []
            for argument in arguments {
                for expression in expressions(in: argument) where !found.contains(expression) {
                    found.append(expression)
                }
            }
            return found
        }
    }

    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        let text = JSONSerializer.serialize(value)
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }
}
