import UnderstudyContract
import UnderstudySchema

extension ArazzoDocument {
    /// Steps whose operation no source declares (`file:line: ...`, with a suggestion), found before anything
    /// runs; `contracts` holds the OpenAPI sources by name.
    public func operationErrors(contracts: [String: Contract]) -> [String] {
        operationDiagnostics(contracts: contracts).map { diagnostic in
            let place = diagnostic.location.isKnown ? "\(file):\(diagnostic.location.line)" : file
            return "\(place): \(diagnostic.message)" + (diagnostic.hint.map { " (\($0))" } ?? "")
        }
    }

    /// ``operationErrors(contracts:)`` as diagnostics at the step's line and column (for lint).
    public func operationDiagnostics(contracts: [String: Contract]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let known = contracts.values.flatMap { $0.operations.compactMap(\.operationId) }
        for workflow in workflows {
            for step in workflow.steps where step.workflowId == nil {
                guard WorkflowRunner.locateOperation(step, in: self, contracts: contracts) == nil else { continue }
                if let id = step.operationId {
                    let bare = id.hasPrefix("$sourceDescriptions.") ? String(id.split(separator: ".").last ?? "") : id
                    diagnostics.append(
                        .error(
                            "step '\(step.id)': no source declares the operation '\(id)'", file: file,
                            at: step.location,
                            hint: Suggestion.hint(for: bare, in: known)))
                } else {
                    diagnostics.append(
                        .error(
                            "step '\(step.id)': operationPath '\(step.operationPath ?? "")' does not name an operation"
                                + " of a source (write {$sourceDescriptions.NAME.url}#/paths/~1path/method)",
                            file: file, at: step.location))
                }
            }
        }
        return diagnostics
    }

    /// Steps and gotos naming a workflow of another document (`$sourceDescriptions.NAME.workflowId`, NAME an
    /// `arazzo` source) that the document read as `externals[NAME]` does not have.
    public func externalWorkflowErrors(externals: [String: ArazzoDocument]) -> [String] {
        var errors: [String] = []
        for workflow in workflows {
            for step in workflow.steps {
                let references =
                    [step.workflowId].compactMap { $0 }
                    + (step.onSuccess + step.onFailure).compactMap { $0["workflowId"]?.stringValue }
                for reference in references where reference.hasPrefix("$sourceDescriptions.") {
                    let parts = reference.split(separator: ".").map(String.init)
                    guard parts.count == 3, let source = sources.first(where: { $0.name == parts[1] }),
                        source.type == "arazzo"
                    else { continue }
                    let place = step.location.isKnown ? "\(file):\(step.location.line)" : file
                    guard let other = externals[parts[1]] else {
                        errors.append("\(place): step '\(step.id)': source '\(parts[1])' could not be read")
                        continue
                    }
                    if other.workflow(parts[2]) == nil {
                        errors.append(
                            "\(place): step '\(step.id)': \(other.file) has no workflow '\(parts[2])'"
                                + (Suggestion.hint(for: parts[2], in: other.workflows.map(\.id)).map { " (\($0))" }
                                    ?? ""))
                    }
                }
            }
        }
        return errors
    }
}
