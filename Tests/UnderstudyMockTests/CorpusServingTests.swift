import Foundation
import Testing
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema
import UnderstudyTestSupport

/// Every operation of every corpus document is served from the contract alone: a valid request gets a
/// declared status (never a 5xx) and a body that conforms to that status's schema.
@Suite(.needsCorpus) struct CorpusServingTests {
    /// Responses no value can satisfy: `oneOf` alternatives where one includes the other (every value of the
    /// first also matches the second). Listed with their cause; any other failure fails the test.
    static let unsatisfiable: Set<String> = [
        "cpy.re_peertube_3.3.0.yaml GET /users/{id}",  // oneOf [User, UserWithStats = allOf [User, optional stats]]
        "influxdata.com_2.0.0.yaml POST /dashboards",  // oneOf [Dashboard, DashboardWithViewProperties] overlap
        "rebilly.com_2.1.yaml POST /payment-instruments",  // PaymentInstrument-2 oneOf: kinds share every field
    ]

    static func documents() -> [URL] {
        guard let corpus = Corpus.root else { return [] }
        var files = [corpus.appendingPathComponent("contract-fit.openapi.yaml")]
        files += Corpus.files(in: corpus.appendingPathComponent("public"), extensions: ["yaml"])
        files += Corpus.files(in: corpus.appendingPathComponent("real-servers"), extensions: ["yaml", "json"])
            .filter { $0.lastPathComponent.contains("openapi") }
        return files
    }

