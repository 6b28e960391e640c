import Logging
import UnderstudyContract
import UnderstudySchema

/// The output-check stage, last in the pipeline: data from state is checked against the response schema
/// before it is sent. What fits goes out as it is (and is remembered, so a stored item read again and again
/// is validated once); what does not is never silently sent: it goes out blended with conforming generated
/// data, and the repair is reported (in the answer's `repairs`, which the journal shows) and logged.
struct OutputCheck: Sendable {
    let contract: Contract
    let generator: ValueGenerator
    /// Generated bases for blends, shared with the engine's other generated bodies.
    let cache: ResponseCache
    /// Whether a repair is also logged as a warning (`MockOptions.selfCheck`).
    let logsRepairs: Bool
    /// Values already found to fit a schema.
    let memo = ValidationMemo()
    /// Objects sent before (stored items, mostly), so one sent again unchanged is copied, not written anew.
    let sent = SerializedObjectCache()
    let logger = Logger(label: "understudy.mock")

    /// `data` when it fits `schema` (with `format` asserting and without); otherwise a blend of it with
    /// generated data (`salt` picks the base) that fits, with the reason added to `repairs`.
    func conform(_ data: JSONValue, to schema: SchemaHandle?, salt: String, repairs: inout [String]) -> JSONValue {
        guard let schema else { return data }
        let bytes = JSONSerializer.data(data)
        return fits(data, serialized: bytes, schema) ? data : repaired(data, to: schema, salt: salt, repairs: &repairs)
    }

    /// ``conform(_:to:salt:repairs:)`` serialised: the bytes to send. Data that fits is serialised once, for
    /// the memo and the answer both. A read copies the stored items it sends from ``sent`` (and keeps the
    /// ones it writes there) and goes through the memo; a write (whose item is new: each create's answer
    /// differs from every earlier one by its id and times) serialises as it is and is validated without the
    /// memo, whose look-up would miss and whose entry would be the first of many never asked for.
    func conformedBody(
        _ data: JSONValue, to schema: SchemaHandle?, salt: String, isRead: Bool, repairs: inout [String]
    ) -> [UInt8] {
        let bytes = isRead ? JSONSerializer.data(data, reusing: sent) : JSONSerializer.data(data)
        guard let schema, !fits(data, serialized: bytes, schema, memoized: isRead) else { return bytes }
        return JSONSerializer.data(repaired(data, to: schema, salt: salt, repairs: &repairs))
    }

    /// Whether `data` (serialised as `bytes`) fits `schema`, with `format` asserting and without (see
    /// Contract.conforms); looked up in the memo first and remembered when it does, if `memoized`.
    private func fits(
        _ data: JSONValue, serialized bytes: [UInt8], _ schema: SchemaHandle, memoized: Bool = true
    ) -> Bool {
        guard memoized else { return contract.conforms(data, to: schema, direction: .response) }
        if memo.isKnownValid(serialized: bytes, against: schema.uri, schemaHash: schema.uriHash) { return true }
        guard contract.conforms(data, to: schema, direction: .response) else { return false }
        memo.remember(serialized: bytes, validAgainst: schema.uri, schemaHash: schema.uriHash)
        return true
    }

    /// A blend of `data` with generated data that fits `schema`, keeping every member of `data` that can
    /// stay; the reason is added to `repairs` (and logged when ``logsRepairs``).
    private func repaired(
        _ data: JSONValue, to schema: SchemaHandle, salt: String, repairs: inout [String]
    ) -> JSONValue {
        let errors = contract.validate(data, against: schema, direction: .response)
        let reason = errors.first.map(\.description) ?? "it fits only while format asserts"
        repairs.append("stored data did not fit the response schema (\(reason)); sent blended with conforming data")
        if logsRepairs {
            logger.warning("self-check: stored data does not fit \(schema.uri): \(reason); sending a conforming blend")
        }
        let base = cache.value(ResponseCache.key(.conform, schema.uri, salt)) {
            generator.generate(schemaAt: schema.uri, salt: salt)
        }
        guard case .object(var blend) = base, case .object(let stored) = data else { return base }
        // The members the schema declares, its `anyOf`/`oneOf` alternatives' too.
        let node = SchemaNode(schema)
        let declared = Set(
            (node.properties(in: contract.schemas) + node.alternativeProperties(in: contract.schemas)).map(\.name))
        // A stored member stays when it leaves the blend with no more errors than before: with a conforming
        // base, when the blend still conforms. A schema no value can fit (a `oneOf` whose alternatives accept
        // the same values) gives a base that does not conform either; the stored members then still stay
        // where they make nothing worse, rather than all being traded for generated ones that fit no better.
        var remaining = errorCount(.object(blend), schema)
        for (key, value) in stored where declared.contains(key) {
            let previous = blend[key]
            blend.set(key, value)
            let now = errorCount(.object(blend), schema)
            if now > remaining {
                if let previous { blend.set(key, previous) } else { blend.remove(key) }
            } else {
                remaining = now
            }
        }
        if remaining > 0 {
            repairs.append(
                "no value fitting the response schema could be made (generated data does not fit it either); "
                    + "sent as close as it gets")
        }
        return .object(blend)
    }

    /// How many errors `value` has against `schema`, with `format` asserting and without (none: it conforms;
    /// see Contract.conforms).
    private func errorCount(_ value: JSONValue, _ schema: SchemaHandle) -> Int {
        contract.validate(value, against: schema, direction: .response).count
            + contract.validator(direction: .response, formatAssertion: false).validate(value, against: schema.uri)
            .count
    }
}
