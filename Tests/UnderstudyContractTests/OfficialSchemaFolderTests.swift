import Foundation
import Testing
import UnderstudyContract
import UnderstudyTestSupport

/// Where lint finds the official OpenAPI schemas, which are not part of the repository.
@Suite struct OfficialSchemaFolderTests {
    func folder(holding names: [String]) throws -> URL {
        let folder = Scratch.folder("schemas")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in names { try "{}".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func theEnvironmentComesBeforeTheCorpusAndTheCache() throws {
        let named = try folder(holding: ["v3.1.schema.json"])
        let corpus = try folder(holding: [])
        try FileManager.default.createDirectory(
            at: corpus.appendingPathComponent("openapi-schemas"), withIntermediateDirectories: true)
        try "{}".write(
            to: corpus.appendingPathComponent("openapi-schemas/v3.0.schema.json"), atomically: true, encoding: .utf8)
        let nowhere = Scratch.folder("nowhere").path
        let bothSet = OfficialSchemaFolder.locate(
            environment: ["UNDERSTUDY_OPENAPI_SCHEMAS": named.path, "UNDERSTUDY_CORPUS": corpus.path],
            workingDirectory: nowhere, executable: nowhere + "/understudy")
        #expect(bothSet?.path == named.path)
        let corpusOnly = OfficialSchemaFolder.locate(
            environment: ["UNDERSTUDY_CORPUS": corpus.path], workingDirectory: nowhere,
            executable: nowhere + "/understudy")
        #expect(corpusOnly?.path == corpus.appendingPathComponent("openapi-schemas").path)
    }

    @Test func aFolderWithoutSchemasIsNotChosenAndNothingFoundIsNil() throws {
        let empty = try folder(holding: ["README.md"])
        let nowhere = Scratch.folder("nowhere").path
        #expect(
            OfficialSchemaFolder.locate(
                environment: ["UNDERSTUDY_OPENAPI_SCHEMAS": empty.path, "HOME": nowhere], workingDirectory: nowhere,
                executable: nowhere + "/understudy") == nil)
    }

    @Test func theCacheUnderHomeIsTheLastPlaceLookedIn() throws {
        let home = try folder(holding: [])
        let cache = home.appendingPathComponent(".cache/understudy/openapi-schemas")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try "{}".write(to: cache.appendingPathComponent("v2.0.schema.json"), atomically: true, encoding: .utf8)
        let nowhere = Scratch.folder("nowhere").path
        let found = OfficialSchemaFolder.locate(
            environment: ["HOME": home.path], workingDirectory: nowhere, executable: nowhere + "/understudy")
        #expect(found?.path == cache.path)
    }
}
