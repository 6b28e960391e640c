/// A schema compiled once into checks that answer one question: does an instance pass with no error?
///
/// The general evaluator (``SchemaEvaluator``) walks the schema's JSON on every call, looks each keyword up
/// by name, follows `$ref`s through the registry, and keeps the locations it would report and the
/// annotations 2020-12 needs. Most validations in a mock pass (a request body that fits, an answer the mock
/// built from the schema), and for them that work is wasted. A plan is built from the same schema for one
/// set of ``ValidationOptions``: keywords read once, references resolved once, children linked directly.
///
/// A plan covers the keywords OpenAPI contracts use: `type`, `nullable`, `enum`, `const`, `properties`,
/// `required`, `additionalProperties`, `items`, the length, size and range keywords, `pattern`, `format`,
/// `multipleOf`, `uniqueItems`, `allOf`/`anyOf`/`oneOf`/`not` and `$ref`, with OpenAPI's `readOnly` and
/// `writeOnly` direction rules. A schema that reaches anything else has no plan (see
/// ``ValidityPlanCompiler``). The plan says "passes" only where the evaluator finds no error; "does not
/// pass" sends the caller to the evaluator, which says why, so reported errors are always the evaluator's.
final class ValidityPlan: Sendable {
    /// A reference from one node to another that does not keep it alive: the ``ValidityPlanStore`` that
    /// built them holds every node, and each plan holds its store. Cycles (recursive schemas) so cost no
    /// reference counting and leak nothing.
    struct Link: @unchecked Sendable {
        unowned(unsafe) let node: Node
        init(_ node: Node) { self.node = node }
    }

    /// One compiled schema object.
    /// Filled in by ``ValidityPlanCompiler`` and never changed once the plan is built.
    final class Node: @unchecked Sendable {
        /// A property of `properties`, with what the direction rules make of it.
        struct Property: Sendable {
            enum Handling: Sendable {
                /// The member's value must pass the property's schema.
                case check
                /// A `readOnly` member in a request: whatever was sent is not checked.
                case skip
                /// A `writeOnly` member in a response: its presence is an error.
                case forbid
            }
            var name: String
            var node: Link
            var handling: Handling
        }

        var rejectsAll = false
        /// OpenAPI 3.0 `nullable: true`: null passes before any other keyword is read.
        var nullPasses = false
        var references: [Link] = []
        /// Allowed instance types as ``TypeMask`` bits; nil when `type` does not constrain.
        var types: UInt8? = nil
        var enumeration: [JSONValue]? = nil
        var constant: JSONValue? = nil
        var allOf: [Link] = []
        var anyOf: [Link]? = nil
        var oneOf: [Link]? = nil
        var not: Link? = nil

        var properties: [Property] = []
        var propertyNames: Set<String> = []
        /// Required members, less those the direction rules exempt.
        var required: [String] = []
        var additionalProperties: Link? = nil
        var minProperties: Int? = nil
        var maxProperties: Int? = nil

        var items: Link? = nil
        var minItems: Int? = nil
        var maxItems: Int? = nil
        var uniqueItems = false

        var minLength: Int? = nil
        var maxLength: Int? = nil
        var pattern: SchemaRegex? = nil
        /// A string `format` that asserts (format assertion on, no `pattern` beside it).
        var stringFormat: String? = nil

        var multipleOf: JSONNumber? = nil
        var minimum: JSONNumber? = nil
        var maximum: JSONNumber? = nil
        /// Draft 4 and OpenAPI 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum`.
        var minimumIsExclusive = false
        var maximumIsExclusive = false
        /// 2020-12 numeric `exclusiveMinimum`/`exclusiveMaximum`.
        var exclusiveMinimum: JSONNumber? = nil
        var exclusiveMaximum: JSONNumber? = nil
        /// A number `format` that asserts (`int32`, `int64`, `float`, …).
        var numberFormat: String? = nil

        init() {}

        init(rejectsAll: Bool) { self.rejectsAll = rejectsAll }
    }

    /// Bits of ``Node/types``.
    enum TypeMask {
        static let null: UInt8 = 1
        static let boolean: UInt8 = 2
        static let string: UInt8 = 4
        static let array: UInt8 = 8
        static let object: UInt8 = 16
        static let number: UInt8 = 32
        static let integer: UInt8 = 64

        static func bit(named name: String) -> UInt8 {
            switch name {
            case "null": return null
            case "boolean": return boolean
            case "string": return string
            case "array": return array
            case "object": return object
            case "number": return number
            case "integer": return integer
            default: return 0
            }
        }

        static func of(_ instance: JSONValue) -> UInt8 {
            switch instance {
            case .null: return null
            case .bool: return boolean
            case .string: return string
            case .array: return array
            case .object: return object
            case .number(let value): return value.isInteger ? number | integer : number
            }
        }
    }

    /// Keeps every node the plan can reach alive.
    let store: ValidityPlanStore
    let root: Node
    /// Nesting past which the plan gives up (and the evaluator, with its own limit and cycle guard, decides).
    let depthLimit: Int

    /// Whether a "passes" from this plan also holds when `format` only annotates: true when no node it
    /// reaches has a `oneOf` or a `not`. Every other keyword a plan covers only rejects more when a format
    /// asserts, so an instance that passes with formats asserting passes without; under a `oneOf` or a
    /// `not`, a format that fails one branch can be what lets the whole pass.
    let passesWithoutFormat: Bool

    init(store: ValidityPlanStore, root: Node, depthLimit: Int) {
        self.store = store
        self.root = root
        self.depthLimit = depthLimit
        passesWithoutFormat = !Self.reachesOneOfOrNot(from: root)
    }

