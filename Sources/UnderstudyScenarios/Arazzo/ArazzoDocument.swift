import UnderstudyContract
import UnderstudySchema

/// An Arazzo 1.0 document, read: its sources, workflows and components. Parameters, criteria, actions and
/// request bodies stay as written (with their places) and are interpreted as the workflow runs; every runtime
/// expression in them was parsed when the document was read, so a bad one stops the run before any request.
public struct ArazzoDocument: Sendable {
    /// The path as given.
    public var file: String
    public var title: String
    public var sources: [Source]
    public var workflows: [Workflow]
    /// `components` as written (`inputs`, `parameters`, `successActions`, `failureActions`).
    public var components: JSONObject
    /// The whole document, for `$ref`s inside it (`#/components/inputs/...`).
    public var root: JSONValue

    /// A `sourceDescriptions` entry.
    public struct Source: Sendable {
        public var name: String
        public var url: String
        /// `openapi` or `arazzo`.
        public var type: String
        /// The local file it is read from (its relative `url`, or what `--source NAME=PATH` maps it to).
        public var path: String?
        public var location: SourceLocation
    }

    public struct Workflow: Sendable {
        public var id: String
        public var summary: String?
        /// The inputs' JSON Schema (a `$ref` into the document resolved).
        public var inputs: JSONValue?
        /// Where that schema is in the document (references inside it resolve against the document).
        public var inputsPointer: JSONPointer?
        public var dependsOn: [String]
        public var steps: [Step]
        public var successActions: [JSONValue]
        public var failureActions: [JSONValue]
        public var outputs: [(name: String, expression: JSONValue)]
        public var parameters: [JSONValue]
        public var location: SourceLocation
    }

    public struct Step: Sendable {
        public var id: String
        public var description: String?
        public var operationId: String?
        public var operationPath: String?
        public var workflowId: String?
        public var parameters: [JSONValue]
        public var requestBody: JSONValue?
        public var successCriteria: [JSONValue]
        public var onSuccess: [JSONValue]
        public var onFailure: [JSONValue]
        public var outputs: [(name: String, expression: JSONValue)]
        public var location: SourceLocation
    }

    /// The URI the whole document is registered under, so schemas inside it (`inputs`) resolve their
    /// `#/components/...` references.
    public var schemaURI: String { "urn:understudy:arazzo:" + file }

    /// The workflow named `id`.
    public func workflow(_ id: String) -> Workflow? { workflows.first { $0.id == id } }
}
