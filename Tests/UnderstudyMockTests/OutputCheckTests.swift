import Testing
import UnderstudyContract
import UnderstudySchema

@testable import UnderstudyMock

/// The output-check stage on its own: data that fits goes out untouched; data that does not is blended with
/// generated data until it fits, keeping every member that can stay, and the repair is reported.
@Suite struct OutputCheckTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            Book:
              type: object
              required: [id, title, pages]
              additionalProperties: false
              properties:
                id: {type: string}
                title: {type: string}
                pages: {type: integer, minimum: 1}
                published: {type: string, format: date}
        """

    static func check() throws -> (OutputCheck, SchemaHandle) {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        let generator = ValueGenerator(registry: contract.schemas, seed: 1, direction: .response)
        let check = OutputCheck(contract: contract, generator: generator, cache: ResponseCache(), logsRepairs: false)
        let pointer = try #require(JSONPointer("/components/schemas/Book"))
        let value = try #require(contract.root.value(at: pointer))
        let schema = SchemaHandle(value: value, documentURI: contract.uri, pointer: pointer)
        return (check, schema)
    }

    @Test func dataThatFitsGoesOutAsItIs() throws {
        let (check, schema) = try Self.check()
        var repairs: [String] = []
        let book: JSONValue = ["id": "b1", "title": "Dune", "pages": 412, "published": "1965-08-01"]
        #expect(check.conform(book, to: schema, salt: "s", repairs: &repairs) == book)
        #expect(check.conform(book, to: schema, salt: "s", repairs: &repairs) == book)  // remembered
        #expect(repairs.isEmpty)
    }

    @Test func dataThatDoesNotIsRepairedAndReported() throws {
        let (check, schema) = try Self.check()
        var repairs: [String] = []
        let stored: JSONValue = ["id": "b1", "title": "Dune", "pages": 0, "published": "someday", "shelf": "A"]
        let sent = check.conform(stored, to: schema, salt: "s", repairs: &repairs)
        #expect(sent["id"] == "b1")
        #expect(sent["title"] == "Dune")
        #expect(sent["pages"]?.intValue.map { $0 >= 1 } == true)
        #expect(sent["published"] != "someday")
        #expect(sent["shelf"] == nil)
        #expect(check.contract.conforms(sent, to: schema, direction: .response))
        #expect(repairs.count == 1)
        #expect(repairs.first?.hasPrefix("stored data did not fit the response schema (") == true)
        #expect(repairs.first?.hasSuffix("; sent blended with conforming data") == true)
    }
}
