import UnderstudySchema

/// Checks a response against its operation: the status is declared (exactly, by range or `default`), the
/// media type is one the declared response offers, a JSON body parses and validates against its schema
/// (readOnly/writeOnly by direction), and declared headers are present when required and valid. Every
/// issue names where in the response it is and where in the contract the rule is.
public struct ResponseValidator: Sendable {
    public let contract: Contract

    public init(contract: Contract) { self.contract = contract }

    public func validate(
        status: Int, headers: [(name: String, value: String)], body: [UInt8], operation: ContractOperation
    ) -> [ResponseIssue] {
        guard let declared = operation.response(for: status) else {
            let codes = operation.responses.map(\.status).joined(separator: ", ")
            return [
                ResponseIssue(
                    .undeclaredStatus,
                    "status \(status) is not declared for \(operation.displayName) (declared: \(codes))",
                    location: "status", contractLocation: position(operation.documentURI, operation.pointer))
            ]
        }
        var issues = validateHeaders(headers, declared: declared)
        guard !declared.content.isEmpty, !body.isEmpty else { return issues }
        let contentType = HeaderField.first("Content-Type", in: headers)
        let sent = contentType.flatMap(MediaType.init)
        let content =
            sent.flatMap { sent in declared.content.first { $0.parsedType.map(sent.isIncluded(in:)) ?? false } }
            ?? (sent == nil ? declared.content.first : nil)
        guard let content else {
            let offered = declared.content.map(\.mediaType).joined(separator: ", ")
            issues.append(
                ResponseIssue(
                    .undeclaredContentType,
                    "Content-Type \(contentType ?? "(none)") is not declared for \(declared.status) (declared: \(offered))",
                    location: "header.Content-Type", contractLocation: position(declared.documentURI, declared.pointer))
            )
            return issues
        }
        if let sequence = content.sequence, let itemSchema = content.itemSchema {
            return issues + validateItems(body, sequence: sequence, against: itemSchema)
        }
        guard content.parsedType?.isJSON ?? (sent?.isJSON ?? false), let schema = content.schema else { return issues }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: body)
        } catch {
            issues.append(
                ResponseIssue(
                    .malformedBody, "the body is not JSON: \(error)", location: "body",
                    contractLocation: position(schema.documentURI, schema.pointer)))
            return issues
        }
        for error in contract.validate(value, against: schema, direction: .response) {
            let pointer = error.instanceLocation.tokens.isEmpty ? "" : "#" + error.instanceLocation.description
            issues.append(
                ResponseIssue(
                    .invalidBody, error.message, location: "body" + pointer,
                    contractLocation: position(error.schemaDocument, error.schemaLocation)))
        }
        return issues
    }

    /// A sequential body checked item by item against the media type's `itemSchema`; an issue names its item
    /// (`body[2]#/name`).
    private func validateItems(
        _ body: [UInt8], sequence: SequentialMedia, against schema: SchemaHandle
    )
        -> [ResponseIssue]
    {
        switch sequence.decode(body) {
        case .failure(let unreadable):
            return [
                ResponseIssue(
                    .malformedBody, "the body's \(unreadable)", location: "body[\(unreadable.item)]",
                    contractLocation: position(schema.documentURI, schema.pointer))
            ]
        case .success(let items):
            var issues: [ResponseIssue] = []
            for (index, item) in items.enumerated() {
                for error in contract.validate(item, against: schema, direction: .response) {
                    let pointer = error.instanceLocation.tokens.isEmpty ? "" : "#" + error.instanceLocation.description
                    issues.append(
                        ResponseIssue(
                            .invalidBody, error.message, location: "body[\(index + 1)]" + pointer,
                            contractLocation: position(error.schemaDocument, error.schemaLocation)))
                }
            }
            return issues
        }
    }

    private func validateHeaders(_ headers: [(name: String, value: String)], declared: Response) -> [ResponseIssue] {
        var issues: [ResponseIssue] = []
        let decoder = ParameterDecoder(contract: contract)
        for header in declared.headers where header.name.lowercased() != "content-type" {
            let values = HeaderField.values(header.name, in: headers)
            guard !values.isEmpty else {
                if header.required {
                    issues.append(
                        ResponseIssue(
                            .missingHeader, "required header \(header.name) is missing",
                            location: "header.\(header.name)",
                            contractLocation: position(declared.documentURI, declared.pointer)))
                }
                continue
            }
            guard let schema = header.schema else { continue }
            let parameter = Parameter(
                name: header.name, location: .header, required: header.required, schema: schema,
                documentURI: schema.documentURI, pointer: schema.pointer)
            let value = decoder.decodeSingle(values.joined(separator: ","), parameter: parameter)
            for error in contract.validate(value, against: schema, direction: .response) {
                issues.append(
                    ResponseIssue(
                        .invalidHeader, "\(header.name): \(error.message)", location: "header.\(header.name)",
                        contractLocation: position(error.schemaDocument, error.schemaLocation)))
            }
        }
        return issues
    }

    private func position(_ documentURI: String, _ pointer: JSONPointer) -> String {
        contract.describePosition(documentURI: documentURI, pointer: pointer)
    }
}