    /// Whether any node reachable from `root` has a `oneOf` or a `not` (each node visited once: plans of
    /// recursive schemas are cyclic).
    private static func reachesOneOfOrNot(from root: Node) -> Bool {
        var seen: Set<ObjectIdentifier> = []
        var waiting = [root]
        while let node = waiting.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if node.oneOf != nil || node.not != nil { return true }
            waiting.append(contentsOf: node.references.map(\.node))
            waiting.append(contentsOf: node.allOf.map(\.node))
            waiting.append(contentsOf: (node.anyOf ?? []).map(\.node))
            waiting.append(contentsOf: node.properties.map(\.node.node))
            if let link = node.additionalProperties { waiting.append(link.node) }
            if let link = node.items { waiting.append(link.node) }
        }
        return false
    }

    /// Whether `instance` passes: true only where the evaluator finds no error.
    func accepts(_ instance: JSONValue) -> Bool {
        var walk = Walk(depthLimit: depthLimit)
        return walk.accepts(instance, node: root, depth: 0) && !walk.exhausted
    }
}

extension ValidityPlan {
    /// One run of a plan over an instance. Past the depth limit the whole run gives up: a local "no" there
    /// could turn into a "yes" under a `not`.
    private struct Walk {
        let depthLimit: Int
        var exhausted = false

        init(depthLimit: Int) { self.depthLimit = depthLimit }

        mutating func accepts(_ instance: JSONValue, node link: Link, depth: Int) -> Bool {
            accepts(instance, node: link.node, depth: depth)
        }

        mutating func accepts(_ instance: JSONValue, node: Node, depth: Int) -> Bool {
            guard !exhausted else { return false }
            guard depth < depthLimit else {
                exhausted = true
                return false
            }
            if node.rejectsAll { return false }
            if node.nullPasses, case .null = instance { return true }
            let depth = depth + 1
            for reference in node.references where !accepts(instance, node: reference, depth: depth) {
                return false
            }
            if let types = node.types, types & TypeMask.of(instance) == 0 { return false }
            if let enumeration = node.enumeration, !enumeration.contains(instance) { return false }
            if let constant = node.constant, constant != instance { return false }
            for part in node.allOf where !accepts(instance, node: part, depth: depth) { return false }
            if let alternatives = node.anyOf {
                var matched = false
                for alternative in alternatives where accepts(instance, node: alternative, depth: depth) {
                    matched = true
                    break
                }
                if !matched { return false }
            }
            if let alternatives = node.oneOf {
                var matches = 0
                for alternative in alternatives where accepts(instance, node: alternative, depth: depth) {
                    matches += 1
                    if matches > 1 { return false }
                }
                if matches != 1 { return false }
            }
            if let negated = node.not, accepts(instance, node: negated, depth: depth) { return false }
            switch instance {
            case .object(let members):
                return acceptsObject(members, node: node, depth: depth)
            case .array(let elements):
                return acceptsArray(elements, node: node, depth: depth)
            case .string(let string):
                return Self.acceptsString(string, node: node)
            case .number(let number):
                return Self.acceptsNumber(number, node: node)
            default:
                return true
            }
        }

        private mutating func acceptsObject(_ members: JSONObject, node: Node, depth: Int) -> Bool {
            if let maximum = node.maxProperties, members.count > maximum { return false }
            if let minimum = node.minProperties, members.count < minimum { return false }
            for property in node.properties {
                guard let value = members[property.name] else { continue }
                switch property.handling {
                case .forbid: return false
                case .skip: continue
                case .check: if !accepts(value, node: property.node, depth: depth) { return false }
                }
            }
            for name in node.required where !members.contains(name) { return false }
            if let additional = node.additionalProperties {
                for (name, value) in members where !node.propertyNames.contains(name) {
                    if !accepts(value, node: additional, depth: depth) { return false }
                }
            }
            return true
        }

        private mutating func acceptsArray(_ elements: JSONArray, node: Node, depth: Int) -> Bool {
            if let maximum = node.maxItems, elements.count > maximum { return false }
            if let minimum = node.minItems, elements.count < minimum { return false }
            if let items = node.items {
                for element in elements where !accepts(element, node: items, depth: depth) { return false }
            }
            if node.uniqueItems {
                var seen = Set<JSONValue>()
                for element in elements where !seen.insert(element).inserted { return false }
            }
            return true
        }

        private static func acceptsString(_ string: String, node: Node) -> Bool {
            if node.maxLength != nil || node.minLength != nil {
                let length = string.unicodeScalars.count
                if let maximum = node.maxLength, length > maximum { return false }
                if let minimum = node.minLength, length < minimum { return false }
            }
            if let pattern = node.pattern, !pattern.matches(string) { return false }
            if let format = node.stringFormat, !FormatChecker.isValid(string, format: format) { return false }
            return true
        }

        private static func acceptsNumber(_ number: JSONNumber, node: Node) -> Bool {
            if let divisor = node.multipleOf, !SchemaEvaluator.isMultiple(number, of: divisor) { return false }
            if let maximum = node.maximum {
                let comparison = JSONNumber.compare(number, maximum)
                if comparison > 0 || (node.maximumIsExclusive && comparison == 0) { return false }
            }
            if let minimum = node.minimum {
                let comparison = JSONNumber.compare(number, minimum)
                if comparison < 0 || (node.minimumIsExclusive && comparison == 0) { return false }
            }
            if let maximum = node.exclusiveMaximum, JSONNumber.compare(number, maximum) >= 0 { return false }
            if let minimum = node.exclusiveMinimum, JSONNumber.compare(number, minimum) <= 0 { return false }
            if let format = node.numberFormat, !FormatChecker.isValid(number: number, format: format) {
                return false
            }
            return true
        }
    }
}
