import UnderstudyContract
import UnderstudySchema

extension ArazzoDocument {
    /// Steps whose operation no source declares (`file:line: ...`, with a suggestion), found before anything
    /// runs; `contracts` holds the OpenAPI sources by name.
    public func operationErrors(contracts: [String: Contract]) -> [String] {
        var errors: [String] = []
        let known = contracts.values.flatMap { $0.operations.compactMap(\.operationId) }
        for workflow in workflows {
            for step in workflow.steps where step.workflowId == nil {
                guard WorkflowRunner.locateOperation(step, in: self, contracts: contracts) == nil else { continue }
                let place = step.location.isKnown ? "\(file):\(step.location.line)" : file
                if let id = step.operationId {
                    let bare = id.hasPrefix("$sourceDescriptions.") ? String(id.split(separator: ".").last ?? "") : id
                    errors.append(
                        "\(place): step '\(step.id)': no source declares the operation '\(id)'"
                            + (Suggestion.hint(for: bare, in: known).map { " (\($0))" } ?? ""))
                } else {
                    errors.append(
                        "\(place): step '\(step.id)': operationPath '\(step.operationPath ?? "")' does not name an operation"
                            + " of a source (write {$sourceDescriptions.NAME.url}#/paths/~1path/method)")
                }
            }
        }
        return errors
    }
}
