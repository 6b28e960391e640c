import Testing
import UnderstudyContract

@testable import UnderstudyMock

/// The routing stage on its own: the operation a request reaches, or the refusal it gets (400, 404, 405 with
/// the methods the path declares), with literal segments before templates and `/things/` as `/things`.
@Suite struct RequestRouterTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Shelf, version: '1'}
        paths:
          /books:
            get: {operationId: listBooks, responses: {'200': {description: ok}}}
            post: {operationId: addBook, responses: {'201': {description: made}}}
          /books/{bookId}:
            get: {operationId: getBook, parameters: [{name: bookId, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}
          /books/latest:
            get: {operationId: latestBook, responses: {'200': {description: ok}}}
        """

    static func router() throws -> (RequestRouter, Contract) {
        let contract = try #require(ContractLoader().load(text: spec).contract)
        return (RequestRouter(contract: contract), contract)
    }

    static func name(_ outcome: RequestRouter.Outcome, _ contract: Contract) -> String? {
        guard case .operation(let index, _) = outcome else { return nil }
        return contract.operations[index].displayName
    }

    @Test func requestsReachTheirOperations() throws {
        let (router, contract) = try Self.router()
        #expect(Self.name(router.route(method: "GET", path: "/books"), contract) == "listBooks")
        #expect(Self.name(router.route(method: "GET", path: "/books/"), contract) == "listBooks")
        #expect(Self.name(router.route(method: "GET", path: "/books/latest"), contract) == "latestBook")
        #expect(Self.name(router.route(method: "HEAD", path: "/books/b1"), contract) == "getBook")
        #expect(
            router.route(method: "GET", path: "/books/a%20b")
                == .operation(index: 2, pathParameters: ["bookId": "a b"]))
        #expect(router.operationIndex(method: "POST", path: "/books") == 1)
        #expect(router.methods(at: "/books") == ["GET", "HEAD", "POST"])
        #expect(router.methods(at: "/shelves") == nil)
    }

    @Test func otherRequestsAreRefusedSayingWhy() throws {
        let (router, _) = try Self.router()
        #expect(
            router.route(method: "GET", path: "/shelves") == .notFound("no operation of Shelf matches GET /shelves"))
        #expect(
            router.route(method: "DELETE", path: "/books")
                == .methodNotAllowed(
                    allowed: ["GET", "HEAD", "POST"],
                    detail: "DELETE is not declared for /books; allowed: GET, HEAD, POST"))
        #expect(router.route(method: "GET", path: "/books/../admin") == .refused("the path contains a '..' segment"))
        #expect(
            router.route(method: "GET", path: "/books/%zz") == .notFound("no operation of Shelf matches GET /books/%zz")
        )
    }
}
