import Foundation
import Testing
import UnderstudyContract
import UnderstudyHarness
import UnderstudyMock
import UnderstudySchema
import UnderstudyTestSupport

@testable import UnderstudyScenarios

/// Arazzo documents read (every problem located before anything runs) and run against an in-process mock:
/// criteria, outputs, sub-workflows, gotos, retries and their bounds.
@Suite struct ArazzoWorkflowTests {
    static let contract = """
        openapi: 3.0.3
        info: {title: Notes, version: '1'}
        paths:
          /notes:
            post:
              operationId: createNote
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, required: [text], properties: {id: {type: string, readOnly: true}, text: {type: string}}}
              responses:
                '201':
                  description: made
                  content:
                    application/json:
                      schema: {type: object, properties: {id: {type: string}, text: {type: string}}}
            get:
              operationId: listNotes
              responses:
                '200':
                  description: all
                  content:
                    application/json:
                      schema: {type: array, items: {type: object, properties: {id: {type: string}, text: {type: string}}}}
          /notes/{id}:
            get:
              operationId: getNote
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: one
                  content:
                    application/json:
                      schema: {type: object, properties: {id: {type: string}, text: {type: string}}}
                '404': {description: none}
        """

    func write(_ arazzo: String) throws -> String {
        let folder = Scratch.folder("arazzo")
        try Self.contract.write(to: folder.appendingPathComponent("notes.yaml"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("flow.arazzo.yaml")
        try arazzo.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func run(_ arazzo: String, inputs: JSONObject = JSONObject()) async throws -> SuiteResult {
        // (a JSONObject built from a literal: `["text": "first"]` is a JSONValue)
        let path = try write(arazzo)
        let outcome = ArazzoLoader().load(path: path)
        let document = try #require(outcome.document, "\(outcome.diagnostics)")
        let contract = try #require(ContractLoader().load(text: Self.contract).contract)
        #expect(document.operationErrors(contracts: ["notes": contract]).isEmpty)
        let runner = WorkflowRunner(
            document: document, contracts: ["notes": contract], transport: InProcessTransport(contract: contract),
            basePaths: ["notes": ""], session: "arazzo-test", sharedInputs: inputs)
        return await runner.run()
    }

    @Test func aWorkflowPassesDataFromStepToStepAndToAnother() async throws {
        let result = try await run(
            """
            arazzo: 1.0.1
            info: {title: Notes, version: '1'}
            sourceDescriptions: [{name: notes, url: ./notes.yaml, type: openapi}]
            workflows:
              - workflowId: write
                inputs: {type: object, required: [text], properties: {text: {$ref: '#/components/inputs/text'}}}
                steps:
                  - stepId: create
                    operationId: createNote
                    requestBody: {payload: {text: $inputs.text}}
                    successCriteria: [{condition: $statusCode == 201}, {condition: "$response.body#/text == $inputs.text"}]
                    outputs: {id: $response.body#/id}
                  - stepId: read
                    operationPath: '{$sourceDescriptions.notes.url}#/paths/~1notes~1{id}/get'
                    parameters: [{name: id, in: path, value: $steps.create.outputs.id}]
                    successCriteria:
                      - condition: $statusCode == 200
                      - {context: $response.body, type: jsonpath, condition: "$[?(@ == '{$inputs.text}')]"}
                outputs: {id: $steps.create.outputs.id}
              - workflowId: reuse
                steps:
                  - stepId: write-again
                    workflowId: write
                    parameters: [{name: text, value: second}]
                    outputs: {id: $outputs.id}
                  - stepId: list
                    operationId: listNotes
                    successCriteria: [{condition: "$response.body#/1/id == $steps.write-again.outputs.id"}]
            components:
              inputs:
                text: {type: string, minLength: 1}
            """,
            inputs: (JSONValue.object(JSONObject()).objectValue.map { object -> JSONObject in
                var inputs = object
                inputs.set("text", "first")
                return inputs
            })!)
        #expect(result.passed, "\(result.scenarios.flatMap(\.failures))")
        #expect(result.scenarios.map(\.name) == ["write", "reuse"])
        #expect(result.scenarios[1].steps.map(\.name) == ["write › create", "write › read", "write-again", "list"])
    }

    @Test func aCriterionThatFailsSaysWhereAndWhatItSaw() async throws {
        let result = try await run(
            """
            arazzo: 1.0.1
            info: {title: Notes, version: '1'}
            sourceDescriptions: [{name: notes, url: ./notes.yaml}]
            workflows:
              - workflowId: missing
                steps:
                  - stepId: read
                    operationId: getNote
                    parameters: [{name: id, in: path, value: nope}]
                    successCriteria: [{condition: $statusCode == 200}]
                  - stepId: never
                    operationId: listNotes
            """)
        #expect(!result.passed)
        let step = try #require(result.scenarios.first?.steps.first)
        #expect(
            step.failures.map(\.message) == [
                "\(result.file):10: '$statusCode == 200' does not hold ($statusCode is 404)"
            ])
        #expect(result.scenarios.first?.steps.count == 1)
    }

    @Test func retriesAreBoundedAndGotoLoopsStop() async throws {
        let result = try await run(
            """
            arazzo: 1.0.1
            info: {title: Notes, version: '1'}
            sourceDescriptions: [{name: notes, url: ./notes.yaml}]
            workflows:
              - workflowId: retrying
                steps:
                  - stepId: read
                    operationId: getNote
                    parameters: [{name: id, in: path, value: nope}]
                    successCriteria: [{condition: $statusCode == 200}]
                    onFailure: [{name: again, type: retry, retryAfter: 0, retryLimit: 2}]
              - workflowId: looping
                steps:
                  - stepId: list
                    operationId: listNotes
                    onSuccess: [{name: again, type: goto, stepId: list, criteria: [{condition: $statusCode == 200}]}]
            """)
        let retrying = try #require(result.scenarios.first)
        #expect(!retrying.passed)
        #expect(retrying.steps.count == 3)
        let looping = try #require(result.scenarios.last)
        #expect(!looping.passed)
        #expect(looping.steps.count == WorkflowRunner.maxStepRuns + 1)
        #expect(looping.steps.last?.failures.first?.message.contains("without ending") == true)
    }

    @Test func aRetryThatLaterPassesLeavesTheWorkflowPassing() async throws {
        let result = try await run(
            """
            arazzo: 1.0.1
            info: {title: Notes, version: '1'}
            sourceDescriptions: [{name: notes, url: ./notes.yaml}]
            workflows:
              - workflowId: handled
                steps:
                  - stepId: read
                    operationId: getNote
                    parameters: [{name: id, in: path, value: nope}]
                    successCriteria: [{condition: $statusCode == 200}]
                    onFailure: [{name: make-one, type: goto, stepId: create}]
                  - stepId: create
                    operationId: createNote
                    requestBody: {payload: {text: made}}
                    successCriteria: [{condition: $statusCode == 201}]
            """)
        #expect(result.passed, "\(result.scenarios.flatMap(\.failures))")
        #expect(result.scenarios.first?.steps.count == 2)
    }

    /// A step runs a workflow of another Arazzo document (a source of type arazzo) and reads its outputs.
    @Test func aWorkflowOfAnotherDocumentRunsAsAStep() async throws {
        let main = try write(
            """
            arazzo: 1.0.1
            info: {title: Main, version: '1'}
            sourceDescriptions:
              - {name: notes, url: ./notes.yaml}
              - {name: shared, url: ./shared.arazzo.yaml, type: arazzo}
            workflows:
              - workflowId: main
                steps:
                  - stepId: write-through-shared
                    workflowId: $sourceDescriptions.shared.write
                    parameters: [{name: text, value: shared}]
                    successCriteria: [{condition: $statusCode == 201}]
                    outputs: {id: $outputs.id}
                  - stepId: read
                    operationId: getNote
                    parameters: [{name: id, in: path, value: $steps.write-through-shared.outputs.id}]
                    successCriteria: [{condition: "$response.body#/text == 'shared'"}]
            """)
        let folder = URL(fileURLWithPath: main).deletingLastPathComponent()
        try """
        arazzo: 1.0.1
        info: {title: Shared, version: '1'}
        sourceDescriptions: [{name: notes, url: ./notes.yaml}]
        workflows:
          - workflowId: write
            inputs: {type: object, properties: {text: {type: string}}}
            steps:
              - stepId: create
                operationId: createNote
                requestBody: {payload: {text: $inputs.text}}
                outputs: {id: $response.body#/id}
            outputs: {id: $steps.create.outputs.id}
        """.write(to: folder.appendingPathComponent("shared.arazzo.yaml"), atomically: true, encoding: .utf8)
        let document = try #require(ArazzoLoader().load(path: main).document)
        let sharedPath = folder.appendingPathComponent("shared.arazzo.yaml").path
        let shared = try #require(ArazzoLoader().load(path: sharedPath).document)
        #expect(document.externalWorkflowErrors(externals: ["shared": shared]) == [])
        let contract = try #require(ContractLoader().load(text: Self.contract).contract)
        let transport = InProcessTransport(contract: contract)
        var runner = WorkflowRunner(
            document: document, contracts: ["notes": contract], transport: transport, basePaths: ["notes": ""],
            session: "external")
        runner.externals["shared"] = WorkflowRunner(
            document: shared, contracts: ["notes": contract], transport: transport, basePaths: ["notes": ""],
            session: "external")
        let result = await runner.run()
        #expect(result.passed, "\(result.scenarios.flatMap(\.failures))")
        #expect(
            result.scenarios.first?.steps.map(\.name) == [
                "$sourceDescriptions.shared.write › create", "write-through-shared", "read",
            ])
        let empty = ArazzoDocument(
            file: "other.yaml", title: "x", sources: [], workflows: [], components: JSONObject(), root: .null)
        let missing = document.externalWorkflowErrors(externals: ["shared": empty])
        #expect(missing.count == 1)
        #expect(missing.first?.hasSuffix("step 'write-through-shared': other.yaml has no workflow 'write'") == true)
    }

    @Test func problemsAreFoundBeforeAnythingRuns() throws {
        let path = try write(
            """
            arazzo: 1.0.1
            info: {title: Broken, version: '1'}
            sourceDescriptions:
              - {name: notes, url: ./notes.yaml}
              - {name: remote, url: 'https://example.com/api.yaml'}
            workflows:
              - workflowId: a
                dependsOn: [b]
                steps:
                  - stepId: one
                    operationId: createNote
                    successCriteria: [{condition: "$statsCode == 201"}]
                    onSuccess: [{name: next, type: goto, stepId: tow}]
                  - stepId: two
                    operationId: listNotes
                    successCriteria: [{condition: "/x/", type: xpath, context: $response.body}]
              - workflowId: b
                dependsOn: [a]
                steps:
                  - {stepId: 'bad id', operationId: listNotes, operationPath: x}
              - workflowId: c
                steps:
                  - {stepId: first, operationId: listNotes}
                  - {stepId: second, operationId: listNotes, onSuccess: [{name: back, type: goto, stepId: first}]}
            """)
        let outcome = ArazzoLoader().load(path: path)
        #expect(outcome.document == nil)
        let lines = outcome.diagnostics.map { $0.description.replacingOccurrences(of: path, with: "flow.arazzo.yaml") }
        #expect(
            lines == [
                "flow.arazzo.yaml:5:25: error: source 'remote' is the URL https://example.com/api.yaml, which is not read\n    hint: map it to a local file: --source remote=PATH",
                "flow.arazzo.yaml:12:39: error: '$statsCode' is not a runtime expression (did you mean 'statusCode'?); expressions start with $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions or $components",
                "flow.arazzo.yaml:16:52: error: xpath criteria are not supported\n    hint: use jsonpath or regex",
                "flow.arazzo.yaml:20:18: error: stepId 'bad id' may hold only letters, digits, '_' and '-'",
                "flow.arazzo.yaml:20:10: error: step 'bad id' must name exactly one of operationId, operationPath and workflowId (it names operationId and operationPath)",
                "flow.arazzo.yaml:13:54: error: a goto in workflow 'a' names step 'tow', which it does not have\n    hint: did you mean 'two'?",
                "flow.arazzo.yaml:23:9: error: in workflow 'c' the steps first -> second -> first go round for ever when they succeed (an unconditional goto)\n    hint: give the goto criteria, or end the loop with an action",
                "flow.arazzo.yaml:7:5: error: workflow 'a' reaches itself through dependsOn or sub-workflow steps",
                "flow.arazzo.yaml:17:5: error: workflow 'b' reaches itself through dependsOn or sub-workflow steps",
            ])
    }
}
