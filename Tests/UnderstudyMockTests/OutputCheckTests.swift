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
            Either:
              description: two alternatives that accept the same objects, so no value matches exactly one
              oneOf:
                - {type: object, properties: {name: {type: string}, size: {type: integer}}}
                - {type: object, properties: {name: {type: string}, tags: {type: array}}}
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

    static func check(_ name: String = "Book", in text: String = spec) throws -> (OutputCheck, SchemaHandle) {
        let contract = try #require(ContractLoader().load(text: text).contract)
        let generator = ValueGenerator(registry: contract.schemas, seed: 1, direction: .response)
        let check = OutputCheck(contract: contract, generator: generator, cache: ResponseCache(), logsRepairs: false)
        let pointer = try #require(JSONPointer("/components/schemas/\(name)"))
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

    /// A write's answer (a new item) is checked without the memo: it goes out as it is when it fits, is
    /// repaired when it does not, and is not remembered; a read's answer is remembered.
    @Test func aWritesAnswerIsCheckedWithoutTheMemo() throws {
        let (check, schema) = try Self.check()
        var repairs: [String] = []
        let book: JSONValue = ["id": "b1", "title": "Dune", "pages": 412]
        let bytes = JSONSerializer.data(book)
        #expect(check.conformedBody(book, to: schema, salt: "s", isRead: false, repairs: &repairs) == bytes)
        #expect(!check.memo.isKnownValid(serialized: bytes, against: schema.uri))
        #expect(check.conformedBody(book, to: schema, salt: "s", isRead: true, repairs: &repairs) == bytes)
        #expect(check.memo.isKnownValid(serialized: bytes, against: schema.uri))
        #expect(repairs.isEmpty)
        let broken: JSONValue = ["id": "b2", "title": "Emma", "pages": 0]
        let sent = try JSONParser.parse(
            bytes: check.conformedBody(broken, to: schema, salt: "s", isRead: false, repairs: &repairs))
        #expect(sent["id"] == "b2")
        #expect(sent["pages"]?.intValue.map { $0 >= 1 } == true)
        #expect(repairs.count == 1)
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

    /// A schema no value can fit (both `oneOf` alternatives accept every object): generated data fits no
    /// better than the stored data, so the stored members stay (what a client sent is not traded for
    /// generated values), and the journal says the answer still does not fit.
    @Test func whenNothingCanFitTheStoredDataStays() throws {
        let (check, schema) = try Self.check("Either")
        var repairs: [String] = []
        let stored: JSONValue = ["name": "n", "size": 3]
        let sent = check.conform(stored, to: schema, salt: "s", repairs: &repairs)
        #expect(sent["name"] == "n")
        #expect(sent["size"] == 3)
        #expect(!check.contract.conforms(sent, to: schema, direction: .response))
        // The same through references and `allOf`, as InfluxDB's dashboards: the id and the sent members stay.
        let (boardCheck, board) = try Self.check("Answer", in: OneOfAnswerTests.spec)
        let created: JSONValue = ["name": "n", "orgID": "o", "cells": [], "id": "d1"]
        let answered = boardCheck.conform(created, to: board, salt: "s", repairs: &repairs)
        #expect(answered == created)
        #expect(repairs.count == 4)
        #expect(
            repairs.last
                == "no value fitting the response schema could be made (generated data does not fit it either); sent as close as it gets"
        )
    }
}
