import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

/// Values generated from every JSON response schema of every corpus document validate against that schema,
/// and the same seed gives the same value.
@Suite struct GeneratedValueConformanceTests {
    /// Responses the generator does not yet make conform, each with its cause. Any other failure fails the test,
    /// and a listed one that starts to conform must be removed from here.
    static let knownGaps: [String: String] = [
        "cpy.re_peertube_3.3.0.yaml getUser 200": "oneOf of User and UserWithStats: every User also matches the other",
        "influxdata.com_2.0.0.yaml PostDashboards 201": "oneOf of Dashboard and DashboardWithViewProperties overlap",
        "influxdata.com_2.0.0.yaml GetDashboardsID 200": "oneOf of Dashboard and DashboardWithViewProperties overlap",
        "influxdata.com_2.0.0.yaml PostVariables 201": "VariableProperties oneOf: generated arguments match 3 branches",
        "influxdata.com_2.0.0.yaml GetVariablesID 200":
            "VariableProperties oneOf: generated arguments match 3 branches",
        "influxdata.com_2.0.0.yaml PutVariablesID 200":
            "VariableProperties oneOf: generated arguments match 3 branches",
        "influxdata.com_2.0.0.yaml PatchVariablesID 200":
            "VariableProperties oneOf: generated arguments match 3 branches",
        "rebilly.com_2.1.yaml PostPaymentInstrument 201": "PaymentInstrument-2 oneOf: payment kinds overlap",
        "rebilly.com_2.1.yaml PostPaymentInstrument 303": "PaymentInstrument-2 oneOf: payment kinds overlap",
        "rebilly.com_2.1.yaml GetPaymentInstrument 200": "PaymentInstrument-2 oneOf: payment kinds overlap",
        "rebilly.com_2.1.yaml PatchPaymentInstrument 200": "PaymentInstrument-2 oneOf: payment kinds overlap",
        "rebilly.com_2.1.yaml PostPaymentInstrumentDeactivation 201":
            "PaymentInstrument-2 oneOf: payment kinds overlap",
    ]

    @Test(.needsCorpus, arguments: CorpusLoadingTests.documents())
    func generatedResponsesConform(file: URL) throws {
        let contract = try #require(ContractLoader().load(path: file.path).contract)
        let generator = ValueGenerator(registry: contract.schemas, seed: 42, direction: .response)
        let validator = contract.validator(direction: .response)
        var checked = 0
        var failures: [String] = []
        for operation in contract.operations {
            for response in operation.responses {
                for media in response.content where media.mediaType.contains("json") {
                    guard let schema = media.schema else { continue }
                    let value = generator.generate(schemaAt: schema.uri, salt: operation.displayName + response.status)
                    let errors = validator.validate(value, against: schema.uri)
                    checked += 1
                    let key = "\(file.lastPathComponent) \(operation.displayName) \(response.status)"
                    if let first = errors.first, Self.knownGaps[key] == nil {
                        failures.append("\(operation.displayName) \(response.status): \(first)")
                    } else if errors.isEmpty, Self.knownGaps[key] != nil {
                        failures.append("\(key) now conforms: remove it from knownGaps")
                    }
                }
            }
        }
        print("\(file.lastPathComponent): \(checked - failures.count)/\(checked) generated responses conform")
        for failure in failures.prefix(5) { print("  \(failure)") }
        #expect(failures.isEmpty, "\(failures.count) of \(checked) generated responses do not conform")
    }

    @Test func sameSeedSameValue() throws {
        let contract = try #require(
            ContractLoader().load(
                text: """
                    openapi: 3.0.3
                    info: {title: t, version: '1'}
                    paths: {}
                    components:
                      schemas:
                        Item:
                          type: object
                          required: [id, code]
                          properties:
                            id: {type: string, format: uuid}
                            code: {type: string, pattern: '^[A-Z]{3}-\\d{4}$'}
                            count: {type: integer, minimum: 10, maximum: 20}
                    """
            ).contract)
        let uri = contract.uri + "#/components/schemas/Item"
        let first = ValueGenerator(registry: contract.schemas, seed: 7).generate(schemaAt: uri, salt: "a")
        let again = ValueGenerator(registry: contract.schemas, seed: 7).generate(schemaAt: uri, salt: "a")
        let other = ValueGenerator(registry: contract.schemas, seed: 8).generate(schemaAt: uri, salt: "a")
        #expect(first == again)
        #expect(first != other)
        #expect(contract.validator().validate(first, against: uri).isEmpty, "\(first)")
        let code = try #require(first["code"]?.stringValue)
        #expect(code.count == 8)
    }
}
