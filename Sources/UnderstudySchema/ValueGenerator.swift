import Foundation

/// Generates JSON values that conform to a schema: the schema's own `const`, `examples`, `default` and
/// `enum` first (when they validate), then values built from its keywords and formats, from a seeded random
/// source, so the same seed and salt always produce the same value.
public struct ValueGenerator: Sendable {
    public var registry: SchemaRegistry
    public var seed: UInt64
    /// Request bodies leave out `readOnly` properties; responses leave out `writeOnly` ones.
    public var direction: ValidationDirection
    /// Optional properties are generated only this deep; past it, only required ones.
    public var optionalDepth: Int
    /// Nesting beyond this stops (recursive schemas), returning the smallest value that fits.
    public var maxDepth: Int

    public init(
        registry: SchemaRegistry, seed: UInt64 = 1, direction: ValidationDirection = .response, optionalDepth: Int = 4,
        maxDepth: Int = 12
    ) {
        self.registry = registry
        self.seed = seed
        self.direction = direction
        self.optionalDepth = optionalDepth
        self.maxDepth = maxDepth
    }

    /// A value for the schema at `uri`, varied by `salt` (use a stable string such as the operation and status).
    /// Values that name the state a resource starts in, most likely first: an enum holding one of them
    /// generates it, so a freshly created resource is `active`, not `expired`.
    static let initialStates = [
        "active", "pending", "new", "open", "created", "draft", "enabled", "available", "queued", "submitted", "placed",
    ]

    public func generate(schemaAt uri: String, salt: String = "") -> JSONValue {
        guard let target = registry.resolve(uri, base: uri) else { return .null }
        // Salted by the schema's place inside its document, not the file's location: the same seed gives the
        // same data wherever the contract is stored.
        // Found among the UTF-8 bytes: looking for a Character walks grapheme clusters.
        let fragment = uri.utf8.firstIndex(of: UInt8(ascii: "#")).map { uri[uri.utf8.index(after: $0)...] } ?? ""
        var random = SeededRandom(seed: seed, salt: salt + "#" + fragment)
        let validator = JSONSchemaValidator(
            registry: registry, options: ValidationOptions(direction: direction, maxErrors: 100))
        var candidate = JSONValue.null
        for _ in 0..<4 {
            var context = Context(random: random)
            candidate = value(for: target.schema, resource: target.resource, base: target.baseURI, depth: 0, &context)
            let repaired = repair(candidate, target: target, validator: validator)
            candidate = repaired.value
            if repaired.remaining.isEmpty { return candidate }
            random = context.random
            _ = random.next()
        }
        return candidate
    }

    /// Drops members the schema rejects (an optional property whose schemas contradict each other, a
    /// `writeOnly` property in a response), one error at a time, while that removes errors. Returns the
    /// value and the errors it still has (none: it is valid).
    func repair(
        _ value: JSONValue, target: SchemaRegistry.Target, validator: JSONSchemaValidator
    ) -> (
        value: JSONValue, remaining: [ValidationError]
    ) {
        var current = value
        var errors = validator.validate(current, target: target)
        var attempts = 0
        while let error = errors.first, attempts < 24 {
            attempts += 1
            var location = error.instanceLocation
            if error.keyword == "required" { break }
            // Remove the offending member, or its parent when the member is the root of the error.
            guard !location.tokens.isEmpty else { break }
            var candidate = current
            var removed = false
            while !location.tokens.isEmpty, !removed {
                candidate = current
                removed = candidate.removeValue(at: location)
                if removed {
                    let remaining = validator.validate(candidate, target: target)
                    let newlyMissing = remaining.contains { $0.keyword == "required" && !errors.contains($0) }
                    if !newlyMissing, remaining.count < errors.count {
                        current = candidate
                        errors = remaining
                        break
                    }
                    removed = false
                }
                location = location.parent ?? .root
            }
            if !removed { break }
        }
        return (current, errors)
    }

