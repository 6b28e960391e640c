import Foundation
import Logging
import UnderstudySchema

/// Loads an OpenAPI contract from a file: reads YAML or JSON, converts Swagger 2.0, follows `$ref`s into
/// other files, checks references and structure, and builds the ``Contract`` model.
///
/// Problems become ``Diagnostic``s with file, line and column. Errors stop loading (no contract is
/// returned); warnings do not.
public struct ContractLoader: Sendable {
    public var reader: DocumentReader
    /// At most this many files are read through `$ref`s.
    public var maxDocuments = 500
    private let logger = Logger(label: "understudy.contract")

    public init(reader: DocumentReader = DocumentReader()) { self.reader = reader }

    /// The result of loading: the contract when there were no errors, and every diagnostic.
    public struct Outcome: Sendable {
        public var contract: Contract?
        public var diagnostics: [Diagnostic]
        /// True when the root file could not be read at all (missing, a folder, too large).
        public var unreadable: Bool
        /// The version the root document declares, when it declares one Understudy reads.
        public var version: SpecVersion? = nil
        /// Every file read (the root first converted when it is Swagger 2.0), even when loading failed after
        /// reading them: lint checks them either way.
        public var documents: [String: SourceDocument] = [:]
        /// The URI of the root document.
        public var rootURI: String? = nil
    }

    /// Loads the contract at `path`.
    public func load(path: String) -> Outcome {
        let read: YAMLReader.Result
        do {
            read = try self.read(path: path)
        } catch {
            return Outcome(contract: nil, diagnostics: [error.diagnostic], unreadable: true)
        }
        return load(path: path, read: read)
    }

    /// Reads the document at `path` as ``load(path:read:)`` expects it (for a caller that looks at the
    /// document before deciding it is a contract, so the file is read once).
    public func read(path: String) throws(DocumentReader.Unreadable) -> YAMLReader.Result {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return try reader.read(path: url.path, displayPath: Self.displayPath(for: url))
    }

    /// Loads the contract whose root document, at `path`, was already read with ``read(path:)``.
    public func load(path: String, read: YAMLReader.Result) -> Outcome {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return load(read, uri: url.absoluteString, displayPath: Self.displayPath(for: url))
    }

    /// Loads a contract from text already in memory (`uri` names it for `$ref`s and diagnostics).
    public func load(
        text: String, uri: String = "file:///memory/openapi.yaml", displayPath: String = "openapi.yaml"
    )
        -> Outcome
    {
        let read = reader.parse(Array(text.utf8), displayPath: displayPath, isJSON: uri.hasSuffix(".json"))
        return load(read, uri: uri, displayPath: displayPath)
    }

    private func load(_ read: YAMLReader.Result, uri rootURI: String, displayPath display: String) -> Outcome {
        var diagnostics = read.diagnostics
        guard let value = read.value, !diagnostics.hasErrors else {
            return Outcome(contract: nil, diagnostics: diagnostics, unreadable: false)
        }
        guard case .object(var rootObject) = value else {
            diagnostics.append(
                .error(
                    "expected an OpenAPI document (a mapping with 'openapi' or 'swagger'), found \(Self.article(value.typeName))",
                    file: display, at: SourceLocation(line: 1, column: 1)))
            return Outcome(contract: nil, diagnostics: diagnostics, unreadable: false)
        }
        guard let version = detectVersion(rootObject, file: display, diagnostics: &diagnostics) else {
            return Outcome(contract: nil, diagnostics: diagnostics, unreadable: false)
        }
        if case .swagger2 = version {
            var converter = SwaggerConverter(file: display)
            rootObject = converter.convert(rootObject)
            diagnostics += converter.diagnostics
        }
        let dialect: SchemaDialect
        if version.hasFullJSONSchema {
            dialect = .openAPI31
        } else {
            dialect = .openAPI30
        }
        if case .openAPI32 = version {
            rootObject = Self.localizingSelfReferences(rootObject, fileURI: rootURI)
        }
        var documents: [String: SourceDocument] = [
            rootURI: SourceDocument(uri: rootURI, displayPath: display, value: .object(rootObject))
        ]
        loadExternalDocuments(into: &documents, from: rootURI, diagnostics: &diagnostics)
        checkReferences(documents, diagnostics: &diagnostics)
        var builder = ContractModelBuilder(documents: documents, rootURI: rootURI, version: version)
        let model = builder.build()
        diagnostics += builder.diagnostics
        StructureChecker(document: documents[rootURI]!, version: version).check(into: &diagnostics)
        guard !diagnostics.hasErrors else {
            return Outcome(
                contract: nil, diagnostics: Self.sorted(diagnostics), unreadable: false, version: version,
                documents: documents, rootURI: rootURI)
        }
        var registry = SchemaRegistry()
        for document in documents.values {
            registry.register(document.value, uri: document.uri, dialect: dialect)
        }
        let info = rootObject["info"]
        let contract = Contract(
            uri: rootURI, displayPath: display, version: version, dialect: dialect,
            title: info?["title"]?.stringValue ?? "", apiVersion: Self.scalarText(info?["version"]) ?? "",
            servers: model.servers, operations: model.operations, securitySchemes: model.securitySchemes,
            documents: documents, diagnostics: Self.sorted(diagnostics), schemas: registry)
        logger.debug("loaded \(display): \(model.operations.count) operations, \(documents.count) documents")
        return Outcome(
            contract: contract, diagnostics: Self.sorted(diagnostics), unreadable: false, version: version,
            documents: documents, rootURI: rootURI)
    }

