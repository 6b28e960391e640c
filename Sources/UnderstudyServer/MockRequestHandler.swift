import Logging
import NIOCore
import NIOHTTP1
import UnderstudyMock

/// The one spec-aware channel handler: collects a request (head and body, up to the size limit), hands it
/// to the ``MockService`` and writes the answer. Pipelined requests are kept in order by NIO's pipelining
/// handler in front of this one.
final class MockRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: MockService
    private let maxBodyBytes: Int
    private let logger: Logger
    private let connection: ConnectionGuard
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    /// The peer's IP address, for the admin API's access rule.
    private var remoteAddress: String?
    /// Stops the event feed this connection is streaming (server-sent events), if any.
    private var stopFeed: (@Sendable () -> Void)?
    private var heartbeat: RepeatedTask?

    init(service: MockService, maxBodyBytes: Int, connection: ConnectionGuard, logger: Logger) {
        self.service = service
        self.maxBodyBytes = maxBodyBytes
        self.connection = connection
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        remoteAddress = Self.address(of: context.channel.remoteAddress)
    }

    /// The IP address of a peer as text; a Unix socket or an unknown peer gives a name that is not loopback.
    static func address(of peer: SocketAddress?) -> String {
        switch peer {
        case .v4?, .v6?: return peer?.ipAddress ?? "unknown"
        case .unixDomainSocket?: return "unix"
        case nil: return "unknown"
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            tooLarge = false
            connection.headArrived()
            if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > maxBodyBytes {
                tooLarge = true
                respondTooLarge(context: context, declared: length)
            }
        case .body(var chunk):
            guard !tooLarge else { return }
            connection.bodyArrived()
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
            if body!.readableBytes > maxBodyBytes {
                tooLarge = true
                body = nil
                respondTooLarge(context: context, declared: nil)
            }
        case .end:
            guard !tooLarge, let requestHead = head else { return }
            head = nil
            connection.answering()
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            var request = MockRequest(
                method: requestHead.method.rawValue, target: requestHead.uri,
                headers: requestHead.headers.map { (name: $0.name, value: $0.value) }, body: bytes)
            request.remoteAddress = remoteAddress
            // Answered right here on the event loop: the engine is synchronous (its store takes a short lock),
            // so a request costs no thread hop.
            let response = service.handle(request)
            // A 1xx answer (a contract's 101 Switching Protocols) cannot be followed by a real protocol
            // switch here: the connection closes after it, so no client waits for what never comes.
            let keepAlive = requestHead.isKeepAlive && response.status >= 200
            let version = requestHead.version
            guard response.delay > 0 else {
                answer(response, version: version, keepAlive: keepAlive, context: context)
                return
            }
            // A profile's latency: the answer is written later on this event loop, which keeps serving.
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(response.delay * 1000))) {
                let (handler, context) = bound.value
                handler.answer(response, version: version, keepAlive: keepAlive, context: context)
            }
        }
    }

    /// Writes the answer, or breaks it as a profile's fault says.
    private func answer(_ response: MockResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext)
    {
        if let feed = response.feed {
            stream(response, feed: feed, version: version, context: context)
            return
        }
        switch response.fault {
        case .closeConnection?:
            context.close(promise: nil)
        case .truncateBody?:
            var cut = response
            cut.body = Array(response.body.prefix(response.body.count / 2))
            write(cut, version: version, keepAlive: false, context: context, contentLength: response.body.count)
        case nil:
            write(response, version: version, keepAlive: keepAlive, context: context)
        }
    }

    private func respondTooLarge(context: ChannelHandlerContext, declared: Int?) {
        let response = RequestLimits(maxBodyBytes: maxBodyBytes).payloadTooLarge(declared: declared)
        write(response, version: head?.version ?? .http1_1, keepAlive: false, context: context)
    }

    private func write(
        _ response: MockResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext,
        contentLength: Int? = nil
    ) {
        var headers = headerFields(of: response)
        headers.replaceOrAdd(name: "Content-Length", value: String(contentLength ?? response.body.count))
        if !keepAlive {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if version.minor == 0 {
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        guard !keepAlive else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            connection.answered()
            return
        }
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        let channel = context.channel
        done.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    /// The answer's header fields as they go on the wire, with `Server`. A field that could not be written
    /// as it is (a name that is no token, a value with a line break or NUL: a profile template filled from a
    /// request body, say) is left out, and the log says so; it never splits the head (header injection).
    /// This check replaces NIO's outbound header validation, which costs a pass over the head per answer.
    private func headerFields(of response: MockResponse) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 3)
        for (name, value) in response.headers {
            guard Self.isWritableField(name: name, value: value) else {
                logger.warning("left out the response header '\(name.debugDescription)': not writable in HTTP/1")
                continue
            }
            if name.utf8.count == 6, name.lowercased() == "server" { continue }
            headers.add(name: name, value: value)
        }
        headers.add(name: "Server", value: "understudy")
        return headers
    }

    /// Whether a header field can be written: its name a token (RFC 9110), its value without CR, LF or NUL.
    static func isWritableField(name: String, value: String) -> Bool {
        guard !name.isEmpty else { return false }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                continue
            default:
                return false
            }
        }
        for byte in value.utf8 where byte == 0x0D || byte == 0x0A || byte == 0 { return false }
        return true
    }

    /// Writes the head of an answer with no length, then each event of `feed` as it comes (chunked), and a
    /// comment every 15 seconds; the feed stops when the connection closes.
    private func stream(_ response: MockResponse, feed: EventFeed, version: HTTPVersion, context: ChannelHandlerContext)
    {
        let headers = headerFields(of: response)
        let status = HTTPResponseStatus(statusCode: response.status)
        context.writeAndFlush(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        stopFeed = feed.start { text in
            loop.execute {
                let (handler, context) = bound.value
                handler.sendEvent(text, context: context)
            }
        }
        heartbeat = loop.scheduleRepeatedTask(initialDelay: .seconds(15), delay: .seconds(15)) { _ in
            let (handler, context) = bound.value
            handler.sendEvent(": keep-alive\n\n", context: context)
        }
    }

    private func sendEvent(_ text: String, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let buffer = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopFeed?()
        stopFeed = nil
        heartbeat?.cancel()
        heartbeat = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error: \(error)")
        context.close(promise: nil)
    }
}