    struct Context {
        var random: SeededRandom
        /// Whether lifecycle enums start at their initial state (off while searching for a value that fits
        /// exactly one `oneOf` alternative, where every alternative must be able to differ).
        var preferInitialStates = true
        /// Values still to be made for this document: a schema nesting large `minItems` cannot multiply them
        /// without end (past it, every value is the smallest that fits).
        var budget = ValueGenerator.nodeBudget
        /// The name of the property being filled (also for the elements of an array it holds), which picks
        /// realistic values (see ``RealisticValue``).
        var propertyName: String? = nil
        /// Which person the person-like members of the object being filled describe (see
        /// ``RealisticValue/string(for:format:maxLength:person:_:)``).
        var person = 0
    }

    /// The most values one generated document holds.
    static let nodeBudget = 100_000

    /// A value for `schema`. `required` names properties an enclosing `allOf` or `oneOf` requires of this
    /// same object, so that they are generated even where optional here.
    func value(
        for schema: JSONValue, resource: SchemaResource, base: String, depth: Int, required: Set<String> = [],
        _ context: inout Context
    ) -> JSONValue {
        guard case .object(let object) = schema else { return schema == .bool(false) ? .null : "value" }
        let required = required.union(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if depth > maxDepth + 4 || context.budget <= 0 { return .null }
        context.budget -= 1
        if let reference = object["$ref"]?.stringValue, let target = registry.resolve(reference, base: base) {
            let resolved = value(
                for: target.schema, resource: target.resource, base: target.baseURI, depth: depth + 1,
                required: required, &context)
            var rest = object
            rest.remove("$ref")
            // 2020-12: siblings apply too; merge what they add, when they describe structure.
            if resource.dialect.isDraft4Family || !Self.shapesValue(rest) { return resolved }
            return merge(
                resolved,
                value(for: .object(rest), resource: resource, base: base, depth: depth, required: required, &context))
        }
        if let constant = object["const"] { return constant }
        if let example = sample(object, resource: resource) { return example }
        if case .array(let options) = object["enum"], !options.isEmpty {
            let nonNull = options.filter { !$0.isNull }
            // A lifecycle enum (`expired, active, pending`) starts where a new resource does.
            if context.preferInitialStates,
                let initial = Self.initialStates.lazy.map(JSONValue.string).first(where: nonNull.contains)
            {
                return initial
            }
            return (nonNull.isEmpty ? options.elements : nonNull).randomElement(using: &context.random) ?? .null
        }
        if case .array(let parts) = object["allOf"], !parts.isEmpty {
            // Every part describes the same object: what any part requires, all generate.
            var allRequired = required
            for part in parts { allRequired.formUnion(directlyRequired(part, base: base)) }
            var merged = JSONValue.null
            // A part that says nothing about the value's shape (`{}`, a description) adds nothing to generate.
            let shaping = parts.filter { part in
                if case .object(let members) = part { return members.contains("$ref") || Self.shapesValue(members) }
                return part == .bool(false)
            }
            for part in shaping.isEmpty ? Array(parts) : shaping {
                merged = merge(
                    merged,
                    value(for: part, resource: resource, base: base, depth: depth + 1, required: allRequired, &context))
            }
            var rest = object
            rest.remove("allOf")
            if rest.contains("properties") || rest.contains("type") {
                merged = merge(
                    merged,
                    value(
                        for: .object(rest), resource: resource, base: base, depth: depth, required: allRequired,
                        &context))
            }
            return merged
        }
        for keyword in ["oneOf", "anyOf"] {
            guard case .array(let alternatives) = object[keyword], !alternatives.isEmpty else { continue }
            var rest = object
            rest.remove(keyword)
            rest.remove("discriminator")
            func generate(_ alternative: JSONValue, depth alternativeDepth: Int, _ context: inout Context) -> JSONValue
            {
                let forced = required.union(directlyRequired(alternative, base: base))
                var generated = value(
                    for: alternative, resource: resource, base: base, depth: alternativeDepth, required: forced,
                    &context)
                if rest.contains("properties") {
                    generated = merge(
                        generated,
                        value(
                            for: .object(rest), resource: resource, base: base, depth: depth, required: forced, &context
                        ))
                }
                return generated
            }
            let usable = alternatives.filter { !isUnavailable($0) }
            var choice = usable.first { !isNullSchema($0) } ?? usable.first ?? alternatives[0]
            var chosen = generate(choice, depth: depth + 1, &context)
            if keyword == "oneOf", alternatives.count > 1 {
                // oneOf needs a value that matches exactly one alternative: try each, full and then minimal, and
                // drop optional members that only another alternative requires.
                // Exclusive first without format assertion (a checker that treats `format` as an annotation
                // must see one match too), then with it.
                let preferred = context.preferInitialStates
                defer { context.preferInitialStates = preferred }
                search: for (candidateDepth, initialStates, formats) in [
                    (depth + 1, preferred, false), (optionalDepth, preferred, false), (depth + 1, false, false),
                    (optionalDepth, false, false), (depth + 1, preferred, true), (optionalDepth, preferred, true),
                ] {
                    context.preferInitialStates = initialStates
                    for alternative in usable where !isNullSchema(alternative) {
                        var candidate = generate(alternative, depth: candidateDepth, &context)
                        let own = directlyRequired(alternative, base: base).union(required)
                        for other in alternatives where other != alternative {
                            for name in directlyRequired(other, base: base).subtracting(own) {
                                candidate.removeValue(at: JSONPointer(tokens: [name]))
                            }
                        }
                        let matching = alternatives.filter {
                            isValid(candidate, against: $0, resource: resource, base: base, formats: formats)
                        }.count
                        if matching == 1,
                            formats || isValid(candidate, against: alternative, resource: resource, base: base)
                        {
                            choice = alternative
                            chosen = candidate
                            break search
                        }
                    }
                }
            }
            if case .object(let discriminator) = object["discriminator"],
                let property = discriminator["propertyName"]?.stringValue, case .object(var generated) = chosen
            {
                let reference = choice["$ref"]?.stringValue ?? ""
                let mapped = discriminator["mapping"]?.objectValue?.first { $0.value.stringValue == reference }?.key
                let name = mapped ?? reference.split(separator: "/").last.map(String.init) ?? ""
                if !name.isEmpty { generated.set(property, .string(name)) }
                chosen = .object(generated)
            }
            return chosen
        }
        switch primaryType(object) {
        case "object":
            return objectValue(object, resource: resource, base: base, depth: depth, required: required, &context)
        case "array": return arrayValue(object, resource: resource, base: base, depth: depth, &context)
        case "integer": return integerValue(object, &context)
        case "number": return numberValue(object, &context)
        case "boolean": return .bool(Bool.random(using: &context.random))
        case "null": return .null
        default: return stringValue(object, &context)
        }
    }

    /// The property names a schema requires itself or through `$ref`/`allOf` (not through alternatives).
    func directlyRequired(_ schema: JSONValue, base: String, depth: Int = 0) -> Set<String> {
        guard depth < 8, case .object(let object) = schema else { return [] }
        var names = Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if let reference = object["$ref"]?.stringValue, let target = registry.resolve(reference, base: base) {
            names.formUnion(directlyRequired(target.schema, base: target.baseURI, depth: depth + 1))
        }
        for part in object["allOf"]?.arrayValue ?? JSONArray() {
            names.formUnion(directlyRequired(part, base: base, depth: depth + 1))
        }
        return names
    }

    /// Whether a schema (without its `$ref`) says anything about the value's shape, not just annotations.
    static func shapesValue(_ object: JSONObject) -> Bool {
        let shaping: Set<String> = [
            "type", "properties", "items", "prefixItems", "enum", "const", "allOf", "anyOf", "oneOf", "required",
            "additionalProperties", "pattern", "format",
        ]
        return object.keys.contains { shaping.contains($0) }
    }

    /// Whether `value` validates against `schema`, a subschema of `resource` (its references resolve there).
    func isValid(
        _ value: JSONValue, against schema: JSONValue, resource: SchemaResource, base: String, formats: Bool = true
    ) -> Bool {
        let options = ValidationOptions(formatAssertion: formats, direction: direction, maxErrors: 1)
        if let reference = schema["$ref"]?.stringValue, schema.objectValue?.count == 1,
            let target = registry.resolve(reference, base: base)
        {
            let validator = JSONSchemaValidator(registry: registry, options: options)
            return validator.validate(value, target: target).isEmpty
        }
        var local = registry
        let uri = "urn:understudy:check:\(resource.uri)"
        local.register(schema, uri: uri, dialect: resource.dialect)
        guard var target = local.resolve(uri, base: uri) else { return false }
        target.baseURI = base
        let validator = JSONSchemaValidator(registry: local, options: options)
        return validator.validate(value, target: target).isEmpty
    }

    /// An alternative marked `writeOnly` cannot appear in a response, nor a `readOnly` one in a request.
    func isUnavailable(_ schema: JSONValue) -> Bool {
        (direction == .response && schema["writeOnly"]?.boolValue == true)
            || (direction == .request && schema["readOnly"]?.boolValue == true)
    }

    private func isNullSchema(_ schema: JSONValue) -> Bool {
        schema["type"]?.stringValue == "null" || schema["enum"] == [.null]
    }

    /// `example`, `examples[0]` or `default`, when it validates against this schema alone.
    private func sample(_ object: JSONObject, resource: SchemaResource) -> JSONValue? {
        var candidates: [JSONValue] = []
        if let example = object["example"] { candidates.append(example) }
        if case .array(let examples) = object["examples"], let first = examples.first { candidates.append(first) }
        if let fallback = object["default"] { candidates.append(fallback) }
        // Relative references inside the schema resolve against its own resource.
        return candidates.first { isValid($0, against: .object(object), resource: resource, base: resource.uri) }
    }

    func primaryType(_ object: JSONObject) -> String {
        switch object["type"] {
        case .string(let type): return type
        case .array(let types):
            let names = types.compactMap(\.stringValue)
            return names.first { $0 != "null" } ?? names.first ?? "string"
        default:
            if object.contains("properties") || object.contains("additionalProperties") || object.contains("required") {
                return "object"
            }
            if object.contains("items") || object.contains("prefixItems") { return "array" }
            if object.contains("minimum") || object.contains("maximum") || object.contains("multipleOf") {
                return "number"
            }
            return "string"
        }
    }

    private func objectValue(
        _ object: JSONObject, resource: SchemaResource, base: String, depth: Int, required: Set<String>,
        _ context: inout Context
    ) -> JSONValue {
        var result = JSONObject()
        let declared = object["properties"]?.objectValue
        let outerPerson = context.person
        context.person = Int.random(in: 0..<1_000, using: &context.random)
        defer { context.person = outerPerson }
        if case .object(let properties) = object["properties"] {
            for (name, property) in properties {
                guard generates(property, required: required.contains(name), resource: resource, depth: depth) else {
                    continue
                }
                let outer = context.propertyName
                context.propertyName = name
                result.set(name, value(for: property, resource: resource, base: base, depth: depth + 1, &context))
                context.propertyName = outer
            }
        }
        Self.orderStamps(&result)
        for name in required
        where !result.contains(name) && !(declared?.contains(name) ?? false) && object.contains("required") {
            // Required here but described nowhere: any value will do.
            if object["required"]?.arrayValue?.contains(.string(name)) == true { result.set(name, "value") }
        }
        // A contract's counts and lengths are bounded here (see ``maximumCount``): a `minItems: 1e9` must
        // not make a billion elements.
        let minimum = min(object["minProperties"]?.intValue ?? 0, Self.maximumCount)
        var extra = 0
        while result.count < minimum {
            extra += 1
            let additional = object["additionalProperties"]
            let generated: JSONValue
            if case .object = additional {
                generated = value(for: additional!, resource: resource, base: base, depth: depth + 1, &context)
            } else {
                generated = "value"
            }
            result.set("property\(extra)", generated)
        }
        return .object(result)
    }

    /// Whether an object at `depth` gets `property` (required or not): never when the schema forbids it or
    /// it is unavailable in this direction, and an optional one only above ``optionalDepth`` and ``maxDepth``.
    /// A choice that draws nothing (``fixedMembers(schemaAt:)`` relies on that).
    func generates(_ property: JSONValue, required isRequired: Bool, resource: SchemaResource, depth: Int) -> Bool {
        // An optional property that is writeOnly (or readOnly, for requests) in any alternative is left
        // out: checkers read such a property as absent from that direction altogether.
        if !isRequired, resource.dialect.hasOpenAPIKeywords,
            ([property] + (property["anyOf"]?.arrayValue?.elements ?? [])
                + (property["oneOf"]?.arrayValue?.elements ?? []))
                .contains(where: isUnavailable)
        {
            return false
        }
        // `false` or `not: {}` forbids the property: never generate it.
        if property == .bool(false)
            || property["not"].map({ $0 == .bool(true) || $0.objectValue?.isEmpty == true }) == true
        {
            return false
        }
        if direction == .response, property["writeOnly"]?.boolValue == true, resource.dialect.hasOpenAPIKeywords {
            return false
        }
        if direction == .request, property["readOnly"]?.boolValue == true, resource.dialect.hasOpenAPIKeywords {
            return false
        }
        return isRequired || (depth < optionalDepth && depth < maxDepth)
    }

    /// An update after its creation: `updated_at` (`modified…`, `last_login` …) is never before
    /// `created_at` when both are timestamps of one form.
    static func orderStamps(_ object: inout JSONObject) {
        let names = object.keys
        guard
            let created = names.first(where: { RealisticValue.words($0).contains("created") }),
            let createdAt = object[created]?.stringValue
        else { return }
        for name in names {
            let words = RealisticValue.words(name)
            guard words.contains("updated") || words.contains("modified") || words.first == "last",
                let updatedAt = object[name]?.stringValue, updatedAt.count == createdAt.count, updatedAt < createdAt
            else { continue }
            object.set(name, .string(createdAt))
        }
    }

    private func arrayValue(
        _ object: JSONObject, resource: SchemaResource, base: String, depth: Int, _ context: inout Context
    ) -> JSONValue {
        let minimum = min(object["minItems"]?.intValue ?? 0, Self.maximumCount)
        let maximum = object["maxItems"]?.intValue ?? Int.max
        var count = depth >= optionalDepth ? minimum : max(minimum, 1)
        count = min(count, maximum)
        var elements: [JSONValue] = []
        let prefix = object["prefixItems"]?.arrayValue ?? JSONArray()
        let unique = object["uniqueItems"]?.boolValue == true
        var attempts = 0
        while elements.count < count, attempts < count * 5 + 5 {
            attempts += 1
            let schema: JSONValue
            if elements.count < prefix.count {
                schema = prefix[elements.count]
            } else if let items = object["items"], case .object = items {
                schema = items
            } else {
                schema = .object(JSONObject())
            }
            let element = value(for: schema, resource: resource, base: base, depth: depth + 1, &context)
            if unique, elements.contains(element) { continue }
            elements.append(element)
        }
        return .array(elements)
    }

    private func bounds(_ object: JSONObject, draft4: Bool) -> (Double?, Bool, Double?, Bool) {
        var lower = object["minimum"]?.doubleValue
        var lowerExclusive = object["exclusiveMinimum"]?.boolValue == true
        if let exclusive = object["exclusiveMinimum"]?.doubleValue, lower.map({ exclusive >= $0 }) ?? true {
            lower = exclusive
            lowerExclusive = true
        }
        var upper = object["maximum"]?.doubleValue
        var upperExclusive = object["exclusiveMaximum"]?.boolValue == true
        if let exclusive = object["exclusiveMaximum"]?.doubleValue, upper.map({ exclusive <= $0 }) ?? true {
            upper = exclusive
            upperExclusive = true
        }
        return (lower, lowerExclusive, upper, upperExclusive)
    }

    /// The most members or elements generated for one object or array, and so the most a contract's
    /// `minProperties`/`minItems` is honoured up to (a value with fewer is then reported by the self-check).
    static let maximumCount = 1_000

    /// The integers generated values stay within (±2^62): a contract's bound beyond `Int` (`maximum: 1e20`,
    /// `minimum: -1e300`) is read as this far, so no conversion or arithmetic on it can trap.
    private static let integerRange = -Double(1 << 62)...Double(1 << 62)

    /// `bound` rounded (`.up` or `.down`) as an `Int` within ``integerRange``.
    private static func integer(_ bound: Double, _ rule: FloatingPointRoundingRule) -> Int {
        guard !bound.isNaN else { return 0 }
        return Int(min(max(bound.rounded(rule), integerRange.lowerBound), integerRange.upperBound))
    }

    private func integerValue(_ object: JSONObject, _ context: inout Context) -> JSONValue {
        let (lowerBound, lowerExclusive, upperBound, upperExclusive) = bounds(object, draft4: true)
        var low =
            lowerBound.map { Self.integer($0, .up) + (lowerExclusive && $0.rounded(.up) == $0 ? 1 : 0) } ?? 1
        var high =
            upperBound.map { Self.integer($0, .down) - (upperExclusive && $0.rounded(.down) == $0 ? 1 : 0) }
            ?? max(low, 1) + 999
        if lowerBound == nil, upperBound != nil { low = min(high, max(high - 999, 0)) }
        if high < low { high = low }
        if object["multipleOf"] == nil, let name = context.propertyName,
            let realistic = RealisticValue.number(
                for: name, integer: true, low: Double(lowerBound == nil ? Int.min / 2 : low),
                high: Double(upperBound == nil ? Int.max / 2 : high), &context.random)
        {
            return .int(Self.integer(realistic, .toNearestOrEven))
        }
        var value = Int.random(in: low...high, using: &context.random)
        if let step = object["multipleOf"]?.intValue, step > 0 {
            value = (value / step) * step
            if value < low { value = value.saturatingAdding(step) }
        }
        return .int(value)
    }

    private func numberValue(_ object: JSONObject, _ context: inout Context) -> JSONValue {
        if let step = object["multipleOf"]?.doubleValue, step > 0 {
            let integral = integerValue(object, &context).intValue ?? 1
            return .double((Double(integral) / step).rounded() * step)
        }
        let (lowerBound, lowerExclusive, upperBound, upperExclusive) = bounds(object, draft4: true)
        if let name = context.propertyName,
            let realistic = RealisticValue.number(
                for: name, integer: false, low: lowerBound ?? -1e12, high: upperBound ?? 1e12, &context.random),
            !(lowerExclusive && realistic == lowerBound) && !(upperExclusive && realistic == upperBound)
        {
            return .double(realistic)
        }
        let low = lowerBound ?? (upperBound.map { $0 - 1000 } ?? 0)
        let high = upperBound ?? low + 1000
        guard high > low else { return .double(low) }
        let fraction = Double(UInt32.random(in: 1...999, using: &context.random)) / 1000
        let value = low + (high - low) * fraction
        return .double((value * 100).rounded() / 100)
    }

    private static let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
    ]

