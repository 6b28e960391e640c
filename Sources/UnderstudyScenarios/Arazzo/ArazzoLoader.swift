import Foundation
import UnderstudyContract
import UnderstudySchema

/// Reads an Arazzo 1.0 document (YAML or JSON) into an ``ArazzoDocument``, reporting every problem with
/// `file:line:column` before anything runs: missing or mistyped fields, duplicate or malformed ids, steps that
/// name no (or more than one) target, runtime expressions and criteria that do not parse, `goto`s and
/// `dependsOn`s that name nothing, and cycles of `dependsOn` or of sub-workflows. Operations are looked up in
/// the sources later (``ArazzoDocument/operationErrors(contracts:)``).
public struct ArazzoLoader: Sendable {
    /// `--source NAME=PATH`: where a source given by URL (or any source) is read from instead.
    public var sourceMap: [String: String]

    public init(sourceMap: [String: String] = [:]) { self.sourceMap = sourceMap }

    public struct Outcome: Sendable {
        public var document: ArazzoDocument?
        public var diagnostics: [Diagnostic]
    }

    /// Whether a read document is an Arazzo document (it has a top-level `arazzo`).
    public static func isArazzo(_ value: JSONValue?) -> Bool { value?["arazzo"] != nil }

    /// Whether `id` fits the specification's pattern for ids, `^[A-Za-z0-9_\-]+$`.
    static func isValidId(_ id: String) -> Bool {
        !id.isEmpty
            && id.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
            }
    }

    public func load(path: String) -> Outcome {
        let read: YAMLReader.Result
        do {
            read = try DocumentReader().read(path: path, displayPath: path)
        } catch {
            return Outcome(document: nil, diagnostics: [error.diagnostic])
        }
        var diagnostics = read.diagnostics
        guard case .object(let root)? = read.value else {
            if read.value != nil {
                diagnostics.append(
                    .error("an Arazzo document is a mapping", file: path, at: SourceLocation(line: 1, column: 1)))
            }
            return Outcome(document: nil, diagnostics: diagnostics)
        }
        var reader = Reader(file: path, root: root, sourceMap: sourceMap)
        let document = reader.document()
        diagnostics += reader.diagnostics
        return Outcome(document: diagnostics.hasErrors ? nil : document, diagnostics: diagnostics)
    }

    struct Reader {
        let file: String
        let root: JSONObject
        let sourceMap: [String: String]
        var diagnostics: [Diagnostic] = []

        init(file: String, root: JSONObject, sourceMap: [String: String]) {
            self.file = file
            self.root = root
            self.sourceMap = sourceMap
        }

        mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
            diagnostics.append(.error(message, file: file, at: location, hint: hint))
        }

        mutating func document() -> ArazzoDocument {
            let version = root["arazzo"]?.stringValue ?? ""
            if !version.hasPrefix("1.0.") {
                error(
                    "unsupported Arazzo version '\(version)'", at: root.valueLocation(of: "arazzo"),
                    hint: "Understudy runs Arazzo 1.0.x")
            }
            diagnostics += Diagnostic.unknownKeys(
                in: root, allowed: ["arazzo", "info", "sourceDescriptions", "workflows", "components"],
                context: "the document", file: file)
            let title = root["info"]?["title"]?.stringValue ?? file
            let sources = self.sources()
            let workflows = self.workflows(sources: sources)
            checkGraph(workflows, externalSources: Set(sources.filter { $0.type == "arazzo" }.map(\.name)))
            return ArazzoDocument(
                file: file, title: title, sources: sources, workflows: workflows,
                components: root["components"]?.objectValue ?? JSONObject(), root: .object(root))
        }

        mutating func sources() -> [ArazzoDocument.Source] {
            guard case .array(let list) = root["sourceDescriptions"], !list.isEmpty else {
                error(
                    "'sourceDescriptions' must list at least one source", at: root.keyLocation(of: "sourceDescriptions")
                )
                return []
            }
            var result: [ArazzoDocument.Source] = []
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
            for (index, entry) in list.enumerated() {
                let at = list.location(at: index)
                guard let name = entry["name"]?.stringValue, let url = entry["url"]?.stringValue else {
                    error("a source description needs 'name' and 'url'", at: at)
                    continue
                }
                let type = entry["type"]?.stringValue ?? "openapi"
                var path: String?
                if let mapped = sourceMap[name] {
                    path = mapped
                } else if url.contains("://") {
                    error(
                        "source '\(name)' is the URL \(url), which is not read",
                        at: entry.objectValue?.valueLocation(of: "url") ?? at,
                        hint: "map it to a local file: --source \(name)=PATH")
                } else {
                    // A path through shared/corpus/ is looked for where the corpus may be (a plain clone).
                    path = CorpusReference.locate(
                        url.hasPrefix("/") ? url : folder.appendingPathComponent(url).standardizedFileURL.path)
                }
                if result.contains(where: { $0.name == name }) { error("source '\(name)' is described twice", at: at) }
                result.append(.init(name: name, url: url, type: type, path: path, location: at))
            }
            return result
        }

        mutating func workflows(sources: [ArazzoDocument.Source]) -> [ArazzoDocument.Workflow] {
            guard case .array(let list) = root["workflows"], !list.isEmpty else {
                error("'workflows' must list at least one workflow", at: root.keyLocation(of: "workflows"))
                return []
            }
            var result: [ArazzoDocument.Workflow] = []
            for (index, entry) in list.enumerated() {
                let at = list.location(at: index)
                guard case .object(let object) = entry, let id = object["workflowId"]?.stringValue else {
                    error("a workflow needs a 'workflowId'", at: at)
                    continue
                }
                if result.contains(where: { $0.id == id }) {
                    error("workflowId '\(id)' is used twice", at: object.valueLocation(of: "workflowId"))
                }
                diagnostics += Diagnostic.unknownKeys(
                    in: object,
                    allowed: [
                        "workflowId", "summary", "description", "inputs", "dependsOn", "steps", "successActions",
                        "failureActions", "outputs", "parameters",
                    ], context: "a workflow", file: file)
                var steps: [ArazzoDocument.Step] = []
                for (position, step) in (object["steps"]?.arrayValue ?? JSONArray()).enumerated() {
                    if let read = self.step(step, at: object["steps"]!.arrayValue!.location(at: position)) {
                        if steps.contains(where: { $0.id == read.id }) {
                            error("stepId '\(read.id)' is used twice in workflow '\(id)'", at: read.location)
                        }
                        steps.append(read)
                    }
                }
                if steps.isEmpty { error("workflow '\(id)' has no steps", at: object.keyLocation(of: "workflowId")) }
                var inputs = object["inputs"]
                var inputsPointer: JSONPointer? =
                    inputs == nil ? nil : JSONPointer(tokens: ["workflows", String(index), "inputs"])
                if let reference = inputs?["$ref"]?.stringValue {
                    inputsPointer = JSONPointer(fragment: String(reference.drop { $0 != "#" }.dropFirst()))
                    inputs = inputsPointer.flatMap { JSONValue.object(root).value(at: $0) }
                    if inputs == nil {
                        error(
                            "inputs '$ref: \(reference)' does not resolve in this document",
                            at: object.valueLocation(of: "inputs"))
                    }
                }
                let workflow = ArazzoDocument.Workflow(
                    id: id, summary: object["summary"]?.stringValue, inputs: inputs, inputsPointer: inputsPointer,
                    dependsOn: object["dependsOn"]?.arrayValue?.compactMap(\.stringValue) ?? [], steps: steps,
                    successActions: object["successActions"]?.arrayValue.map { Array($0) } ?? [],
                    failureActions: object["failureActions"]?.arrayValue.map { Array($0) } ?? [],
                    outputs: outputs(object["outputs"]),
                    parameters: object["parameters"]?.arrayValue.map { Array($0) } ?? [],
                    location: at)
                for action in workflow.successActions + workflow.failureActions { checkAction(action) }
                for parameter in workflow.parameters { checkParameter(parameter) }
                result.append(workflow)
            }
            return result
        }

        mutating func step(_ value: JSONValue, at location: SourceLocation) -> ArazzoDocument.Step? {
            guard case .object(let object) = value, let id = object["stepId"]?.stringValue else {
                error("a step needs a 'stepId'", at: location)
                return nil
            }
            if !ArazzoLoader.isValidId(id) {
                error(
                    "stepId '\(id)' may hold only letters, digits, '_' and '-'", at: object.valueLocation(of: "stepId"))
            }
            diagnostics += Diagnostic.unknownKeys(
                in: object,
                allowed: [
                    "stepId", "description", "operationId", "operationPath", "workflowId", "parameters",
                    "requestBody", "successCriteria", "onSuccess", "onFailure", "outputs",
                ], context: "a step", file: file)
            let targets = ["operationId", "operationPath", "workflowId"].filter { object[$0] != nil }
            if targets.count != 1 {
                error(
                    "step '\(id)' must name exactly one of operationId, operationPath and workflowId"
                        + (targets.isEmpty ? "" : " (it names \(targets.joined(separator: " and ")))"),
                    at: object.keyLocation(of: "stepId"))
            }
            let step = ArazzoDocument.Step(
                id: id, description: object["description"]?.stringValue,
                operationId: object["operationId"]?.stringValue,
                operationPath: object["operationPath"]?.stringValue, workflowId: object["workflowId"]?.stringValue,
                parameters: object["parameters"]?.arrayValue.map { Array($0) } ?? [],
                requestBody: object["requestBody"],
                successCriteria: object["successCriteria"]?.arrayValue.map { Array($0) } ?? [],
                onSuccess: object["onSuccess"]?.arrayValue.map { Array($0) } ?? [],
                onFailure: object["onFailure"]?.arrayValue.map { Array($0) } ?? [], outputs: outputs(object["outputs"]),
                location: location)
            for parameter in step.parameters { checkParameter(parameter) }
            for criterion in step.successCriteria { checkCriterion(criterion) }
            for action in step.onSuccess + step.onFailure { checkAction(action) }
            if let body = step.requestBody {
                checkValue(body["payload"])
                for replacement in body["replacements"]?.arrayValue ?? JSONArray() {
                    if let target = replacement["target"]?.stringValue, JSONPointer(fragment: target) == nil,
                        JSONPointer(fragment: String(target.drop { $0 == "#" })) == nil
                    {
                        error(
                            "replacement target '\(target)' is not a JSON Pointer",
                            at: replacement.objectValue?.valueLocation(of: "target") ?? location)
                    }
                    checkValue(replacement["value"])
                }
            }
            return step
        }

        func outputs(_ value: JSONValue?) -> [(name: String, expression: JSONValue)] {
            guard case .object(let object) = value else { return [] }
            return object.map { ($0.key, $0.value) }
        }

        /// Every runtime expression in a value (a whole `$...` string, or `{$...}` inside one) parses.
        mutating func checkValue(_ value: JSONValue?, at location: SourceLocation? = nil) {
            switch value {
            case .string(let text):
                do {
                    if text.hasPrefix("$") {
                        _ = try RuntimeExpression(text)
                    } else {
                        _ = try RuntimeExpression.template(text)
                    }
                } catch {
                    self.error(error.description, at: location ?? .unknown)
                }
            case .object(let object):
                for (key, member) in object { checkValue(member, at: object.valueLocation(of: key)) }
            case .array(let array):
                for (index, member) in array.enumerated() { checkValue(member, at: array.location(at: index)) }
            default: break
            }
        }

        mutating func checkParameter(_ parameter: JSONValue) {
            guard case .object(let object) = parameter else { return }
            if let reference = object["reference"]?.stringValue {
                checkComponent(reference, at: object.valueLocation(of: "reference"))
            } else if object["name"]?.stringValue == nil {
                error("a parameter needs a 'name' (or a 'reference' to components)", at: object.location)
            }
            if let place = object["in"]?.stringValue, !["path", "query", "header", "cookie"].contains(place) {
                error(
                    "parameter 'in: \(place)' must be path, query, header or cookie", at: object.valueLocation(of: "in")
                )
            }
            checkValue(object["value"], at: object.valueLocation(of: "value"))
        }

        mutating func checkComponent(_ reference: String, at location: SourceLocation) {
            let parts = reference.split(separator: ".").map(String.init)
            guard parts.count == 3, parts[0] == "$components",
                root["components"]?[parts[1]]?[parts[2]] != nil
            else {
                let known = (root["components"]?.objectValue ?? JSONObject()).flatMap { kind, members in
                    (members.objectValue?.keys.map { "$components.\(kind).\($0)" } ?? [])
                }
                error(
                    "'\(reference)' names no component", at: location,
                    hint: Suggestion.hint(for: reference, in: known) ?? "declare it under components")
                return
            }
        }

        mutating func checkCriterion(_ criterion: JSONValue) {
            guard case .object(let object) = criterion, let condition = object["condition"]?.stringValue else {
                error("a criterion needs a 'condition'", at: criterion.objectValue?.location ?? .unknown)
                return
            }
            let at = object.valueLocation(of: "condition")
            let type = object["type"]?.stringValue ?? object["type"]?["type"]?.stringValue ?? "simple"
            if let context = object["context"]?.stringValue {
                do { _ = try RuntimeExpression(context) } catch {
                    self.error(error.description, at: object.valueLocation(of: "context"))
                }
            }
            switch type {
            case "simple":
                do { _ = try SimpleCondition(condition) } catch { self.error(error.description, at: at) }
            case "regex":
                if object["context"] == nil { error("a regex criterion needs a 'context'", at: object.location) }
                if (try? Regex(condition)) == nil { error("'\(condition)' is not a regular expression", at: at) }
            case "jsonpath":
                if object["context"] == nil { error("a jsonpath criterion needs a 'context'", at: object.location) }
                do { _ = try CriterionPath(condition) } catch { self.error(error.description, at: at) }
            case "xpath":
                error(
                    "xpath criteria are not supported", at: object.valueLocation(of: "type"),
                    hint: "use jsonpath or regex")
            default:
                error(
                    "criterion type '\(type)' must be simple, regex, jsonpath or xpath",
                    at: object.valueLocation(of: "type"))
            }
        }

        mutating func checkAction(_ action: JSONValue) {
            guard case .object(let object) = action else { return }
            if let reference = object["reference"]?.stringValue {
                checkComponent(reference, at: object.valueLocation(of: "reference"))
                return
            }
            let type = object["type"]?.stringValue ?? ""
            guard ["end", "goto", "retry"].contains(type) else {
                error("action type '\(type)' must be end, goto or retry", at: object.valueLocation(of: "type"))
                return
            }
            if type == "goto", (object["stepId"] == nil) == (object["workflowId"] == nil) {
                error("a goto names exactly one of stepId and workflowId", at: object.location)
            }
            if let limit = object["retryLimit"], (limit.intValue ?? -1) < 0 {
                error("retryLimit must be a whole number of at least 0", at: object.valueLocation(of: "retryLimit"))
            }
            if let after = object["retryAfter"], (after.numberValue?.doubleValue ?? -1) < 0 {
                error(
                    "retryAfter must be a number of seconds of at least 0", at: object.valueLocation(of: "retryAfter"))
            }
            for criterion in object["criteria"]?.arrayValue ?? JSONArray() { checkCriterion(criterion) }
        }

        /// gotos, sub-workflows and dependsOn name what exists; dependsOn and sub-workflow calls do not go round.
        mutating func checkGraph(_ workflows: [ArazzoDocument.Workflow], externalSources: Set<String>) {
            let ids = Set(workflows.map(\.id))
            /// Whether a reference names a workflow of another document (checked when that one is read).
            func external(_ reference: String) -> Bool {
                let parts = reference.split(separator: ".").map(String.init)
                return parts.count == 3 && parts[0] == "$sourceDescriptions" && externalSources.contains(parts[1])
            }
            var calls: [String: [String]] = [:]
            for workflow in workflows {
                let stepIds = Set(workflow.steps.map(\.id))
                for dependency in workflow.dependsOn where external(dependency) {
                    error(
                        "workflow '\(workflow.id)' depends on '\(dependency)' of another document, which is not supported",
                        at: workflow.location, hint: "call it from a step (workflowId) instead")
                }
                for dependency in workflow.dependsOn
                where !external(dependency) && !ids.contains(Self.local(dependency)) {
                    error(
                        "workflow '\(workflow.id)' depends on '\(dependency)', which is not a workflow here",
                        at: workflow.location, hint: Suggestion.hint(for: dependency, in: ids))
                }
                calls[workflow.id, default: []] += workflow.dependsOn.map(Self.local)
                let actions = workflow.successActions + workflow.failureActions
                for step in workflow.steps {
                    if let target = step.workflowId, !external(target) {
                        if !ids.contains(Self.local(target)) {
                            error(
                                "step '\(step.id)' runs workflow '\(target)', which is not a workflow here",
                                at: step.location,
                                hint: Suggestion.hint(for: target, in: ids))
                        }
                        calls[workflow.id, default: []].append(Self.local(target))
                    }
                    for action in step.onSuccess + step.onFailure + actions {
                        if let target = action["stepId"]?.stringValue, !stepIds.contains(target) {
                            error(
                                "a goto in workflow '\(workflow.id)' names step '\(target)', which it does not have",
                                at: action.objectValue?.valueLocation(of: "stepId") ?? step.location,
                                hint: Suggestion.hint(for: target, in: stepIds))
                        }
                        if let target = action["workflowId"]?.stringValue, !external(target),
                            !ids.contains(Self.local(target))
                        {
                            error(
                                "a goto names workflow '\(target)', which is not a workflow here",
                                at: action.objectValue?.valueLocation(of: "workflowId") ?? step.location)
                        }
                    }
                }
            }
            for workflow in workflows { checkSuccessLoops(workflow) }
            // A workflow that reaches itself through dependsOn or sub-workflow steps never ends.
            for workflow in workflows {
                var seen: Set<String> = []
                var queue = calls[workflow.id] ?? []
                while let next = queue.popLast() {
                    if next == workflow.id {
                        error(
                            "workflow '\(workflow.id)' reaches itself through dependsOn or sub-workflow steps",
                            at: workflow.location)
                        break
                    }
                    if seen.insert(next).inserted { queue += calls[next] ?? [] }
                }
            }
        }

        /// Steps that, when they succeed, always go on to one another (an unconditional first `goto`, or the
        /// next step when there is no success action) and so never end: a goto cycle, refused.
        mutating func checkSuccessLoops(_ workflow: ArazzoDocument.Workflow) {
            var next: [Int: Int] = [:]
            for (index, step) in workflow.steps.enumerated() {
                let actions = step.onSuccess + workflow.successActions
                if let first = actions.first {
                    guard first["criteria"] == nil, first["type"]?.stringValue == "goto",
                        let target = first["stepId"]?.stringValue,
                        let position = workflow.steps.firstIndex(where: { $0.id == target })
                    else { continue }
                    next[index] = position
                } else if index + 1 < workflow.steps.count {
                    next[index] = index + 1
                }
            }
            var reported = Set<Int>()
            for start in next.keys.sorted() where !reported.contains(start) {
                var seen: [Int] = [start]
                var current = next[start]
                while let step = current, !seen.contains(step) {
                    seen.append(step)
                    current = next[step]
                }
                guard let repeated = current, let loopStart = seen.firstIndex(of: repeated) else { continue }
                let loop = Array(seen[loopStart...])
                guard !loop.contains(where: reported.contains) else { continue }
                reported.formUnion(loop)
                let names = (loop + [repeated]).map { workflow.steps[$0].id }.joined(separator: " -> ")
                error(
                    "in workflow '\(workflow.id)' the steps \(names) go round for ever when they succeed"
                        + " (an unconditional goto)", at: workflow.steps[loop[0]].location,
                    hint: "give the goto criteria, or end the loop with an action")
            }
        }

        /// `$sourceDescriptions.NAME.workflowId` → `workflowId` (workflows of this document only, for now).
        static func local(_ reference: String) -> String {
            reference.hasPrefix("$sourceDescriptions.") ? String(reference.split(separator: ".").last ?? "") : reference
        }
    }
}
