import Testing

@testable import UnderstudyMock

/// The URLs of a list's other pages: the request's URL, its other parameters kept in their order, the paging
/// ones replaced and appended by name.
struct PageAddressTests {
    @Test func pagingParametersAreReplacedAndTheOthersKept() {
        let address = PageAddress(
            host: "mock.test", mountPrefix: "/api", path: "/items",
            query: [("q", "a b"), ("offset", "20"), ("tag", "x&y"), ("limit", "10")],
            parameters: [(.offset, "offset"), (.page, nil), (.cursor, nil), (.limit, "limit")], firstPage: 1)
        #expect(address.url(offset: 30, limit: 10) == "http://mock.test/api/items?q=a%20b&tag=x%26y&limit=10&offset=30")
        #expect(address.url(offset: 0, limit: 5) == "http://mock.test/api/items?q=a%20b&tag=x%26y&limit=5&offset=0")
    }

    @Test func pagesCountFromTheFirstPageNumber() {
        let fromOne = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [],
            parameters: [(.offset, nil), (.page, "page"), (.cursor, nil), (.limit, "per_page")], firstPage: 1)
        #expect(fromOne.url(offset: 20, limit: 10) == "http://h/p?page=3&per_page=10")
        let fromZero = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [("page", "7")],
            parameters: [(.offset, nil), (.page, "page"), (.cursor, nil), (.limit, nil)], firstPage: 0)
        #expect(fromZero.url(offset: 20, limit: 10) == "http://h/p?page=2")
    }

    @Test func aCursorIsTheEncodedOffsetAndOneParameterTakesItsLaterPart() {
        let cursor = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [("cursor", "old")],
            parameters: [(.offset, nil), (.page, nil), (.cursor, "cursor"), (.limit, nil)], firstPage: 1)
        #expect(cursor.url(offset: 5, limit: 10) == "http://h/p?cursor=" + ResourceBehaviour.encodeCursor(5))
        // A cursor's base64 padding is percent-encoded.
        #expect(ResourceBehaviour.encodeCursor(10) == "bzoxMA==")
        #expect(cursor.url(offset: 10, limit: 10) == "http://h/p?cursor=bzoxMA%3D%3D")
        // `size` named as both offset and limit is the limit.
        let shared = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [],
            parameters: [(.offset, "size"), (.page, nil), (.cursor, nil), (.limit, "size")], firstPage: 1)
        #expect(shared.url(offset: 40, limit: 20) == "http://h/p?size=20")
        // Kept parameters and no paging parameter: the request's own query, unchanged.
        let keptOnly = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [("q", "a b")],
            parameters: [(.offset, nil), (.page, nil), (.cursor, nil), (.limit, nil)], firstPage: 1)
        #expect(keptOnly.url(offset: 40, limit: 20) == "http://h/p?q=a%20b")
        // A paging parameter whose name needs encoding.
        let oddName = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [],
            parameters: [(.offset, "page[offset]"), (.page, nil), (.cursor, nil), (.limit, nil)], firstPage: 1)
        #expect(oddName.url(offset: 40, limit: 20) == "http://h/p?page%5Boffset%5D=40")
        // No query at all: no `?`.
        let plain = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [],
            parameters: [(.offset, nil), (.page, nil), (.cursor, nil), (.limit, nil)], firstPage: 1)
        #expect(plain.url(offset: 40, limit: 20) == "http://h/p")
    }

    @Test func oneURLWithChosenReplacements() {
        #expect(
            PageAddress.url(
                host: "h", mountPrefix: "/v1", path: "/logs", query: [("_token", "a"), ("q", "1")],
                replacing: ["_token": "b=="]) == "http://h/v1/logs?q=1&_token=b%3D%3D")
    }

    /// The `Link` header names the next, last, previous and first pages in that order (as GitHub sends),
    /// only those that exist; one page alone has no header.
    @Test func theLinkHeaderNamesTheOtherPagesThatExist() {
        let address = PageAddress(
            host: "h", mountPrefix: "", path: "/p", query: [("q", "a b"), ("offset", "20")],
            parameters: [(.offset, "offset"), (.page, nil), (.cursor, nil), (.limit, "limit")], firstPage: 1)
        let middle = PageAddress.Neighbours(offset: 20, end: 30, limit: 10, total: 45)
        #expect(
            address.linkHeader(middle, limit: 10)
                == #"<http://h/p?q=a%20b&limit=10&offset=30>; rel="next", "#
                + #"<http://h/p?q=a%20b&limit=10&offset=40>; rel="last", "#
                + #"<http://h/p?q=a%20b&limit=10&offset=10>; rel="prev", "#
                + #"<http://h/p?q=a%20b&limit=10&offset=0>; rel="first""#)
        let firstOfTwo = PageAddress.Neighbours(offset: 0, end: 10, limit: 10, total: 11)
        #expect(
            address.linkHeader(firstOfTwo, limit: 10)
                == #"<http://h/p?q=a%20b&limit=10&offset=10>; rel="next", "#
                + #"<http://h/p?q=a%20b&limit=10&offset=10>; rel="last""#)
        let lastOfTwo = PageAddress.Neighbours(offset: 5, end: 11, limit: 10, total: 11)
        #expect(
            address.linkHeader(lastOfTwo, limit: 10)
                == #"<http://h/p?q=a%20b&limit=10&offset=0>; rel="prev", "#
                + #"<http://h/p?q=a%20b&limit=10&offset=0>; rel="first""#)
        #expect(address.linkHeader(PageAddress.Neighbours(offset: 0, end: 5, limit: 10, total: 5), limit: 10) == nil)
        // A limit of 0 pages by 1 for the last page's start, and negative numbers keep their sign.
        let none = PageAddress.Neighbours(offset: 0, end: 0, limit: 0, total: 3)
        #expect(none.next == 0 && none.last == 2 && none.previous == nil)
        #expect(address.url(offset: -12, limit: 0) == "http://h/p?q=a%20b&limit=0&offset=-12")
    }
}