    private func stringValue(_ object: JSONObject, _ context: inout Context) -> JSONValue {
        // A contract's lengths may be anything, `maxLength: -1` too: below 0 counts as 0.
        let minimum = max(0, min(object["minLength"]?.intValue ?? 0, RegexSampler.maximumLength))
        let maximum = max(0, object["maxLength"]?.intValue ?? Int.max)
        var text: String
        let format = object["format"]?.stringValue
        if object["pattern"] == nil, let name = context.propertyName,
            let realistic = RealisticValue.string(
                for: name, format: format, maxLength: object["maxLength"]?.intValue.map { max(0, $0) },
                person: context.person,
                &context.random),
            (minimum...max(minimum, maximum)).contains(realistic.unicodeScalars.count)
        {
            text = realistic
        } else {
            text = formatted(object, format: format, minimum: minimum, &context)
        }
        if text.unicodeScalars.count < minimum {
            text += String(repeating: "x", count: minimum - text.unicodeScalars.count)
        }
        if text.unicodeScalars.count > maximum {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maximum)))
        }
        return .string(text)
    }

    /// A string of the schema's format or pattern, else a plain word.
    private func formatted(_ object: JSONObject, format: String?, minimum: Int, _ context: inout Context) -> String {
        var text: String
        switch format {
        case "date-time": text = Self.timestamp(&context.random, dateOnly: false)
        case "date": text = Self.timestamp(&context.random, dateOnly: true)
        case "time":
            text = String(
                format: "%02d:%02d:%02dZ", Int.random(in: 0...23, using: &context.random),
                Int.random(in: 0...59, using: &context.random), Int.random(in: 0...59, using: &context.random))
        case "email": text = "\(Self.words.randomElement(using: &context.random)!)@example.com"
        case "uuid": text = context.random.uuid()
        case "uri", "url", "iri": text = "https://example.com/\(Self.words.randomElement(using: &context.random)!)"
        case "uri-reference", "iri-reference": text = "/\(Self.words.randomElement(using: &context.random)!)"
        case "hostname", "idn-hostname": text = "\(Self.words.randomElement(using: &context.random)!).example.com"
        case "ipv4": text = "192.0.2.\(Int.random(in: 1...254, using: &context.random))"
        case "ipv6": text = "2001:db8::\(String(Int.random(in: 1...0xFFFF, using: &context.random), radix: 16))"
        case "byte": text = Data(Self.words.randomElement(using: &context.random)!.utf8).base64EncodedString()
        case "duration": text = "P\(Int.random(in: 1...30, using: &context.random))D"
        case "json-pointer": text = "/\(Self.words.randomElement(using: &context.random)!)"
        case "regex": text = "^[a-z]+$"
        case "int32", "int64": text = String(Int.random(in: 1...9999, using: &context.random))
        default:
            if let pattern = object["pattern"]?.stringValue,
                let sampled = RegexSampler.sample(pattern, minimumLength: minimum, using: &context.random)
            {
                text = sampled
            } else {
                text = Self.words.randomElement(using: &context.random)!
            }
        }
        return text
    }

    /// A timestamp in 2024, from the random source.
    static func timestamp(_ random: inout SeededRandom, dateOnly: Bool) -> String {
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...28, using: &random)
        if dateOnly { return String(format: "2024-%02d-%02d", month, day) }
        return String(
            format: "2024-%02d-%02dT%02d:%02d:%02dZ", month, day, Int.random(in: 0...23, using: &random),
            Int.random(in: 0...59, using: &random), Int.random(in: 0...59, using: &random))
    }

    /// Merges two generated values: objects member-wise (the second wins), otherwise the second unless null.
    func merge(_ first: JSONValue, _ second: JSONValue) -> JSONValue {
        switch (first, second) {
        case (.object(var left), .object(let right)):
            for (key, value) in right {
                if let existing = left[key] {
                    left.set(key, merge(existing, value))
                } else {
                    left.set(key, value)
                }
            }
            return .object(left)
        case (_, .null): return first
        case (.null, _): return second
        default: return second
        }
    }
}
