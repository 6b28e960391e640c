import Foundation
import UnderstudyContract
import UnderstudyHarness
import UnderstudyMock
import UnderstudyScenarios
import UnderstudyTestSupport

/// A temporary folder with a contract and suites written into it, for tests.
struct Workspace {
    let folder: URL

    init(files: [String: String]) throws {
        folder = Scratch.folder("understudy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Loads `suite` and its contract, or fails with the diagnostics.
    func load(_ suite: String) throws -> (Suite, Contract) {
        let outcome = SuiteLoader().load(path: path(suite))
        guard let loaded = outcome.suite else {
            throw Failure(message: outcome.diagnostics.map(\.description).joined(separator: "\n"))
        }
        guard let contract = ContractLoader().load(path: loaded.contractPath).contract else {
            throw Failure(message: "contract \(loaded.contractPath) does not load")
        }
        return (loaded, contract)
    }

    /// Runs `suite` against the contract's mock in process (or through `wrap` around it).
    func run(
        _ suite: String, options: RunOptions = RunOptions(),
        wrap: (InProcessTransport) -> any ScenarioTransport = { $0 }
    ) async throws -> SuiteResult {
        let (loaded, contract) = try load(suite)
        let errors = SuiteRunner.bindingErrors(loaded, contract: contract)
        guard errors.isEmpty else { throw Failure(message: errors.joined(separator: "\n")) }
        let transport = wrap(InProcessTransport(contract: contract))
        let runner = SuiteRunner(
            suite: loaded, contract: contract, transport: transport,
            basePath: contract.servers.first?.basePath ?? "", session: "test", options: options)
        return await runner.run()
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Every failure message of a result, in order.
    static func messages(_ result: SuiteResult) -> [String] {
        (result.setup + result.scenarios.flatMap(\.steps) + result.teardown).flatMap { $0.failures.map(\.description) }
            + result.inputErrors
    }

    static let notesContract = """
        openapi: 3.0.3
        info: {title: Notes, version: '1'}
        servers: [{url: /api}]
        security: [{bearer: []}]
        paths:
          /notes:
            get:
              operationId: listNotes
              parameters:
                - {name: limit, in: query, schema: {type: integer, default: 20}}
                - {name: offset, in: query, schema: {type: integer, default: 0}}
              responses:
                '200':
                  description: a page
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [count, items]
                        properties:
                          count: {type: integer}
                          items: {type: array, items: {$ref: '#/components/schemas/Note'}}
                '401': {$ref: '#/components/responses/Problem'}
            post:
              operationId: createNote
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
              responses:
                '201':
                  description: created
                  content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
          /notes/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
            get:
              operationId: getNote
              responses:
                '200':
                  description: a note
                  content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
                '404': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
            delete:
              operationId: deleteNote
              responses:
                '204': {description: gone}
                '404': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          responses:
            Problem:
              description: a problem
              content:
                application/json:
                  schema:
                    type: object
                    required: [message]
                    properties: {message: {type: string}}
          schemas:
            Note:
              type: object
              required: [id, title]
              properties:
                id: {type: integer, readOnly: true}
                title: {type: string, minLength: 1}
                done: {type: boolean}
        """

    static let notesSuite = """
        suite: Notes
        contract: notes.yaml
        variables:
          title: buy milk
        credentials:
          me: {bearer: secret-token}
        auth: me
        setup:
          - name: a note every scenario can see
            operation: createNote
            json: {title: shared}
            expect: {status: 201}
            capture: {shared: $.id}
        scenarios:
          - name: create, read, list and delete
            tags: [crud]
            steps:
              - operation: createNote
                json: {title: "{{ title }}", done: false}
                expect:
                  status: 201
                  json:
                    $.id: {type: integer, min: 1}
                    $.title: "{{ title }}"
                capture: {note: $.id}
              - operation: getNote
                path: {id: "{{ note }}"}
                expect:
                  json: {$.title: "{{ title }}", $.done: false}
              - operation: listNotes
                query: {limit: 1}
                expect:
                  json:
                    $.count: 2
                    $.items: {length: 1}
              - operation: deleteNote
                path: {id: "{{ note }}"}
                expect: {status: 204}
              - operation: getNote
                path: {id: "{{ note }}"}
                expect: {status: 404}
          - name: the rules of the API
            tags: [errors]
            steps:
              - name: no credentials
                operation: listNotes
                auth: none
                expect: {status: 401, json: {$.message: {type: string}}}
              - name: a title is required
                operation: createNote
                json: {done: true}
                expect: {status: 400, json: {$.message: {matches: title}}}
          - name: pages hold what they say
            tags: [paging]
            steps:
              - operation: createNote
                json: {title: "{{ title }}"}
                forEach: [{title: one}, {title: two}, {title: three}]
              - operation: listNotes
                query: {limit: 2, offset: 1}
                expect:
                  json:
                    $.count: 4
                    $.items: {length: 2, each: {$.title: {type: string}}}
                    $.items[0].title: one
                    $.items[1].title: two
        """
}
