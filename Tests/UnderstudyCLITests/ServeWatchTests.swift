import Foundation
import Synchronization
import Testing
import UnderstudyTestSupport

/// `understudy serve --watch`: a changed profile is served without losing state; a broken one is reported
/// and the previous version keeps serving.
@Suite struct ServeWatchTests {
    /// A running `understudy serve` whose output lines are collected as they come.
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        func append(_ more: [String]) { storage.withLock { $0 += more } }
        func first(containing text: String) -> String? { storage.withLock { $0.first { $0.contains(text) } } }
        var all: [String] { storage.withLock { $0 } }
    }

    final class Server: @unchecked Sendable {
        let process: Process
        let lines = Lines()

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            let lines = self.lines
            output.fileHandleForReading.readabilityHandler = { handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                lines.append(text.split(separator: "\n").map(String.init))
            }
            try CommandRunner.launch(process)
        }

        /// Waits (up to `seconds`) for an output line containing `text`; returns it.
        func line(containing text: String, seconds: Double = 20) async -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            // Looked at once more after the deadline: a busy machine may wake this task late.
            while true {
                if let found = lines.first(containing: text) { return found }
                if Date() >= deadline { return nil }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }

        deinit {
            if process.isRunning { process.terminate() }
        }
    }

    static let contract = """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        security: [{key: []}]
        paths:
          /pets:
            get:
              operationId: listPets
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
            post:
              operationId: createPet
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
              responses:
                "201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
          /pets/{id}:
            get:
              operationId: getPet
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                "404": {description: none}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
          schemas:
            Pet: {type: object, properties: {id: {type: string}, name: {type: string}, kind: {type: string}}}
        """

    func request(_ port: Int, _ head: String, body: String = "") throws -> RawHTTPConnection.Response {
        let connection = try RawHTTPConnection(port: port, timeoutSeconds: 10)
        let length = body.isEmpty ? "" : "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        _ = connection.send(
            "\(head)\r\nHost: test\r\nX-Api-Key: alice-key\r\n\(length)Connection: close\r\n\r\n\(body)")
        return try connection.receive()
    }

    @Test func aChangedProfileIsServedWithoutLosingState() async throws {
        let folder = Scratch.folder("understudy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.contract.write(
            to: folder.appendingPathComponent("openapi.yaml"), atomically: true, encoding: .utf8)
        let profile = folder.appendingPathComponent("mock.yaml")
        let first = "principals:\n  alice: {credentials: {key: alice-key}}\nerrors:\n  404: {says: first}\n"
        try first.write(to: profile, atomically: true, encoding: .utf8)
        let server = try Server(["serve", folder.path, "--watch", "--port", "0"])
        let serving = try #require(await server.line(containing: "serving "), "\(server.lines.all)")
        let port = try #require(serving.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        #expect(await server.line(containing: "watching ") != nil)
        let created = try request(port, "POST /pets HTTP/1.1", body: #"{"name": "Rex", "kind": "dog"}"#)
        #expect(created.status == 201)
        #expect(try request(port, "GET /pets/nope HTTP/1.1").text.contains("first"))

        try first.replacingOccurrences(of: "first", with: "second").write(
            to: profile, atomically: true, encoding: .utf8)
        #expect(await server.line(containing: "reloaded ") != nil, "\(server.lines.all)")
        #expect(try request(port, "GET /pets/nope HTTP/1.1").text.contains("second"))
        let listed = try request(port, "GET /pets HTTP/1.1")
        #expect(listed.text.contains("Rex"))

        try "principals:\n  alice: {credentials: {nope: alice-key}}\n".write(
            to: profile, atomically: true, encoding: .utf8)
        #expect(await server.line(containing: "not reloaded") != nil, "\(server.lines.all)")
        #expect(await server.line(containing: "no security scheme 'nope'") != nil)
        #expect(try request(port, "GET /pets/nope HTTP/1.1").text.contains("second"))
        server.process.terminate()
        server.process.waitUntilExit()
    }
}
