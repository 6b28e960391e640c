import UnderstudySchema

/// Checks a request against an operation: every parameter (types, formats, enums, style/explode, required)
/// and the body (media type, then JSON, form, multipart or raw content against its schema). Returns the
/// decoded request and every issue found, each with its location.
public struct RequestValidator: Sendable {
    public let contract: Contract
    /// JSON bodies nested deeper than this are refused as malformed.
    public var maxJSONDepth = 256

    /// Parameter values already found valid (a page size or an id sent again is not validated again).
    private let parameterMemo = ValidationMemo(budget: 4 << 20)
    private let decoder: ParameterDecoder
    /// Validates in the request direction (`readOnly` members not required).
    private let schemaValidator: JSONSchemaValidator

    /// Query parameters whose schema is a reference (or a one-part `allOf`) to one type that is not
    /// `object`, by schema URI: like a schema written in place with such a type, none of them is read when
    /// no pair is named after it. Worked out once, so an unsent one is not resolved on every request.
    private let referencesNamedByTheirPairs: Set<String>

    public init(contract: Contract) {
        self.contract = contract
        decoder = ParameterDecoder(contract: contract)
        schemaValidator = contract.validator(direction: .request)
        var named = Set<String>()
        for operation in contract.operations {
            for parameter in operation.parameters where parameter.location == .query {
                guard let schema = parameter.schema, !ParameterDecoder.isNamedByItsPairs(schema),
                    ParameterDecoder.isNamedByItsPairs(decoder.resolved(schema))
                else { continue }
                named.insert(schema.uri)
            }
        }
        referencesNamedByTheirPairs = named
    }

    public func validate(_ input: HTTPRequestInput, operation: ContractOperation) -> (ValidatedRequest, [RequestIssue])
    {
        var request = ValidatedRequest()
        var issues: [RequestIssue] = []
        // Cookies are read only when the operation takes one.
        var cookies: [String: String]? = nil
        let sent = input.query.isEmpty ? [] : Self.sentNames(input.query)
        // The lengths of the names sent, one bit each: most parameters a request leaves out are told apart
        // by length alone, without comparing their names with every name sent.
        var sentLengths: UInt64 = 0
        for name in sent { sentLengths |= Self.lengthBit(name) }
        // Each parameter is read in place: a copy of each (names, schema handle, example) per request was
        // a measurable part of a request with many parameters.
        operation.parameters.withUnsafeBufferPointer { parameters in
            guard let first = parameters.baseAddress else { return }
            for index in parameters.indices {
                // Read through a pointer: a subscript copies the whole parameter to read one field.
                let parameter = first + index
                // An optional query parameter that no pair is named after is not decoded at all (a list
                // operation declares many and a request sends few), unless its pairs may be named after
                // something else: an exploded object's are named after its properties. The decoder would
                // find nothing for it by the same rule.
                if parameter.pointee.location == .query, !parameter.pointee.required,
                    sentLengths & Self.lengthBit(parameter.pointee.name) == 0 || !sent.contains(parameter.pointee.name),
                    ParameterDecoder.isNamedByItsPairs(parameter.pointee.schema)
                        || parameter.pointee.schema.map({ referencesNamedByTheirPairs.contains($0.uri) }) ?? false
                {
                    continue
                }
                check(parameter.pointee, input, into: &request, issues: &issues, cookies: &cookies)
            }
        }
        validateBody(input, operation: operation, into: &request, issues: &issues, validator: schemaValidator)
        return (request, issues)
    }

    /// One bit for the length of `name` in UTF-8 bytes (the last bit for every length past 62).
    private static func lengthBit(_ name: String) -> UInt64 { 1 << UInt64(min(name.utf8.count, 63)) }

    /// The name each query pair gives its parameter: the pair's name up to a `[` (`tags[]`, `filter[name]`).
    static func sentNames(_ pairs: [(name: String, value: String)]) -> [String] {
        pairs.map { pair in
            guard let bracket = pair.name.utf8.firstIndex(of: UInt8(ascii: "[")) else { return pair.name }
            return String(pair.name[..<bracket])
        }
    }

