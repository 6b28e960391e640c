import Foundation
import Testing
import UnderstudyContract
import UnderstudySchema
import UnderstudyTestSupport

@testable import UnderstudyMock

/// Lists never lie: on every list of every corpus contract (stored or made from the contract), a client
/// that follows `next` (a URL, a page number, a cursor, `has_more`) stops, and the totals an answer states
/// agree with the items the pages held.
@Suite(.needsCorpus) struct ListPagingTests {
    /// Where the next page is, read the way clients read it; nil when the answer says there is none.
    static func nextTarget(
        _ body: JSONValue, link: String?, shape: ListShape, operation: ContractOperation, current: MockRequest
    ) -> String? {
        if let key = shape.hasMoreKey, body[key] == .bool(false) { return nil }
        var next: JSONValue? = shape.nextKey.flatMap { body[$0] }
        // `Link: <…>; rel="next"` (RFC 8288).
        if next == nil, let link,
            let entry = link.split(separator: ",").first(where: { $0.contains("rel=\"next\"") }),
            let open = entry.firstIndex(of: "<"), let close = entry.firstIndex(of: ">")
        {
            next = .string(String(entry[entry.index(after: open)..<close]))
        }
        if let key = shape.linksKey, let links = body[key] {
            next = next ?? links["next"] ?? links["pages"]?["next"]
        }
        if let href = next?["href"] { next = href }
        guard let next, !next.isNull else { return nil }
        let path = current.path
        var query = URLComponents(string: "?" + (current.query ?? ""))?.queryItems ?? []
        func replacing(_ name: String, _ value: String) -> String {
            query.removeAll { $0.name == name }
            query.append(URLQueryItem(name: name, value: value))
            var components = URLComponents()
            components.queryItems = query
            return path + "?" + (components.percentEncodedQuery ?? "")
        }
        switch next {
        case .string(let text) where text.hasPrefix("http"):
            guard let url = URLComponents(string: text) else { return nil }
            return url.percentEncodedPath + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        case .string(let token):
            guard let name = shape.cursorParameter ?? shape.startingAfterParameter else { return nil }
            return replacing(name, token)
        case .number(let number):
            guard let name = shape.pageParameter ?? shape.offsetParameter else { return nil }
            return replacing(name, number.description)
        default:
            return nil
        }
    }

    @Test func queryValuesArePercentEncoded() {
        #expect(PageAddress.encoded("plain-value_1.~") == "plain-value_1.~")
        #expect(PageAddress.encoded("a b&c=d+é") == "a%20b%26c%3Dd%2B%C3%A9")
        #expect(PageAddress.encoded("o:5/x?y") == "o:5/x?y")
        #expect(PageAddress.encoded("") == "")
    }

    @Test(arguments: CorpusServingTests.documents())
    func followingNextStops(file: URL) throws {
        let outcome = ContractLoader().load(path: file.path)
        let contract = try #require(outcome.contract, "\(file.lastPathComponent) does not load")
        let engine = MockEngine(contract: contract, options: MockOptions(seed: 3))
        let generator = ValueGenerator(registry: contract.schemas, seed: 3, direction: .request)
        var lists = 0
        var followed = 0
        for (index, shape) in engine.behaviour.listShapes.sorted(by: { $0.key < $1.key })
        where contract.operations[index].method == "GET" {
            let operation = contract.operations[index]
            var request = CorpusServingTests.request(for: operation, in: contract, generator: generator)
            // The smallest page the list allows, so that there are pages to follow.
            if let name = shape.limitParameter,
                let schema = operation.parameters.first(where: { $0.name == name && $0.location == .query })?.schema
            {
                let smallest = max(1, SchemaNode(schema).resolved(in: contract.schemas).value["minimum"]?.intValue ?? 1)
                var items = URLComponents(string: "?" + (request.query ?? ""))?.queryItems ?? []
                items.removeAll { $0.name == name }
                items.append(URLQueryItem(name: name, value: String(smallest)))
                var components = URLComponents()
                components.queryItems = items
                request.query = components.percentEncodedQuery
            }
            lists += 1
            var pages = 0
            var seen = 0
            var stated: Int? = nil
            while true {
                let (response, _) = engine.handle(request)
                guard (200..<300).contains(response.status), let body = response.jsonBody else { break }
                pages += 1
                let items = shape.arrayKey.map { body[$0]?.arrayValue?.count ?? 0 } ?? body.arrayValue?.count ?? 0
                seen += items
                if let key = shape.countKey, let count = body[key]?.intValue { stated = count }
                guard pages < 200,
                    let target = Self.nextTarget(
                        body, link: response.header("Link"), shape: shape, operation: operation, current: request)
                else { break }
                followed += 1
                request = MockRequest(method: "GET", target: target, headers: request.headers, body: [])
            }
            #expect(pages < 200, "\(file.lastPathComponent) \(operation.displayName): next never ends")
            if let stated, pages > 0 {
                #expect(
                    stated == seen,
                    "\(file.lastPathComponent) \(operation.displayName): says \(stated) in all, its pages held \(seen)")
            }
        }
        print("\(file.lastPathComponent): \(lists) lists paged to the end, \(followed) next links followed")
    }
}
