import Testing
import UnderstudyContract

@Suite struct MultipartParserTests {
    @Test func partsWithFilesAndFields() throws {
        let body = Array(
            "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nReport\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n"
                .utf8)
        let parts = try MultipartParser.parse(body, boundary: "b")
        #expect(parts.map(\.name) == ["title", "file"])
        #expect(parts[1].filename == "r.pdf")
        #expect(parts[1].contentType == "application/pdf")
        #expect(String(decoding: parts[0].content, as: UTF8.self) == "Report")
    }

    @Test func onlyTheClosingDelimiterIsAnEmptyForm() throws {
        // Found by Schemathesis: a form with no fields was refused.
        #expect(try MultipartParser.parse(Array("--b--\r\n".utf8), boundary: "b").isEmpty)
    }

    @Test func garbageIsRefusedWithAReason() {
        #expect(throws: MultipartParser.Failure(message: "multipart body has no parts delimited by its boundary")) {
            try MultipartParser.parse(Array("no boundary here".utf8), boundary: "b")
        }
        #expect(throws: MultipartParser.Failure(message: "the multipart Content-Type has no boundary")) {
            try MultipartParser.parse([], boundary: "")
        }
    }
}
