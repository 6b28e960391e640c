/// What the server refuses before a request reaches the engine, written down once so the in-process
/// transport refuses the same requests with the same answers (a suite must not pass in process and fail over
/// a socket): bodies over ``maxBodyBytes`` get 413, heads whose header names and values add up to more than
/// ``maxHeaderBytes`` get 431 (the server's HTTP/1 decoder refuses such a head); both as problem details.
public struct RequestLimits: Sendable, Hashable {
    /// The largest request body accepted (`serve --max-body`, 10 MB by default).
    public var maxBodyBytes: Int
    /// The most bytes of header names and values a request may carry (SwiftNIO's 80 KiB).
    public var maxHeaderBytes: Int

    public init(maxBodyBytes: Int = 10 * 1_048_576, maxHeaderBytes: Int = 80 * 1024) {
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.maxHeaderBytes = max(0, maxHeaderBytes)
    }

    /// The answer to a request over a limit, or nil when it is within them.
    public func refusal(_ request: MockRequest) -> MockResponse? {
        var headerBytes = 0
        for (name, value) in request.headers { headerBytes += name.utf8.count + value.utf8.count }
        if headerBytes > maxHeaderBytes { return headTooLarge() }
        if request.body.count > maxBodyBytes { return payloadTooLarge(declared: request.body.count) }
        return nil
    }

    /// 431 for a request head over the limit; the connection closes after it.
    public func headTooLarge() -> MockResponse {
        var response = ResponseRenderer.problemDetails(
            431, "the request head is larger than the server's limit (\(maxHeaderBytes / 1024) KB)")
        response.headers.append(("Connection", "close"))
        return response
    }

    /// 400 for bytes that are not an HTTP/1 request at all (`finding`: what the parser found wrong); the
    /// connection closes after it.
    public static func notHTTP(_ finding: String) -> MockResponse {
        var response = ResponseRenderer.problemDetails(400, "the request is not valid HTTP/1.1 (\(finding))")
        response.headers.append(("Connection", "close"))
        return response
    }

    /// 413 for a body over the limit (`declared`: the size the request announced, when it did).
    public func payloadTooLarge(declared: Int?) -> MockResponse {
        let size = declared.map { "\($0) bytes" } ?? "more than \(maxBodyBytes) bytes"
        let detail =
            "the request body (\(size)) is larger than the \(maxBodyBytes)-byte limit; raise it with --max-body"
        return ResponseRenderer.problemDetails(413, detail)
    }
}
