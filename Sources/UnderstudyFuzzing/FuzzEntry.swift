import Foundation
import UnderstudyContract
import UnderstudyMock
import UnderstudySchema

/// What each coverage-guided fuzz target under fuzz/ feeds its input to, here so the regression tests run
/// the very same code over every input the fuzzers kept (fuzz/regressions, fuzz/corpus). Each entry must
/// return normally for any bytes: a trap is a bug.
public enum FuzzEntry {
    /// The fuzz targets by name (`yaml`, `json`, `template`, `request`, `multipart`).
    public static let targets: [String: @Sendable ([UInt8]) -> Void] = [
        "yaml": yaml, "json": json, "template": template, "request": request, "multipart": multipart,
    ]

    /// The YAML reader, with an alias budget small enough to keep the fuzzer fast.
    @Sendable public static func yaml(_ bytes: [UInt8]) {
        var reader = YAMLReader()
        reader.maxExpandedNodes = 100_000
        let result = reader.read(bytes, file: "fuzz.yaml")
        if let value = result.value { _ = JSONSerializer.serialize(value) }
    }

    /// The strict JSON parser, then the serializer and a parse of its output (which must succeed).
    @Sendable public static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes: bytes) else { return }
        let written = JSONSerializer.serialize(value)
        guard let again = try? JSONParser.parse(written) else {
            fatalError("the serializer wrote JSON its own parser refuses: \(written.prefix(200))")
        }
        _ = again == value
    }

    /// The template language: parse as a template and as a bare expression, then evaluate against
    /// variables with objects, arrays, numbers at the extremes, dates and a fixed clock.
    @Sendable public static func template(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var variables = Variables(
            [
                "item": [
                    "id": "r1", "n": .int(Int.max), "m": .int(Int.min), "x": .double(-0.0), "big": .double(1e308),
                    "created_at": "2024-06-01T12:00:00Z", "tags": ["a", "b"], "nested": ["k": [1, 2, 3]],
                ],
                "request": ["query": ["limit": "9223372036854775807", "q": "x"], "body": ["name": "ada"]],
                "index": 3,
            ], clock: { Date(timeIntervalSince1970: 1_717_243_200) })
        variables.lenient = true
        variables.allowsEnvironment = false
        if let template = try? Template(text) { _ = try? template.render(variables) }
        if let expression = try? TemplateExpression(text) {
            _ = try? expression.evaluate(variables)
            _ = try? expression.test(variables)
            _ = expression.description
        }
    }

    /// A multipart body: the first line is the boundary, the rest the body.
    @Sendable public static func multipart(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: 10) ?? bytes.endIndex
        let boundary = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
        if let parts = try? MultipartParser.parse(body, boundary: boundary) {
            for part in parts { _ = (part.name, part.filename, part.contentType, part.content.count) }
        }
    }

    /// A whole request through the mock of a contract with every kind of parameter and body: routing,
    /// the query parser, the parameter decoder, the request validator (JSON, form, multipart, text), the
    /// behaviours on state (lists with hostile paging numbers among them) and rendering. The input reads as
    /// `METHOD TARGET`, header lines, an empty line, then the body; anything else is sent as a body.
    @Sendable public static func request(_ bytes: [UInt8]) {
        let harness = RequestHarness.shared
        let response = harness.service.handle(RequestHarness.parse(bytes))
        _ = response.status
        harness.count()
    }
}
