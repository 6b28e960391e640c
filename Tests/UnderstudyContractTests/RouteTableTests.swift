import Testing
import UnderstudyContract

/// A URL belongs to the most specific path it matches (OpenAPI's rule), whatever the method; paths that
/// differ only in their parameter names are one path; a path written with a trailing slash is its own path.
@Suite struct RouteTableTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Routes, version: '1'}
        paths:
          /videos/categories:
            get: {operationId: listCategories, responses: {'200': {description: ok}}}
          /videos/{id}:
            get: {operationId: getVideo, responses: {'200': {description: ok}}}
            delete: {operationId: deleteVideo, responses: {'204': {description: gone}}}
          /docs/{docId}:
            get: {operationId: getDoc, responses: {'200': {description: ok}}}
          /docs/{inboxId}:
            post: {operationId: addToInbox, responses: {'201': {description: ok}}}
          /artifacts/:
            post: {operationId: createArtifact, responses: {'201': {description: ok}}}
          /artifacts/{id}:
            patch: {operationId: updateArtifact, responses: {'200': {description: ok}}}
          /things:
            get: {operationId: listThings, responses: {'200': {description: ok}}}
          /things/{id}:
            delete: {operationId: deleteThing, responses: {'204': {description: ok}}}
        """

    func route(_ method: String, _ path: String) throws -> String {
        let contract = try #require(ContractLoader().load(text: Self.spec).contract)
        switch RouteTable(operations: contract.operations).match(method: method, path: path) {
        case .operation(let index, _, let parameters):
            let id = contract.operations[index].operationId ?? "?"
            return parameters.isEmpty
                ? id : id + " " + parameters.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: ",")
        case .methodNotAllowed(let allowed): return "405 " + allowed.joined(separator: ",")
        case .notFound: return "404"
        }
    }

    @Test func theMostSpecificPathOwnsTheURL() throws {
        #expect(try route("GET", "/videos/categories") == "listCategories")
        #expect(try route("DELETE", "/videos/categories") == "405 GET,HEAD")
        #expect(try route("DELETE", "/videos/7") == "deleteVideo id=7")
        #expect(try route("GET", "/docs/1") == "getDoc docId=1")
        #expect(try route("POST", "/docs/1") == "addToInbox inboxId=1")
        #expect(try route("PUT", "/docs/1") == "405 GET,HEAD,POST")
    }

    @Test func trailingSlashes() throws {
        // Written with a slash: its own methods only.
        #expect(try route("POST", "/artifacts/") == "createArtifact")
        #expect(try route("PATCH", "/artifacts/") == "405 POST")
        #expect(try route("POST", "/artifacts") == "createArtifact")
        // Not written with one: /things/ is /things, and a method only /things/{id} has gets an empty id.
        #expect(try route("GET", "/things/") == "listThings")
        #expect(try route("DELETE", "/things/") == "deleteThing id=")
        #expect(try route("GET", "/nowhere") == "404")
    }
}
