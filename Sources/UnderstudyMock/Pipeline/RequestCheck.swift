import UnderstudyContract
import UnderstudySchema

/// The validation stage (after rate limits): the request against the operation's parameters and body
/// (through the contract's `RequestValidator`), then its `Accept` against what the operation can answer.
/// It decides only: a valid request's decoded values, or the status and the issues, which the engine
/// renders in the API's error shape.
struct RequestCheck: Sendable {
    enum Outcome: Sendable {
        case valid(ValidatedRequest)
        /// 400/415/422 with what is wrong, or 406 with why no answer satisfies `Accept`.
        case invalid(status: Int, message: String, issues: [RequestIssue])
    }

    let validator: RequestValidator

    init(contract: Contract) { validator = RequestValidator(contract: contract) }

    func check(_ input: HTTPRequestInput, operation: ContractOperation, accept: String?) -> Outcome {
        let (validated, issues) = validator.validate(input, operation: operation)
        if let unsupported = issues.first(where: { $0.kind == .unsupportedMediaType }) {
            return .invalid(status: 415, message: unsupported.message, issues: issues)
        }
        if !issues.isEmpty {
            return .invalid(
                status: Self.validationStatus(for: operation), message: "the request does not match the contract",
                issues: issues)
        }
        // An operation that answers only by switching protocols (a contract's 101, as Docker's `POST
        // /session`) switches only when asked to: RFC 9110 forbids switching to a protocol the request's
        // Upgrade header did not name, and a client that did not ask would wait for an answer that never comes.
        if Self.answersBySwitchingProtocols(operation), (input.header("Upgrade") ?? "").trimmingSpaces.isEmpty {
            let issue = RequestIssue(
                .invalid, location: "header.Upgrade",
                message: "this operation answers 101 Switching Protocols; send an Upgrade header naming the protocol")
            return .invalid(
                status: Self.validationStatus(for: operation), message: "the request does not ask for an upgrade",
                issues: [issue])
        }
        if let accept, !Self.acceptable(operation, accept: accept) {
            let offered = Set(operation.responses.flatMap { $0.content.map(\.mediaType) }).sorted()
            return .invalid(
                status: 406,
                message:
                    "none of the response media types (\(offered.joined(separator: ", "))) satisfies Accept: \(accept)",
                issues: [])
        }
        return .valid(validated)
    }

    /// The status for a request that breaks the contract: 400 unless the operation declares 422 and not 400.
    static func validationStatus(for operation: ContractOperation) -> Int {
        let codes = Set(operation.responses.compactMap(\.code))
        if codes.contains(400) { return 400 }
        if codes.contains(422) { return 422 }
        return 400
    }

    /// Whether the operation's success answer is 101 Switching Protocols (it declares no other success).
    static func answersBySwitchingProtocols(_ operation: ContractOperation) -> Bool {
        operation.responses.indices.contains { operation.responses[$0].code == 101 }
            && ResourceBehaviour.successResponse(of: operation, preferring: [])?.code == 101
    }

    /// Whether some declared response media type satisfies `Accept`.
    static func acceptable(_ operation: ContractOperation, accept: String) -> Bool {
        let ranges = accept.split(separator: ",").compactMap { MediaType(String($0)) }
        guard !ranges.isEmpty else { return true }
        let offered = operation.responses.flatMap { $0.content.compactMap { $0.parsedType } }
        if offered.isEmpty { return true }
        return offered.contains { type in ranges.contains { type.overlaps($0) } }
            || ranges.contains { $0.isJSON } && offered.contains { $0.type == "*" }
    }
}
