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

    /// A memoized router answers every request as a fresh one does, twice over, and keeps no more than its
    /// bound: a full memo starts over, a long path is decided without being kept, refusals are not kept.
    @Test func theMemoAnswersAsRoutingDoesWithinItsBound() throws {
        let contract = try #require(ContractLoader().load(text: Self.spec).contract)
        let memo = RouteMemo(capacity: 3, longestPath: 40)
        let memoized = RequestRouter(contract: contract, memo: memo)
        let fresh = RequestRouter(contract: contract, memo: RouteMemo(capacity: 0, longestPath: 0))
        let requests = [
            ("GET", "/books"), ("GET", "/books/latest"), ("GET", "/books/b1"), ("DELETE", "/books"),
            ("GET", "/books/../admin"), ("GET", "/shelves"), ("GET", "/books/" + String(repeating: "x", count: 60)),
        ]
        for _ in 0..<2 {
            for (method, path) in requests {
                #expect(memoized.route(method: method, path: path) == fresh.route(method: method, path: path))
                #expect(memo.count <= 3)
            }
        }
        #expect(
            memoized.route(method: "GET", path: "/books/b2") == .operation(index: 2, pathParameters: ["bookId": "b2"]))
        #expect(
            memoized.route(method: "get", path: "/books/b2") == .operation(index: 2, pathParameters: ["bookId": "b2"]))
        #expect(memo.count <= 3)
        let refusals = RouteMemo()
        let refusing = RequestRouter(contract: contract, memo: refusals)
        for path in ["/shelves", "/books/../admin", "/nothing/here"] { _ = refusing.route(method: "GET", path: path) }
        _ = refusing.route(method: "DELETE", path: "/books")
        #expect(refusals.count == 0)
        _ = refusing.route(method: "GET", path: "/books")
        #expect(refusals.count == 1)
    }
}
