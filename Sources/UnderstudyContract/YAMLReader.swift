import CYAML
import UnderstudySchema

/// Reads YAML 1.2 into a ``JSONValue`` tree through the system libyaml, event by event, keeping the line and
/// column of every node.
///
/// Plain scalars are resolved with the YAML 1.2 core schema (`yes`/`no`/`on`/`off` stay strings); anchors,
/// aliases and `<<` merge keys are supported; a duplicate key is reported and the later value is used. A tab
/// used as indentation, which libyaml rejects, is read as a space with a warning, as lenient readers do.
public struct YAMLReader {
    /// Aliases may not expand the document beyond this many nodes (guards against "billion laughs").
    public var maxExpandedNodes = 20_000_000
    /// Nesting deeper than this is refused.
    public var maxDepth = 1_000
    /// How many tab-indentation repairs are made before giving up: each one parses the document again, so a
    /// document indented with tabs throughout is refused after a bounded amount of work (the fuzzer found
    /// 12 KB of tabs that took seconds at a thousand repairs).
    public var maxTabRepairs = 64

    public init() {}

    /// What reading produced: the value when it could be read, and every diagnostic.
    public struct Result: Sendable {
        public var value: JSONValue?
        public var diagnostics: [Diagnostic]
    }

    /// Reads `bytes` (UTF-8) from `file` (used in diagnostics).
    public func read(_ bytes: [UInt8], file: String) -> Result {
        var input = bytes
        var diagnostics: [Diagnostic] = []
        for _ in 0...maxTabRepairs {
            var builder = TreeBuilder(file: file, maxExpandedNodes: maxExpandedNodes, maxDepth: maxDepth)
            let outcome = builder.parse(input)
            switch outcome {
            case .success(let value):
                return Result(value: value, diagnostics: diagnostics + builder.diagnostics)
            case .failure(let failure):
                if failure.isTab, let offset = Self.byteOffset(of: failure.location, in: input), input[offset] == 0x09 {
                    // On a line holding only white space the tab is dropped (the line is blank); elsewhere it
                    // stands for one space of indentation.
                    let lineEnd = input[offset...].firstIndex(of: 0x0A) ?? input.count
                    let blankLine = input[offset..<lineEnd].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                    if blankLine {
                        input.remove(at: offset)
                    } else {
                        input[offset] = 0x20
                    }
                    diagnostics.append(
                        .warning(
                            blankLine
                                ? "tab character in indentation of a blank line; ignored"
                                : "tab character used as indentation; read as a space",
                            file: file, at: failure.location,
                            hint: "YAML forbids tabs in indentation: replace the tab with spaces"))
                    continue
                }
                return Result(value: nil, diagnostics: diagnostics + builder.diagnostics + [failure.diagnostic])
            }
        }
        return Result(
            value: nil,
            diagnostics: diagnostics + [
                .error(
                    "more than \(maxTabRepairs) tab characters used as indentation", file: file, at: .unknown,
                    hint: "YAML forbids tabs in indentation: replace them with spaces")
            ])
    }
}

extension YAMLReader {
    /// The byte offset of a 1-based line and column (columns count characters) in UTF-8 `bytes`.
    static func byteOffset(of location: SourceLocation, in bytes: [UInt8]) -> Int? {
        var line: Int32 = 1
        var index = 0
        while line < location.line {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            index = newline + 1
            line += 1
        }
        var column: Int32 = 1
        while column < location.column, index < bytes.count {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return index < bytes.count ? index : nil
    }
}

/// A libyaml failure with enough detail to repair a tab and retry.
struct YAMLFailure: Error {
    var diagnostic: Diagnostic
    var offset: Int
    var location: SourceLocation
    var isTab: Bool
}

/// Builds the tree from libyaml's events.
struct TreeBuilder {
    let file: String
    let maxExpandedNodes: Int
    let maxDepth: Int
    var diagnostics: [Diagnostic] = []

    private enum Container {
        case mapping(
            JSONObject, key: (String, SourceLocation)?, isMergeKey: Bool, merges: [JSONObject], anchor: String?)
        case sequence(JSONArray, anchor: String?)
    }

    private var stack: [Container] = []
    private var anchors: [String: (value: JSONValue, nodes: Int)] = [:]
    private var expandedNodes = 0
    private var root: JSONValue?
    private var documents = 0

    init(file: String, maxExpandedNodes: Int, maxDepth: Int) {
        self.file = file
        self.maxExpandedNodes = maxExpandedNodes
        self.maxDepth = maxDepth
    }