    /// Decodes one parameter from the request and validates it against its schema.
    private func check(
        _ parameter: Parameter, _ input: HTTPRequestInput, into request: inout ValidatedRequest,
        issues: inout [RequestIssue], cookies: inout [String: String]?
    ) {
        let value: JSONValue?
        switch parameter.location {
        case .path:
            value = input.pathParameters[parameter.name].map { decoder.decodeSingle($0, parameter: parameter) }
        case .query:
            value = decoder.decodeQuery(input.query, parameter: parameter)
        case .querystring:
            value = decoder.decodeQueryString(input.query, parameter: parameter)
        case .header:
            let values = input.headerValues(parameter.name)
            value = values.isEmpty ? nil : decoder.decodeSingle(values.joined(separator: ","), parameter: parameter)
        case .cookie:
            if cookies == nil { cookies = input.cookies }
            value = cookies?[parameter.name].map { decoder.decodeSingle($0, parameter: parameter) }
        }
        var location: String { "\(parameter.location.rawValue).\(parameter.name)" }
        guard let value else {
            if parameter.required {
                issues.append(
                    RequestIssue(
                        .invalid, location: location,
                        message: "required \(parameter.location.rawValue) parameter '\(parameter.name)' is missing")
                )
            }
            return
        }
        // Room for a few at once: growing from one member rehashes on the way.
        request.parameters[parameter.location, default: Dictionary(minimumCapacity: 8)][parameter.name] = value
        if let schema = parameter.schema,
            !parameterMemo.isKnownValid(value, against: schema.uri, schemaHash: schema.uriHash)
        {
            var errors = schemaValidator.validate(value, against: schema.uri, referenceHash: schema.uriHash)
            if !errors.isEmpty, let accepted = alternative(to: value, for: parameter, validator: schemaValidator) {
                request.parameters[parameter.location, default: [:]][parameter.name] = accepted
                errors = []
            }
            for error in errors {
                let suffix = error.instanceLocation.tokens.isEmpty ? "" : error.instanceLocation.description
                issues.append(RequestIssue(.invalid, location: location + suffix, message: error.message))
            }
            if errors.isEmpty, Self.isScalar(value) {
                parameterMemo.remember(value, validAgainst: schema.uri, schemaHash: schema.uriHash)
            }
        }
    }

    /// A reading of a parameter's text that its `oneOf`/`anyOf` schema accepts, when the first reading did
    /// not fit: text is ambiguous ("15" is a string, an integer and a one-element list), and alternatives
    /// that overlap (an id that is a UUID and also a short UUID) are accepted as any-of, as servers do.
    private func alternative(
        to value: JSONValue, for parameter: Parameter, validator: JSONSchemaValidator
    )
        -> JSONValue?
    {
        guard let schema = parameter.schema,
            let target = contract.dereference(schema.value, documentURI: schema.documentURI, pointer: schema.pointer),
            target.value["oneOf"] != nil || target.value["anyOf"] != nil
        else { return nil }
        var candidates: [JSONValue] = []
        let text =
            value.stringValue
            ?? value.arrayValue.map { $0.map { $0.stringValue ?? JSONSerializer.serialize($0) }.joined(separator: ",") }
            ?? JSONSerializer.serialize(value)
        let scalar: (String) -> [JSONValue] = { piece in
            var readings: [JSONValue] = [.string(piece)]
            if let integer = Int(piece) { readings.append(.int(integer)) }
            if Int(piece) == nil, let number = Double(text: piece) { readings.append(.double(number)) }
            if piece == "true" || piece == "false" { readings.append(.bool(piece == "true")) }
            return readings
        }
        candidates += scalar(text)
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        candidates.append(.array(JSONArray(pieces.map { .string($0) })))
        candidates.append(.array(JSONArray(pieces.map { scalar($0).last ?? .string($0) })))
        for candidate in candidates where candidate != value {
            if validator.validate(candidate, against: schema.uri, referenceHash: schema.uriHash).isEmpty {
                return candidate
            }
        }
        // Overlapping `oneOf` alternatives: a reading that fits any one of them is accepted.
        guard case .array(let alternatives)? = target.value["oneOf"] else { return nil }
        for candidate in [value] + candidates {
            for index in alternatives.indices {
                let uri = target.documentURI + target.pointer.appending("oneOf").appending(String(index)).uriFragment
                if validator.validate(candidate, against: uri).isEmpty { return candidate }
            }
        }
        return nil
    }