    /// `diagnostics` in the order a reader meets them: by file, then line and column (stable).
    public static func sortedByPosition(_ diagnostics: [Diagnostic]) -> [Diagnostic] { sorted(diagnostics) }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        // Stable: by file, then position; diagnostics without position keep their order at the end.
        diagnostics.enumerated().sorted { left, right in
            let a = left.element
            let b = right.element
            if a.file != b.file { return left.offset < right.offset }
            if a.location.isKnown != b.location.isKnown { return a.location.isKnown }
            if a.location != b.location { return a.location < b.location }
            return left.offset < right.offset
        }.map(\.element)
    }

    private static func article(_ typeName: String) -> String {
        ["array", "object", "integer"].contains(typeName) ? "an \(typeName)" : "a \(typeName)"
    }

    static func scalarText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return number.description == "3" ? "3.0" : number.description
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    private func detectVersion(_ root: JSONObject, file: String, diagnostics: inout [Diagnostic]) -> SpecVersion? {
        if let swagger = root["swagger"] {
            let text = Self.scalarText(swagger) ?? ""
            guard text == "2.0" else {
                diagnostics.append(
                    .error(
                        "unsupported Swagger version '\(text)'", file: file, at: root.valueLocation(of: "swagger"),
                        hint: "Understudy reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x"))
                return nil
            }
            if case .string = swagger {
            } else {
                diagnostics.append(
                    .warning(
                        "'swagger' should be the string \"2.0\", not a number", file: file,
                        at: root.valueLocation(of: "swagger"), hint: "write swagger: \"2.0\""))
            }
            return .swagger2
        }
        guard let declared = root["openapi"] else {
            diagnostics.append(
                .error(
                    "not an OpenAPI document: no 'openapi' or 'swagger' field", file: file, at: root.location,
                    hint: "start the document with 'openapi: 3.1.0' (or 3.0.x, or swagger: \"2.0\")"))
            return nil
        }
        let text = Self.scalarText(declared) ?? ""
        if let version = SpecVersion(openAPI: text) { return version }
        diagnostics.append(
            .error(
                "unsupported OpenAPI version '\(text)'", file: file, at: root.valueLocation(of: "openapi"),
                hint: "Understudy reads OpenAPI 3.0.x, 3.1.x and 3.2.x, and Swagger 2.0"))
        return nil
    }

    // MARK: External documents

    /// OpenAPI 3.2's `$self` is the document's base URI: a reference resolves against it, not against where
    /// the file was read. An absolute `$self` (`https://example.com/api/openapi.yaml`) names where the document
    /// is published; this mock reads the files beside it, so every reference that lands at or below the
    /// `$self` folder is rewritten to the same place beside the file read (`$self` itself is the file).
    /// References into the document (`#/...`) are left alone.
    static func localizingSelfReferences(_ root: JSONObject, fileURI: String) -> JSONObject {
        guard let base = root["$self"]?.stringValue, URIReference(base).scheme != nil,
            URIReference(base).scheme != "file"
        else { return root }
        let selfURI = URIReference(base).withoutFragment
        let selfFolder = selfURI.resolving(".").description
        let fileFolder = URIReference(fileURI).resolving(".").description
        var rewritten: [(JSONPointer, String)] = []
        ReferenceWalker.forEachReference(in: .object(root)) { reference, _, pointer in
            guard !reference.hasPrefix("#") else { return }
            let absolute = selfURI.resolving(reference)
            let text = absolute.withoutFragment.description
            let fragment = absolute.fragment.map { "#" + $0 } ?? ""
            if text == selfURI.description {
                rewritten.append((pointer, fileURI + fragment))
            } else if text.hasPrefix(selfFolder) {
                rewritten.append((pointer, fileFolder + text.dropFirst(selfFolder.count) + fragment))
            }
        }
        var value = JSONValue.object(root)
        for (pointer, reference) in rewritten {
            let location = value.location(at: pointer)
            guard case .object(var holder)? = pointer.parent.flatMap({ value.value(at: $0) }) else { continue }
            holder.set("$ref", .string(reference), keyLocation: holder.keyLocation(of: "$ref"), valueLocation: location)
            _ = value.setValue(.object(holder), at: pointer.parent!)
        }
        return value.objectValue ?? root
    }

    private func loadExternalDocuments(
        into documents: inout [String: SourceDocument], from rootURI: String, diagnostics: inout [Diagnostic]
    ) {
        var queue = [rootURI]
        var failed: Set<String> = []
        while let uri = queue.popLast() {
            guard let document = documents[uri] else { continue }
            ReferenceWalker.forEachReference(in: document.value) { reference, location, _ in
                let absolute = URIReference(uri).resolving(reference)
                let target = absolute.withoutFragment.description
                guard target != uri, documents[target] == nil, !failed.contains(target) else { return }
                guard absolute.scheme == "file" else {
                    failed.insert(target)
                    diagnostics.append(
                        .error(
                            "reference to '\(target)' cannot be followed: only local files are read",
                            file: document.displayPath,
                            at: location, hint: "download the document and refer to it by a relative path"))
                    return
                }
                guard documents.count < maxDocuments else {
                    failed.insert(target)
                    diagnostics.append(
                        .error(
                            "more than \(maxDocuments) files reached through $ref", file: document.displayPath,
                            at: location))
                    return
                }
                let url = URL(string: target) ?? URL(fileURLWithPath: absolute.path)
                let display = Self.displayPath(for: url)
                do {
                    let read = try reader.read(path: url.path, displayPath: display)
                    diagnostics += read.diagnostics
                    guard let value = read.value else {
                        failed.insert(target)
                        return
                    }
                    documents[target] = SourceDocument(uri: target, displayPath: display, value: value)
                    queue.append(target)
                } catch {
                    failed.insert(target)
                    diagnostics.append(
                        .error(
                            "$ref '\(reference)' names a file that cannot be read: "
                                + ((error as? DocumentReader.Unreadable)?.diagnostic.message ?? "\(error)"),
                            file: document.displayPath, at: location,
                            hint: "paths in $ref are relative to the document that contains them"))
                }
            }
        }
    }

    private func checkReferences(_ documents: [String: SourceDocument], diagnostics: inout [Diagnostic]) {
        let resolver = ReferenceResolver(documents: documents)
        for document in documents.values.sorted(by: { $0.uri < $1.uri }) {
            ReferenceWalker.forEachReference(in: document.value) { reference, location, _ in
                let absolute = URIReference(document.uri).resolving(reference)
                guard documents[absolute.withoutFragment.description] != nil else { return }  // reported above
                guard resolver.resolve(reference, from: document.uri) == nil else { return }
                let fragment = absolute.fragment ?? ""
                if !fragment.isEmpty, !fragment.hasPrefix("/") {
                    // A plain-name fragment is a JSON Schema $anchor; schema validation resolves those.
                    return
                }
                var hint = "check the spelling and that the target exists"
                if let pointer = JSONPointer(fragment: fragment), let last = pointer.tokens.last,
                    let parent = pointer.parent,
                    let target = documents[absolute.withoutFragment.description],
                    case .object(let siblings) = target.value.value(at: parent)
                {
                    if let suggestion = Suggestion.closest(to: last, in: siblings.keys) {
                        hint = "did you mean '\(parent.uriFragment)/\(JSONPointer.escape(suggestion))'?"
                    } else {
                        hint = "'\(parent.uriFragment)' has no member '\(last)'"
                    }
                }
                diagnostics.append(
                    .error("unresolved $ref '\(reference)'", file: document.displayPath, at: location, hint: hint))
            }
        }
    }

    /// A path relative to the working directory when the file is below it, else absolute.
    public static func displayPath(for url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