    mutating func parse(_ bytes: [UInt8]) -> Swift.Result<JSONValue, YAMLFailure> {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(failure("libyaml could not be initialised", at: .unknown, offset: 0))
        }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Swift.Result<JSONValue, YAMLFailure> in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(parserFailure(parser))
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                if let failure = handle(event) { return .failure(failure) }
            }
            return .success(root ?? .null)
        }
    }

    private func failure(
        _ message: String, at location: SourceLocation, offset: Int, hint: String? = nil
    )
        -> YAMLFailure
    {
        YAMLFailure(
            diagnostic: .error(message, file: file, at: location, hint: hint), offset: offset, location: location,
            isTab: false)
    }

    private func parserFailure(_ parser: yaml_parser_t) -> YAMLFailure {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let mark = parser.problem_mark
        let location = SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        var message = problem
        if let context { message = "\(problem) (\(context))" }
        let isTab = problem.contains("tab character") || problem.contains("cannot start any token")
        var hint: String? = nil
        if problem.contains("tab") { hint = "YAML forbids tabs in indentation: use spaces" }
        if problem.contains("could not find expected ':'") {
            hint = "a key on the line before may be missing its ':' or a value may need quotes"
        }
        return YAMLFailure(
            diagnostic: .error("YAML syntax error: \(message)", file: file, at: location, hint: hint),
            offset: Int(mark.index), location: location, isTab: isTab)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private mutating func handle(_ event: yaml_event_t) -> YAMLFailure? {
        let mark = event.start_mark
        let location = SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(
                    .warning(
                        "the file holds more than one YAML document; only the first is read", file: file,
                        at: location, hint: "remove the '---' separator and the documents after it"))
            }
        case YAML_SCALAR_EVENT:
            guard documents <= 1 else { return nil }
            let scalar = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let tag = Self.string(scalar.tag)
            let anchor = Self.string(scalar.anchor)
            let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            if case .mapping(_, let key, _, _, _) = stack.last, key == nil {
                return setKey(text, isPlainMerge: isPlain && text == "<<", location: location)
            }
            let value = Self.resolve(text, tag: tag, plain: isPlain)
            if isPlain, tag == nil, Self.yaml11Booleans.contains(text) {
                diagnostics.append(
                    Diagnostic.warning(
                        "'\(text)' is the string \"\(text)\" here (YAML 1.2), but YAML 1.1 readers such as PyYAML "
                            + "read it as a boolean", file: file, at: location,
                        hint: "quote it (\"\(text)\") if you mean the string, or write true/false"
                    ).found(by: .yamlBoolean))
            }
            if let anchor { anchors[anchor] = (value, 1) }
            return add(value, at: location)
        case YAML_ALIAS_EVENT:
            guard documents <= 1 else { return nil }
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                return failure(
                    "unknown alias *\(name)", at: location, offset: Int(mark.index),
                    hint: "define the anchor &\(name) before this alias")
            }
            expandedNodes += anchored.nodes
            if expandedNodes > maxExpandedNodes {
                return failure(
                    "aliases expand the document beyond \(maxExpandedNodes) nodes", at: location,
                    offset: Int(mark.index), hint: "the document looks like an alias bomb; refusing to expand it")
            }
            if case .mapping(_, let key, _, _, _) = stack.last, key == nil {
                guard case .string(let keyText) = anchored.value else {
                    return failure("an alias used as a mapping key must name a string", at: location, offset: 0)
                }
                return setKey(keyText, isPlainMerge: false, location: location)
            }
            return add(anchored.value, at: location)
        case YAML_MAPPING_START_EVENT:
            guard documents <= 1 else { return nil }
            if let refusal = refuseContainer(at: location, offset: Int(mark.index)) { return refusal }
            var object = JSONObject()
            object.location = location
            stack.append(
                .mapping(
                    object, key: nil, isMergeKey: false, merges: [],
                    anchor: Self.string(event.data.mapping_start.anchor)
                ))
        case YAML_SEQUENCE_START_EVENT:
            guard documents <= 1 else { return nil }
            if let refusal = refuseContainer(at: location, offset: Int(mark.index)) { return refusal }
            stack.append(
                .sequence(JSONArray(location: location), anchor: Self.string(event.data.sequence_start.anchor)))
        case YAML_MAPPING_END_EVENT:
            guard documents <= 1, case .mapping(var object, _, _, let merges, let anchor) = stack.popLast() else {
                return nil
            }
            for source in merges {
                for (position, key) in source.keys.enumerated() where !object.contains(key) {
                    object.set(
                        key, source.values[position],
                        keyLocation: position < source.keyLocations.count ? source.keyLocations[position] : .unknown,
                        valueLocation: position < source.valueLocations.count
                            ? source.valueLocations[position] : .unknown)
                }
            }
            let value = JSONValue.object(object)
            if let anchor { anchors[anchor] = (value, value.nodeCount) }
            return add(value, at: object.location)
        case YAML_SEQUENCE_END_EVENT:
            guard documents <= 1, case .sequence(let array, let anchor) = stack.popLast() else { return nil }
            let value = JSONValue.array(array)
            if let anchor { anchors[anchor] = (value, value.nodeCount) }
            return add(value, at: array.location)
        default:
            break
        }
        return nil
    }

    /// A mapping or sequence cannot start as a mapping key, nor nest past the depth limit.
    private func refuseContainer(at location: SourceLocation, offset: Int) -> YAMLFailure? {
        if case .mapping(_, let key, _, _, _) = stack.last, key == nil {
            return failure(
                "complex mapping keys (a mapping or sequence used as a key) are not supported", at: location,
                offset: offset, hint: "use a plain string key")
        }
        guard stack.count < maxDepth else {
            return failure("nesting deeper than \(maxDepth) levels", at: location, offset: offset)
        }
        return nil
    }

    private mutating func setKey(_ key: String, isPlainMerge: Bool, location: SourceLocation) -> YAMLFailure? {
        guard case .mapping(let object, _, _, let merges, let anchor) = stack.popLast() else { return nil }
        stack.append(.mapping(object, key: (key, location), isMergeKey: isPlainMerge, merges: merges, anchor: anchor))
        return nil
    }

    private mutating func add(_ value: JSONValue, at location: SourceLocation) -> YAMLFailure? {
        guard let top = stack.popLast() else {
            root = value
            return nil
        }
        switch top {
        case .sequence(var array, let anchor):
            array.append(value, location: location)
            stack.append(.sequence(array, anchor: anchor))
        case .mapping(var object, let key, let isMergeKey, var merges, let anchor):
            guard let (name, keyLocation) = key else { return nil }
            if isMergeKey {
                switch value {
                case .object(let source):
                    merges.append(source)
                case .array(let sources):
                    for source in sources {
                        guard case .object(let mapping) = source else {
                            return failure("a merge key '<<' must name mappings", at: location, offset: 0)
                        }
                        merges.append(mapping)
                    }
                default:
                    return failure(
                        "a merge key '<<' must name a mapping or a list of mappings", at: location, offset: 0)
                }
            } else {
                if object.contains(name) {
                    diagnostics.append(
                        .warning(
                            "duplicate key '\(name)' (first at line \(object.keyLocation(of: name).line)); "
                                + "the later value is used", file: file, at: keyLocation,
                            hint: "remove one of the two '\(name)' entries"))
                }
                object.set(name, value, keyLocation: keyLocation, valueLocation: location)
            }
            stack.append(.mapping(object, key: nil, isMergeKey: false, merges: merges, anchor: anchor))
        }
        return nil
    }

    /// Plain scalars that YAML 1.1 reads as booleans and YAML 1.2 (which Understudy reads) as strings.
    static let yaml11Booleans: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// Resolves a scalar with the YAML 1.2 core schema (plain scalars) or its explicit tag.
    static func resolve(_ text: String, tag: String?, plain: Bool) -> JSONValue {
        if let tag, tag != "!" {
            switch tag {
            case "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:timestamp":
                return .string(text)
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool": return resolvePlain(text.lowercased())
            case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float": return resolvePlain(text)
            default: return plain ? resolvePlain(text) : .string(text)
            }
        }
        guard plain else { return .string(text) }
        return resolvePlain(text)
    }

    static func resolvePlain(_ text: String) -> JSONValue {
        guard let first = text.utf8.first else { return .null }
        switch text {
        case "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        // Only text starting like a number can be one.
        guard
            (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".")
        else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return .int(value) }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return .int(value) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            if let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .int(value) }
            if let value = Double(text: text) { return .double(value) }
        }
        if isCoreFloat(digits), let value = Double(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .double(value)
        }
        return .string(text)
    }

    /// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` from the core schema.
    private static func isCoreFloat(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var mantissaDigits = 0
        while index < bytes.count, isDigit(bytes[index]) {
            index += 1
            mantissaDigits += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                index += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return false }
        }
        return index == bytes.count
    }
}
