import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

/// Every real-world document under ../shared/corpus loads without errors, with the operation counts the
/// corpus README states; the one malformed document (a tab in Adyen's indentation) is accepted with a
/// warning at its exact line.
@Suite(.needsCorpus) struct CorpusLoadingTests {
    static func documents() -> [URL] {
        guard let corpus = Corpus.root else { return [] }
        var files = [corpus.appendingPathComponent("contract-fit.openapi.yaml")]
        files += Corpus.files(in: corpus.appendingPathComponent("public"), extensions: ["yaml", "yml", "json"])
        files += Corpus.files(in: corpus.appendingPathComponent("real-servers"), extensions: ["yaml", "json"])
            .filter { $0.lastPathComponent.contains("openapi") }
        return files
    }

    /// ContractOperation counts from the corpus README (HTTP methods under `paths`).
    static let expectedOperations: [String: Int] = [
        "contract-fit.openapi.yaml": 138, "xkcd.com_1.0.0.yaml": 2, "okta.local_1.0.0.yaml": 19,
        "circleci.com_v1.yaml": 22, "adyen.com_TransferService_2.yaml": 3, "1password.local_connect_1.3.0.yaml": 15,
        "instagram.com_1.0.0.yaml": 27, "ably.io_platform_1.1.0.yaml": 22, "netlify.com_2.5.0.yaml": 108,
        "launchdarkly.com_5.3.0.yaml": 105, "googleapis.com_storage_v1.yaml": 52, "cpy.re_peertube_3.3.0.yaml": 141,
        "keycloak.local_1.yaml": 281, "apideck.com_crm_8.32.3.yaml": 40, "gitea.io_1.16.0+dev-138-gdb1e3d02a.yaml": 280,
        "azure.com_datafactory_2018-06-01.yaml": 76, "influxdata.com_2.0.0.yaml": 197, "spotify.com_2021.8.15.yaml": 78,
        "docker.com_engine_1.33.yaml": 105, "adyen.com_CheckoutService_68.yaml": 20, "rebilly.com_2.1.yaml": 184,
        "digitalocean.com_2.0.yaml": 244, "azure.com_web-WebApps_2019-08-01.yaml": 363,
        "stripe.com_2020-08-27.yaml": 384, "github.com_api.github.com_1.1.4.yaml": 744,
        "kubernetes.io_v1.10.0.yaml": 945, "alertmanager-v0.25.0.openapi.yaml": 9, "kinto-26.5.0.openapi.json": 44,
        "prefect-3.8.8.openapi.json": 187,
    ]

    @Test func corpusIsPresent() {
        #expect(Corpus.root != nil, Comment(rawValue: Corpus.missingMessage))
        #expect(Self.documents().count == 29)
    }

    @Test(arguments: documents())
    func loadsWithoutErrors(file: URL) {
        let outcome = ContractLoader().load(path: file.path)
        let errors = outcome.diagnostics.errors
        #expect(errors.isEmpty, "\(file.lastPathComponent): \(errors.prefix(5).map(\.description))")
        guard let contract = outcome.contract else {
            Issue.record("\(file.lastPathComponent) produced no contract")
            return
        }
        if let expected = Self.expectedOperations[file.lastPathComponent] {
            #expect(contract.operations.count == expected, "\(file.lastPathComponent)")
        } else {
            Issue.record("no expected operation count for \(file.lastPathComponent)")
        }
        // Every schema the model hands out resolves in the contract's registry.
        for operation in contract.operations {
            for response in operation.responses {
                for media in response.content {
                    if let schema = media.schema {
                        #expect(contract.schemas.resolve(schema.uri, base: schema.uri) != nil, "\(schema.uri)")
                    }
                }
            }
        }
    }

    @Test func adyenTabIsAcceptedWithAWarningAtItsLine() throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let file = corpus.appendingPathComponent("public/adyen.com_CheckoutService_68.yaml")
        let outcome = ContractLoader().load(path: file.path)
        #expect(outcome.contract != nil)
        let tab = outcome.diagnostics.first { $0.message.contains("tab character") }
        #expect(tab?.severity == .warning)
        #expect(tab?.location == SourceLocation(line: 5324, column: 13))
        #expect(tab?.message == "tab character in indentation of a blank line; ignored")
        // The description that held the tab keeps its text.
        let schema = outcome.contract?.root.value(
            at: JSONPointer(tokens: [
                "components", "schemas", "AdditionalDataAirline", "properties", "airline.leg.date_of_travel",
                "description",
            ]))
        #expect(schema?.stringValue?.contains("Date and time of travel") == true)
    }

    @Test func swaggerDocumentsAreConvertedWithTheirSchemas() throws {
        let corpus = try #require(Corpus.root, Comment(rawValue: Corpus.missingMessage))
        let outcome = ContractLoader().load(
            path: corpus.appendingPathComponent("real-servers/alertmanager-v0.25.0.openapi.yaml").path)
        let contract = try #require(outcome.contract)
        #expect(contract.version == .swagger2)
        #expect(contract.servers.first?.basePath == "/api/v2")
        let post = try #require(contract.operation(id: "postSilences"))
        let body = try #require(post.requestBody)
        #expect(body.required)
        #expect(body.content.first?.mediaType == "application/json")
        #expect(body.content.first?.schema?.value["$ref"]?.stringValue == "#/components/schemas/postableSilence")
        // The converted schema validates real payloads.
        let silence: JSONValue = [
            "matchers": [["name": "a", "value": "b", "isRegex": false]], "startsAt": "2024-01-01T00:00:00Z",
            "endsAt": "2024-01-02T00:00:00Z", "createdBy": "me", "comment": "c",
        ]
        #expect(contract.validate(silence, against: body.content[0].schema!).isEmpty)
        var missing = silence.objectValue!
        missing.remove("comment")
        let errors = contract.validate(.object(missing), against: body.content[0].schema!)
        #expect(errors.map(\.message).contains("missing required property \"comment\""))
    }
}