    /// Whether a parameter value is a scalar: arrays and objects are not memoised.
    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .number, .bool, .null: return true
        case .array, .object: return false
        }
    }

    private func validateBody(
        _ input: HTTPRequestInput, operation: ContractOperation, into request: inout ValidatedRequest,
        issues: inout [RequestIssue], validator: JSONSchemaValidator
    ) {
        guard let body = operation.requestBody, !body.content.isEmpty else { return }
        let contentTypeHeader = input.header("content-type")
        if input.body.isEmpty && contentTypeHeader == nil {
            if body.required {
                issues.append(RequestIssue(.invalid, location: "body", message: "a request body is required"))
            }
            return
        }
        let declared = body.content.compactMap { content in content.parsedType.map { (content, $0) } }
        let sent = contentTypeHeader.flatMap(MediaType.init) ?? MediaType("application/octet-stream")!
        guard
            let (content, _) = declared.first(where: { sent.isIncluded(in: $0.1) })
                ?? declared.first(where: { $0.1.overlaps(sent) })
        else {
            let accepted = declared.map(\.1.essence).joined(separator: ", ")
            issues.append(
                RequestIssue(
                    .unsupportedMediaType, location: "header.Content-Type",
                    message: "Content-Type '\(contentTypeHeader ?? "none")' is not accepted; send one of: \(accepted)"))
            return
        }
        request.bodyMediaType = sent
        var value: JSONValue
        if sent.isJSON {
            if input.body.isEmpty {
                if body.required {
                    issues.append(RequestIssue(.invalid, location: "body", message: "a request body is required"))
                }
                return
            }
            do {
                value = try JSONParser.parse(bytes: input.body, maxDepth: maxJSONDepth, recordsLocations: false)
            } catch {
                issues.append(
                    RequestIssue(
                        .malformed, location: "body", message: "malformed JSON at \(error.location): \(error.message)"))
                return
            }
        } else if sent.essence == "application/x-www-form-urlencoded" {
            guard let pairs = HTTPRequestInput.parseQuery(String(decoding: input.body, as: UTF8.self)) else {
                issues.append(RequestIssue(.malformed, location: "body", message: "malformed form encoding"))
                return
            }
            if let deep = tooDeepField(pairs.lazy.map(\.name)) {
                issues.append(RequestIssue(.malformed, location: "body", message: deep))
                return
            }
            value = formObject(pairs.map { ($0.name, JSONValue.string($0.value)) }, schema: content.schema)
        } else if sent.type == "multipart" {
            do {
                let parts = try MultipartParser.parse(input.body, boundary: sent.parameters["boundary"] ?? "")
                if let deep = tooDeepField(parts.lazy.map(\.name)) {
                    issues.append(RequestIssue(.malformed, location: "body", message: deep))
                    return
                }
                value = formObject(
                    parts.map { part in
                        let text = String(decoding: part.content, as: UTF8.self)
                        if part.filename == nil, part.contentType.flatMap(MediaType.init)?.isJSON == true,
                            let parsed = try? JSONParser.parse(text, maxDepth: maxJSONDepth)
                        {
                            return (part.name, parsed)
                        }
                        return (part.name, JSONValue.string(text))
                    }, schema: content.schema, filesArePresent: true)
            } catch {
                issues.append(RequestIssue(.malformed, location: "body", message: error.message))
                return
            }
        } else {
            // Binary and text media: the content is not interpreted, only its presence. An empty body sent with
            // its media type is an empty string (or file), which a required body may be when its schema
            // allows "".
            request.body = .string(String(decoding: input.body, as: UTF8.self))
            let emptyAllowed =
                contentTypeHeader != nil
                && (content.schema.map { validator.validate(.string(""), against: $0.uri).isEmpty } ?? true)
            if body.required, input.body.isEmpty, !emptyAllowed {
                issues.append(RequestIssue(.invalid, location: "body", message: "a request body is required"))
            }
            return
        }
        request.body = value
        if let schema = content.schema {
            for error in validator.validate(value, against: schema.uri, referenceHash: schema.uriHash) {
                issues.append(
                    RequestIssue(
                        .invalid,
                        location: "body"
                            + (error.instanceLocation.tokens.isEmpty ? "" : "#" + error.instanceLocation.description),
                        message: error.message))
            }
        }
    }

    /// Why a form field's bracket name (`a[b][c]`, `tags[]`) is refused: it nests deeper than a JSON body may
    /// (each pair of brackets is a level of the value it builds); nil when every name is within the limit.
    private func tooDeepField(_ names: some Sequence<String>) -> String? {
        for name in names {
            let levels = name.utf8.reduce(0) { $1 == UInt8(ascii: "[") ? $0 + 1 : $0 }
            guard levels > maxJSONDepth else { continue }
            let shown = name.count > 40 ? name.prefix(40) + "…" : name[...]
            return "form field '\(shown)' nests \(levels) levels deep; at most \(maxJSONDepth) are accepted"
        }
        return nil
    }

    /// Builds an object from form fields, converting each to the type its property schema names (repeated
    /// names become arrays where the schema says array).
    private func formObject(
        _ fields: [(String, JSONValue)], schema: SchemaHandle?, filesArePresent: Bool = false
    ) -> JSONValue {
        let decoder = ParameterDecoder(contract: contract)
        let properties = decoder.properties(of: schema)
        var object = JSONObject()
        var nested: [(path: [String], value: JSONValue)] = []
        for (name, raw) in fields {
            // Bracket notation (`metadata[key]=v`, `items[0][price]=p`, `tags[]=a`) builds nested values.
            if let open = name.firstIndex(of: "["), name.hasSuffix("]"), open != name.startIndex {
                let head = String(name[..<open])
                let keys = name[open...].dropFirst().dropLast().components(separatedBy: "][")
                nested.append(([head] + keys, raw))
                continue
            }
            let propertySchema = properties?[name].flatMap { property -> JSONValue? in
                guard let handle = schema else { return property }
                return decoder.resolved(
                    SchemaHandle(value: property, documentURI: handle.documentURI, pointer: handle.pointer))
            }
            let isArray = ParameterDecoder.typeName(propertySchema) == "array"
            let converted: JSONValue
            if case .string(let text) = raw {
                converted = ParameterDecoder.scalar(text, as: isArray ? propertySchema?["items"] : propertySchema)
            } else {
                converted = raw
            }
            if isArray {
                var array = object[name]?.arrayValue ?? JSONArray()
                array.append(converted)
                object.set(name, .array(array))
            } else {
                object.set(name, converted)
            }
        }
        for (path, raw) in nested {
            var root = JSONValue.object(object)
            Self.insert(raw, at: path[...], into: &root)
            object = root.objectValue ?? object
        }
        return decoder.coerce(.object(object), schema: schema)
    }

    /// Puts `value` at `path` (object keys, `""` to append, or numeric indexes) creating containers.
    public static func insert(_ value: JSONValue, at path: ArraySlice<String>, into target: inout JSONValue) {
        guard let key = path.first else {
            target = value
            return
        }
        let rest = path.dropFirst()
        let nextIsArray = rest.first.map { $0.isEmpty || Int($0) != nil } ?? false
        if key.isEmpty || (Int(key) != nil && target.arrayValue != nil) {
            var array = target.arrayValue ?? JSONArray()
            if let index = Int(key), array.indices.contains(index) {
                var child = array[index]
                insert(value, at: rest, into: &child)
                array[index] = child
            } else {
                var child: JSONValue = nextIsArray ? .array([]) : .object(JSONObject())
                insert(value, at: rest, into: &child)
                array.append(child)
            }
            target = .array(array)
            return
        }
        var object = target.objectValue ?? JSONObject()
        var child = object[key] ?? (nextIsArray ? .array([]) : .object(JSONObject()))
        insert(value, at: rest, into: &child)
        object.set(key, child)
        target = .object(object)
    }
}
