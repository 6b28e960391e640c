import Foundation
import Logging
import UnderstudyContract
import UnderstudySchema

/// The render stage: a declared response made into an answer. The body comes from state when the behaviour
/// gives data (checked by the output-check stage, repaired and reported when it does not fit), else from the
/// example `Prefer: example=` names, the first example, or data generated from the schema, with what the
/// request sent copied in; declared headers are filled; errors come in the API's own shape (see
/// `ResponseRenderer+Errors.swift`). It reads no state.
struct ResponseRenderer: Sendable {
    let contract: Contract
    let generator: ValueGenerator
    /// Generated bodies, headers and error bodies, made once per operation and status.
    let cache: ResponseCache
    /// The output-check stage, for data from state.
    let outputCheck: OutputCheck
    /// A profile's error bodies by status (templates), and the clock they read.
    let errorShapes: [Int: JSONValue]
    let clock: MockClock
    let logger = Logger(label: "understudy.mock")

    /// A renderer whose generated data is seeded by `seed`, with its own output check (which logs repairs
    /// as warnings when `logsRepairs`).
    init(
        contract: Contract, seed: UInt64, logsRepairs: Bool, errorShapes: [Int: JSONValue] = [:], clock: MockClock
    ) {
        self.contract = contract
        generator = ValueGenerator(registry: contract.schemas, seed: seed, direction: .response)
        cache = ResponseCache()
        outputCheck = OutputCheck(contract: contract, generator: generator, cache: cache, logsRepairs: logsRepairs)
        self.errorShapes = errorShapes
        self.clock = clock
    }

    /// Renders a declared response: `data` from state when given (made to conform to the schema), else the
    /// example `Prefer: example=` names, else the first example, else generated data; non-JSON media get a
    /// body of their type.
    func render(
        _ exchange: Exchange, response: Response, status: Int, data: JSONValue?, headers extra: [(String, String)] = []
    ) -> MockResponse {
        var result = MockResponse(status: response.code ?? status)
        for (name, value) in extra { result.setHeader(name, value) }
        addDeclaredHeaders(response, to: &result, operation: exchange.operation)
        guard let content = chooseContent(response, accept: exchange.request.header("Accept")) else { return result }
        // 204, 205 and 304 never carry a body (RFC 9110), even where a contract declares content for them; the
        // declared media type is still named, as clients and checkers of such contracts expect.
        if [204, 205, 304].contains(result.status) {
            if let type = content.parsedType, type.type != "*", type.subtype != "*" {
                result.setHeader("Content-Type", type.essence)
            }
            return result
        }
        let mediaType = content.parsedType
        let concreteType =
            mediaType.map { $0.type == "*" || $0.subtype == "*" ? "application/json" : $0.essence }
            ?? "application/json"
        let isJSON = mediaType?.isJSON ?? false || (concreteType == "application/json" && content.schema != nil)
        if let sequence = content.sequence, let itemSchema = content.itemSchema {
            result.setHeader("Content-Type", concreteType)
            let items = sequenceItems(
                itemSchema, content: content, exchange: exchange, response: response, data: data,
                repairs: &result.repairs)
            result.body = sequence.encode(items)
            return result
        }
        if isJSON {
            // The body is checked against its schema once: the output check validates state (and serialises
            // it once, for its memo and the answer); generated and example bodies are validated when they are
            // made (and cached).
            var body = data.map {
                outputCheck.conformedBody(
                    $0, to: content.schema, salt: exchange.operation.displayName + response.status,
                    isRead: exchange.request.method == "GET", repairs: &result.repairs)
            }
            if body == nil, var made = sample(content, exchange: exchange, response: response) {
                // A success made from the contract still answers what the request sent (unless the caller
                // asked for one named example as it is).
                if let schema = content.schema, (200..<300).contains(result.status), exchange.preferences.example == nil
                {
                    made = reflectingRequest(made, schema: schema, exchange: exchange)
                }
                body = JSONSerializer.data(made)
            }
            if body == nil, content.schema == nil {
                // A JSON media type with no schema, no example and no data: the type, and no body.
                result.setHeader("Content-Type", concreteType)
                return result
            }
            result.setHeader(
                "Content-Type",
                concreteType == "application/json" || mediaType?.isJSON == true ? concreteType : "application/json")
            result.body = body ?? JSONSerializer.data(.null)
        } else {
            result.setHeader("Content-Type", concreteType)
            result.body = Self.syntheticBody(
                concreteType, example: content.example ?? content.examples.first?.value, data: data)
        }
        return result
    }

