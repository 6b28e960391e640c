import Foundation
import Testing
import UnderstudyContract
import UnderstudyScenarios
import UnderstudySchema
import UnderstudyTestSupport

/// The published suite schema is the one lint uses, accepts the bundled suites and places its complaints.
@Suite struct SuiteSchemaTests {
    @Test func theDocsCopyIsTheBuiltInOne() throws {
        let published = try String(
            contentsOf: Corpus.packageRoot.appendingPathComponent("docs/suite.schema.json"), encoding: .utf8)
        #expect(published.trimmingCharacters(in: .whitespacesAndNewlines) == SuiteSchema.text)
        #expect(try JSONParser.parse(SuiteSchema.text)["$schema"] == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test(arguments: ["scenarios/alertmanager/silences.yaml", "scenarios/kinto/records.yaml"])
    func theBundledSuitesFitTheSchema(file: String) throws {
        let read = try DocumentReader().read(
            path: Corpus.packageRoot.appendingPathComponent(file).path, displayPath: file)
        let document = try #require(read.value)
        #expect(SuiteSchema.validate(document).map(\.message) == [])
    }

    @Test func mistakesArePlacedInTheFile() throws {
        let text = """
            suite: S
            contract: c.yaml
            scenarios:
              - name: s
                steps:
                  - operation: x
                    expect: {status: 99}
                  - request: FETCH /x
                  - name: neither
            """
        let document = try #require(YAMLReader().read(Array(text.utf8), file: "s.yaml").value)
        let problems = SuiteSchema.validate(document).map { "\($0.location.line): \($0.message)" }
        #expect(problems.contains { $0.hasPrefix("7: #/scenarios/0/steps/0/expect/status") })
        #expect(problems.contains { $0.hasPrefix("8: #/scenarios/0/steps/1") })
        #expect(problems.contains { $0.hasPrefix("9: #/scenarios/0/steps/2") })
    }
}