    /// Builds a request that satisfies the operation: path, required query/header/cookie parameters and the
    /// body generated from their schemas, and credentials for its first security alternative.
    static func request(
        for operation: ContractOperation, in contract: Contract, generator: ValueGenerator
    ) -> MockRequest {
        var path = operation.path
        var query: [String] = []
        var headers: [(name: String, value: String)] = []
        var cookies: [String] = []
        func text(_ parameter: Parameter) -> String {
            guard let schema = parameter.schema else { return "value" }
            let value = generator.generate(schemaAt: schema.uri, salt: operation.displayName + parameter.name)
            switch value {
            case .string(let string): return string
            case .array(let items):
                return items.map { $0.stringValue ?? JSONSerializer.serialize($0) }.joined(separator: ",")
            default: return JSONSerializer.serialize(value)
            }
        }
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))
        for parameter in operation.parameters where parameter.required || parameter.location == .path {
            var value = text(parameter)
            if parameter.location == .path, value.isEmpty {
                let options = parameter.schema.flatMap {
                    contract.schemas.resolve($0.uri, base: $0.uri)?.schema["enum"]?.arrayValue
                }
                value = options?.compactMap(\.stringValue).first { !$0.isEmpty } ?? "x"
            }
            switch parameter.location {
            case .path:
                path = path.replacingOccurrences(
                    of: "{\(parameter.name)}",
                    with: value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
            case .query:
                let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                query.append("\(parameter.name)=\(encoded)")
            case .header: headers.append((parameter.name, value))
            case .cookie: cookies.append("\(parameter.name)=\(value)")
            case .querystring: query.append(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
            }
        }
        if let requirement = operation.security.first {
            for entry in requirement.schemes {
                switch contract.securitySchemes[entry.name]?.kind {
                case .apiKey(let name, .header): headers.append((name, "test-key"))
                case .apiKey(let name, .query): query.append("\(name)=test-key")
                case .apiKey(let name, .cookie): cookies.append("\(name)=test-key")
                case .http(let scheme, _) where scheme == "basic":
                    headers.append(("Authorization", "Basic dXNlcjpwYXNz"))
                case .http(let scheme, _): headers.append(("Authorization", "\(scheme.capitalized) token"))
                case .oauth2, .openIdConnect: headers.append(("Authorization", "Bearer token"))
                default: break
                }
            }
        }
        if !cookies.isEmpty { headers.append(("Cookie", cookies.joined(separator: "; "))) }
        var body: [UInt8] = []
        if let requestBody = operation.requestBody, let content = requestBody.content.first {
            let mediaType = MediaType(content.mediaType)
            let bodyGenerator = ValueGenerator(registry: contract.schemas, seed: 3, direction: .request)
            let value =
                content.schema.map { bodyGenerator.generate(schemaAt: $0.uri, salt: operation.displayName) } ?? [:]
            if mediaType?.isJSON == true || content.mediaType == "*/*" {
                headers.append(("Content-Type", mediaType?.isJSON == true ? mediaType!.essence : "application/json"))
                body = JSONSerializer.data(value)
            } else if content.mediaType == "application/x-www-form-urlencoded" {
                headers.append(("Content-Type", content.mediaType))
                body = Array(Self.formEncode(value).joined(separator: "&").utf8)
            } else if mediaType?.type == "multipart" {
                let boundary = "understudy-boundary"
                headers.append(("Content-Type", "multipart/form-data; boundary=\(boundary)"))
                var text = ""
                for member in value.objectValue ?? JSONObject() {
                    let rendered = member.value.stringValue ?? JSONSerializer.serialize(member.value)
                    text +=
                        "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(member.key)\"\r\n\r\n\(rendered)\r\n"
                }
                text += "--\(boundary)--\r\n"
                body = Array(text.utf8)
            } else {
                headers.append(
                    (
                        "Content-Type",
                        mediaType.map { $0.type == "*" || $0.subtype == "*" ? "application/octet-stream" : $0.essence }
                            ?? "application/octet-stream"
                    ))
                body = Array("content".utf8)
            }
        }
        return MockRequest(
            method: operation.method, path: path, query: query.isEmpty ? nil : query.joined(separator: "&"),
            headers: headers, body: body)
    }

    /// Whether an error body (problem details or an API's own shape) says the item was deleted.
    static func saysDeleted(_ body: JSONValue) -> Bool {
        JSONSerializer.serialize(body).contains("was deleted from")
    }

    /// Form fields in bracket notation: `a[b][0]=x` for nested objects and arrays.
    static func formEncode(_ value: JSONValue, prefix: String = "") -> [String] {
        switch value {
        case .object(let object):
            return object.flatMap { formEncode($0.value, prefix: prefix.isEmpty ? $0.key : "\(prefix)[\($0.key)]") }
        case .array(let array):
            return array.enumerated().flatMap { formEncode($0.element, prefix: "\(prefix)[\($0.offset)]") }
        default:
            let text = value.stringValue ?? JSONSerializer.serialize(value)
            return [
                "\(prefix.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? prefix)=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            ]
        }
    }

    @Test(arguments: documents())
    func everyOperationIsServedAndConforms(file: URL) async throws {
        let contract = try #require(ContractLoader().load(path: file.path).contract)
        let engine = MockEngine(contract: contract, options: MockOptions(seed: 5, selfCheck: false))
        let generator = ValueGenerator(registry: contract.schemas, seed: 11, direction: .request)
        var failures: [String] = []
        var statuses: [Int: Int] = [:]
        var rejections: [String] = []
        for operation in contract.operations {
            // CPU-bound work: let other tests' tasks (a live server's handlers) run on the shared pool.
            await Task.yield()
            let request = Self.request(for: operation, in: contract, generator: generator)
            let (response, record) = engine.handle(request)
            statuses[response.status, default: 0] += 1
            if [400, 401, 415, 422].contains(response.status), rejections.count < 6 {
                rejections.append(
                    "\(operation.method) \(operation.path) \(response.status): \(record.issues.prefix(2))")
            }
            let name = "\(operation.method) \(operation.path)"
            guard record.operationId == operation.displayName else {
                failures.append(
                    "\(name): routed to \(record.operationId ?? "nothing") (\(response.status)) for \(request.path): "
                        + String(decoding: response.body.prefix(200), as: UTF8.self))
                continue
            }
            if response.status >= 500 {
                failures.append("\(name): \(response.status)")
                continue
            }
            guard let declared = operation.response(for: response.status) else {
                // The stated policy: an item an earlier request deleted is a declared client error, else 404.
                if response.status == 404,
                    request.method == "HEAD" || response.jsonBody.map({ Self.saysDeleted($0) }) == true
                {
                    continue
                }
                failures.append(
                    "\(name): undeclared status \(response.status): \(record.issues.prefix(2)) \(String(decoding: response.body.prefix(200), as: UTF8.self))"
                )
                continue
            }
            // 204, 205 and 304 carry no body, whatever the contract declares for them.
            if [204, 205, 304].contains(response.status) {
                if !response.body.isEmpty { failures.append("\(name): \(response.status) with a body") }
                continue
            }
            guard operation.method != "HEAD", let type = response.header("Content-Type").flatMap(MediaType.init),
                type.isJSON,
                let content = declared.content.first(where: {
                    MediaType($0.mediaType).map { type.isIncluded(in: $0) || $0.isJSON } ?? false
                }),
                let schema = content.schema
            else { continue }
            guard let body = response.jsonBody else {
                failures.append("\(name): \(response.status) body is not JSON")
                continue
            }
            if let error = contract.validate(body, against: schema, direction: .response).first,
                !Self.unsatisfiable.contains("\(file.lastPathComponent) \(name)")
            {
                failures.append("\(name): \(response.status) body does not conform: \(error)")
            }
        }
        let summary = statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        print(
            "\(file.lastPathComponent): \(contract.operations.count - failures.count)/\(contract.operations.count) operations served and conforming [\(summary)]"
        )
        for failure in failures.prefix(8) { print("  \(failure)") }
        for rejection in rejections { print("  rejected: \(rejection)") }
        #expect(failures.isEmpty, "\(failures.count) operations of \(file.lastPathComponent) failed")
    }
}
