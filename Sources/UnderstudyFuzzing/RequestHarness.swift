import Synchronization
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// The mock the request fuzz target talks to: one contract exercising every parameter style and body kind,
/// its state reset every few hundred inputs so a long run does not grow.
final class RequestHarness: Sendable {
    static let shared = RequestHarness()

    let service: MockService
    private let store: StateStore
    private let handled = Mutex(0)

    private init() {
        let loaded = ContractLoader().load(text: Self.contract)
        guard let contract = loaded.contract else {
            fatalError("the fuzz contract does not load: \(loaded.diagnostics)")
        }
        store = StateStore()
        let engine = MockEngine(contract: contract, store: store)
        service = MockService(mounts: [MountedContract(prefix: "", engine: engine)], store: store)
    }

    /// Counts one input; every 256th resets the state.
    func count() {
        let reset = handled.withLock { count -> Bool in
            count += 1
            return count % 256 == 0
        }
        if reset { store.reset() }
    }

    /// Reads `METHOD TARGET\nName: value\n…\n\nbody` leniently; input without that shape is a POST body.
    static func parse(_ bytes: [UInt8]) -> MockRequest {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let headEnd = text.range(of: "\n\n") ?? text.range(of: "\r\n\r\n") else {
            return MockRequest(
                method: "POST", target: "/items", headers: [("Content-Type", "application/json"), key], body: bytes)
        }
        var lines = text[..<headEnd.lowerBound].split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        let requestLine = lines.isEmpty ? [] : lines.removeFirst().split(separator: " ", maxSplits: 1)
        let method = requestLine.first.map(String.init) ?? "GET"
        let target = requestLine.count > 1 ? String(requestLine[1]) : "/"
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            )
        }
        return MockRequest(
            method: method, target: target, headers: headers, body: Array(text[headEnd.upperBound...].utf8))
    }

    static let key = (name: "X-Api-Key", value: "fuzz")

    static let contract = """
        openapi: 3.0.3
        info: {title: Fuzz, version: '1'}
        security: [{key: []}, {basic: []}]
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
                - {name: offset, in: query, schema: {type: integer}}
                - {name: sort, in: query, schema: {type: string}}
                - {name: kind, in: query, schema: {type: string, enum: [a, b, c]}}
                - {name: ids, in: query, style: form, explode: false, schema: {type: array, items: {type: integer}}}
                - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
                - {name: filter, in: query, style: deepObject, explode: true, schema: {type: object, properties: {min: {type: number}, name: {type: string}}}}
                - {name: X-Trace, in: header, schema: {type: string, format: uuid}}
                - {name: pref, in: cookie, schema: {type: integer, minimum: 0}}
              responses:
                '200':
                  description: page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          count: {type: integer}
                          next: {type: string, nullable: true}
                          previous: {type: string, nullable: true}
                          results: {type: array, items: {$ref: '#/components/schemas/Item'}}
                '400': {$ref: '#/components/responses/Error'}
            post:
              operationId: createItem
              requestBody:
                required: true
                content:
                  application/json: {schema: {$ref: '#/components/schemas/Item'}}
                  application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/Item'}}
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
                        file: {type: string, format: binary}
                        meta: {type: object, properties: {size: {type: integer}}}
                  text/plain: {schema: {type: string, maxLength: 100}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                '400': {$ref: '#/components/responses/Error'}
                '409': {$ref: '#/components/responses/Error'}
          /items/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: integer, format: int64}}]
            get:
              operationId: getItem
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                '404': {$ref: '#/components/responses/Error'}
            put:
              operationId: replaceItem
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                '404': {$ref: '#/components/responses/Error'}
            patch:
              operationId: updateItem
              requestBody: {content: {application/merge-patch+json: {schema: {type: object}}}}
              responses:
                '200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
            delete:
              operationId: deleteItem
              responses: {'204': {description: gone}, '404': {$ref: '#/components/responses/Error'}}
          /items/{id}/parts/{part}.{ext}:
            get:
              operationId: getPart
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {name: part, in: path, required: true, style: label, explode: true, schema: {type: array, items: {type: string}}}
                - {name: ext, in: path, required: true, schema: {type: string, enum: [csv, json]}}
              responses:
                '200': {description: part, content: {text/csv: {schema: {type: string}}, application/json: {schema: {type: object}}}}
          /pages:
            get:
              operationId: listPages
              parameters:
                - {name: page, in: query, schema: {type: integer}}
                - {name: per_page, in: query, schema: {type: number}}
                - {name: cursor, in: query, schema: {type: string}}
              responses:
                '200':
                  description: page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: {type: array, items: {$ref: '#/components/schemas/Item'}}
                          _meta: {type: object, properties: {page: {type: integer}, total_pages: {type: integer}, per_page: {type: integer}}}
            post:
              operationId: createPage
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
              responses:
                '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
          /pages/{pageId}:
            get:
              operationId: getPage
              parameters: [{name: pageId, in: path, required: true, schema: {type: string, format: uuid}}]
              responses: {'200': {description: one, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}}
          /me:
            get:
              responses: {'200': {description: me, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}}
            patch:
              requestBody: {content: {application/json: {schema: {type: object}}}}
              responses: {'200': {description: me, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
            basic: {type: http, scheme: basic}
          responses:
            Error:
              description: error
              content:
                application/json:
                  schema: {type: object, required: [code, message], properties: {code: {type: string}, message: {type: string}}}
          schemas:
            Item:
              type: object
              required: [name]
              properties:
                id: {type: integer, readOnly: true}
                name: {type: string, minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9 _-]+$'}
                kind: {type: string, enum: [a, b, c]}
                size: {type: number, minimum: -1e300, maximum: 1e300, multipleOf: 0.5}
                when: {type: string, format: date-time}
                email: {type: string, format: email}
                tags: {type: array, maxItems: 5, uniqueItems: true, items: {type: string}}
                shape:
                  oneOf:
                    - {type: object, required: [radius], properties: {radius: {type: number}}, additionalProperties: false}
                    - {type: object, required: [side], properties: {side: {type: integer}}, additionalProperties: false}
                extra: {allOf: [{type: object}, {properties: {a: {type: boolean}}}], nullable: true}
        """
}