    /// The items of a sequential answer (JSON Lines, JSON Text Sequences, events; OpenAPI 3.2 `itemSchema`):
    /// stored data (a list's items, or one item) made to fit the item schema; else the example (a list of
    /// items, or one) when every item fits; else three generated items. The answer is whole (the connection
    /// is not held open): an EventSource reconnects, and with `Last-Event-ID` gets only what came after.
    func sequenceItems(
        _ itemSchema: SchemaHandle, content: MediaTypeContent, exchange: Exchange, response: Response,
        data: JSONValue?, repairs: inout [String]
    ) -> [JSONValue] {
        let salt = exchange.operation.displayName + response.status
        if let data {
            var items = data.arrayValue.map { Array($0) } ?? [data]
            if content.sequence == .eventStream {
                // A stored item travels as an event's JSON data, under its id, named as the schema names
                // every event when it names one (`event: {enum: [launch]}`).
                let eventSchema = itemSchema.value["properties"]?["event"]
                let only =
                    eventSchema?["const"] ?? eventSchema?["enum"]?.arrayValue.flatMap { $0.count == 1 ? $0[0] : nil }
                items = items.map { item in
                    guard case .object(let fields) = item, fields["data"] == nil else { return item }
                    var event = JSONObject()
                    if let id = fields["id"], let text = id.stringValue ?? (id == .null ? nil : id.description) {
                        event.set("id", .string(text))
                    }
                    if let only { event.set("event", only) }
                    event.set("data", .string(JSONSerializer.serialize(item)))
                    return .object(event)
                }
                // An EventSource that reconnects says the last event it saw: it gets only the ones after it.
                if let last = exchange.request.header("Last-Event-ID"),
                    let seen = items.firstIndex(where: { $0["id"]?.stringValue == last })
                {
                    items.removeFirst(seen + 1)
                }
            }
            return items.map { outputCheck.conform($0, to: itemSchema, salt: salt, repairs: &repairs) }
        }
        let named = exchange.preferences.example.flatMap { name in content.examples.first { $0.name == name }?.value }
        if let example = named ?? content.example ?? content.examples.first?.value {
            let items = example.arrayValue.map { Array($0) } ?? [example]
            if items.allSatisfy({ contract.validate($0, against: itemSchema, direction: .response).isEmpty }) {
                return items
            }
        }
        return (1...3).compactMap { generator.generate(schemaAt: itemSchema.uri, salt: "\(salt)#\($0)") }
    }

    /// The content entry to answer with: the first that `Accept` allows (JSON first), else the first.
    func chooseContent(_ response: Response, accept: String?) -> MediaTypeContent? {
        guard response.content.count > 1 else { return response.content.first }
        let ranges = accept?.split(separator: ",").compactMap { MediaType(String($0)) } ?? []
        let ordered = response.content.sorted { left, right in
            (left.parsedType?.isJSON ?? false) && !(right.parsedType?.isJSON ?? false)
        }
        if ranges.isEmpty { return ordered.first }
        return ordered.first { content in
            guard let type = content.parsedType else { return false }
            return ranges.contains { type.overlaps($0) }
        } ?? ordered.first
    }

    /// An example or generated body for a content entry (cached per operation, status and seed).
    func sample(_ content: MediaTypeContent, exchange: Exchange, response: Response) -> JSONValue? {
        if let name = exchange.preferences.example, let named = content.examples.first(where: { $0.name == name }) {
            return named.value
        }
        let example = content.example ?? content.examples.first?.value
        guard let schema = content.schema else { return exchange.preferences.dynamic ? nil : example }
        if exchange.preferences.dynamic {
            return generator.generate(schemaAt: schema.uri, salt: UUID().uuidString)
        }
        // Chosen once per operation, status and media type: the first example when it fits its own schema
        // (one that breaks it is never sent), else generated data.
        return cache.value(
            ResponseCache.key(.body, exchange.operation.displayName, response.status, content.mediaType)
        ) {
            if let example, contract.validate(example, against: schema, direction: .response).isEmpty { return example }
            return generator.generate(schemaAt: schema.uri, salt: exchange.operation.displayName + response.status)
        }
    }

    /// Declared response headers with generated values; `Location` is left to the behaviour that knows it.
    func addDeclaredHeaders(_ response: Response, to result: inout MockResponse, operation: ContractOperation) {
        for header in response.headers where header.name.lowercased() != "content-type" {
            if result.header(header.name) != nil { continue }
            if header.name.lowercased() == "location" { continue }
            guard let schema = header.schema else { continue }
            let value = cache.value(ResponseCache.key(.header, operation.displayName, response.status, header.name)) {
                generator.generate(schemaAt: schema.uri, salt: header.name)
            }
            switch value {
            case .string(let text): result.setHeader(header.name, text)
            case .number(let number): result.setHeader(header.name, number.description)
            case .bool(let flag): result.setHeader(header.name, flag ? "true" : "false")
            case .array(let items):
                result.setHeader(
                    header.name, items.map { $0.stringValue ?? JSONSerializer.serialize($0) }.joined(separator: ","))
            default: continue
            }
        }
    }

    static let tinyPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00,
        0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D,
        0x49,
        0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0x0F, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05, 0x18, 0x0D, 0xA8, 0xDB,
        0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// A body of a non-JSON media type: the example when it is text, else a small valid document of that type.
    static func syntheticBody(_ mediaType: String, example: JSONValue?, data: JSONValue?) -> [UInt8] {
        if case .string(let text) = example { return Array(text.utf8) }
        switch mediaType {
        case "text/csv":
            return Array("id,name\n1,alpha\n2,bravo\n".utf8)
        case "application/xml", "text/xml":
            return Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<result/>\n".utf8)
        case "text/html":
            return Array("<!doctype html>\n<html><head><title>mock</title></head><body></body></html>\n".utf8)
        case "application/pdf":
            return Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
        case "image/png":
            return tinyPNG
        case "application/x-www-form-urlencoded":
            return Array("status=ok".utf8)
        default:
            if mediaType.hasSuffix("+xml") { return Array("<?xml version=\"1.0\"?>\n<result/>\n".utf8) }
            if mediaType.hasPrefix("text/") {
                if case .string(let text) = data { return Array(text.utf8) }
                return Array("ok\n".utf8)
            }
            return Array("understudy mock binary content\n".utf8)
        }
    }
}
