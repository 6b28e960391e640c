import UnderstudySchema

extension ProfileBinding {
    /// Which operations' answers, under the profile, depend only on the request, the caller and the store,
    /// by operation index: those reads may be answered again from the read cache once the security,
    /// permission and rate-limit stages have let the request through (they run on every request, so rate
    /// counts, expiries and revoked tokens still apply). Not such an operation: a login; one whose rule or
    /// whose resource's computed fields read the clock or draw (`now`, `uuid`, `random`, `counter`); one on
    /// a resource with a lifecycle (its state moves with time and with reads).
    func answersDependOnlyOnStore() -> [Bool] {
        behaviors.indices.map { index in
            guard sessionRules[index] == nil else { return false }
            if let rule = operationRules[index], Self.readsClockOrChance(rule.value) { return false }
            // The collection the operation works on, and the resource its rule names (they may differ).
            let collections = [
                behaviors[index].collection,
                operationRules[index]?.value.resource.flatMap { collectionByResource[$0] },
            ]
            for case let info? in collections {
                guard let resource = resourceByItemPath[info.itemPath] else { continue }
                if resource.lifecycle != nil || Template.readsClockOrChance(.object(resource.computed)) {
                    return false
                }
            }
            return true
        }
    }

    /// Whether anything the rule evaluates on a request reads the clock or draws.
    static func readsClockOrChance(_ rule: OperationRule) -> Bool {
        var expressions: [TemplateExpression] = rule.guards.map(\.when)
        expressions += [rule.keepWhen, rule.list?.only, rule.list?.defaultFilter].compactMap { $0 }
        if expressions.contains(where: \.readsClockOrChance) { return true }
        var values: [JSONValue] = rule.guards.map { .string($0.message) }
        values += [.object(rule.effects), rule.body ?? .null]
        values += rule.headers.values.map(JSONValue.string)
        if values.contains(where: Template.readsClockOrChance) { return true }
        guard let download = rule.download else { return false }
        let templates =
            [download.by, download.filename, download.fallback?.body] + download.variants.values.map(\.body)
        return templates.contains { $0?.readsClockOrChance == true }
    }
}
