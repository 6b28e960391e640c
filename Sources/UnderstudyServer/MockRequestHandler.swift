import Logging
import NIOCore
import NIOHTTP1
import UnderstudyMock

/// The one spec-aware channel handler: collects a request (head and body, up to the size limit) from NIO's
/// HTTP/1 decoder, hands it to the ``MockService`` and writes the answer itself, head and body encoded into
/// one buffer (see ``AnswerHeadWriter``). Pipelined requests are answered in order: while an answer is due
/// later (a profile's latency) or the connection streams events, what arrives waits here and the channel
/// reads no more. A request that is not valid HTTP/1 gets a 400 (431 for an oversized head) and the
/// connection closes.
final class MockRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What arrived while an earlier answer was due.
    private enum Arrival {
        case part(HTTPServerRequestPart)
        case malformed(HTTPParserError)
    }

    private let service: MockService
    private let limits: RequestLimits
    private let logger: Logger
    private let connection: ConnectionGuard
    /// Where kept-alive answers are flushed together at the end of the loop's pass (none: at once).
    private let flushBatch: FlushBatch?
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    /// The peer's IP address, for the admin API's access rule.
    private var remoteAddress: String?
    /// Stops the event feed this connection is streaming (server-sent events), if any.
    private var stopFeed: (@Sendable () -> Void)?
    private var heartbeat: RepeatedTask?
    /// Whether the event feed's body is chunked (HTTP/1.1) or runs until the connection closes (HTTP/1.0).
    private var feedChunked = false
    /// An answer is still to be written (delayed, or a stream that never ends): later requests wait.
    private var answerDue = false
    /// The last answer said `Connection: close`: nothing more is read or answered.
    private var closing = false
    /// Requests (and a malformed one) that arrived while an answer was due, in order.
    private var waiting = CircularBuffer<Arrival>()
    /// A read was asked for while an answer was due; it is passed on once the answer is out.
    private var readHeld = false

    init(
        service: MockService, limits: RequestLimits, connection: ConnectionGuard, logger: Logger,
        flushBatch: FlushBatch? = nil
    ) {
        self.flushBatch = flushBatch
        self.service = service
        self.limits = limits
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
        let part = unwrapInboundIn(data)
        guard !closing else { return }
        guard !answerDue else {
            waiting.append(.part(part))
            return
        }
        receive(part, context: context)
    }

    /// Reads are held while an answer is due and a request already waits behind it, so a client pipelining
    /// without end cannot fill memory (what one read brought waits, no more). Until one arrives they go on:
    /// stopping and restarting them costs two `epoll_ctl` calls per request, and with a state file every
    /// create's answer is due at the end of the loop's pass.
    func read(context: ChannelHandlerContext) {
        guard !answerDue || waiting.isEmpty else {
            readHeld = true
            return
        }
        context.read()
    }

    private func receive(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let requestHead):
            head = requestHead
            body = nil
            tooLarge = false
            connection.headArrived()
            if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init),
                length > limits.maxBodyBytes
            {
                tooLarge = true
                respondTooLarge(context: context, declared: length)
            } else if Self.expectsContinue(requestHead) {
                // The client waits for this before it sends the body (curl for large bodies, many HTTP
                // libraries); without it, each such request stalls for the client's timeout (curl: 1 s).
                var buffer = context.channel.allocator.buffer(capacity: 25)
                buffer.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            }
        case .body(var chunk):
            guard !tooLarge else { return }
            connection.bodyArrived()
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
            if body!.readableBytes > limits.maxBodyBytes {
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
            let version = requestHead.version
            let keepAlive = requestHead.isKeepAlive
            let pending = service.begin(request)
            guard pending.waitsForWrite, let flushBatch else {
                deliver(service.complete(pending), version: version, keepAlive: keepAlive, context: context)
                return
            }
            // Its changes go to the state file with those of the loop's whole pass, when the pass ends; this
            // connection's next requests wait for the answer.
            answerDue = true
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            flushBatch.afterWrite {
                let (handler, context) = bound.value
                handler.answerDue = false
                handler.deliver(
                    handler.service.complete(pending), version: version, keepAlive: keepAlive, context: context)
                handler.resume(context: context)
            }
        }
    }

    /// Writes `response` now, or after the profile's latency it carries (this connection's next requests
    /// wait for it). A 1xx answer (a contract's 101 Switching Protocols) cannot be followed by a real
    /// protocol switch here: the connection closes after it, so no client waits for what never comes.
    private func deliver(
        _ response: MockResponse, version: HTTPVersion, keepAlive requested: Bool, context: ChannelHandlerContext
    ) {
        let keepAlive = requested && response.status >= 200
        guard response.delay > 0 else {
            answer(response, version: version, keepAlive: keepAlive, context: context)
            return
        }
        // A profile's latency: the answer is written later on this event loop, which keeps serving other
        // connections; this one's next requests wait for it.
        answerDue = true
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // At most about 31 years (the longest duration Understudy accepts): an infinite delay never converts.
        let milliseconds = Int64(min(response.delay, 1e9) * 1000)
        context.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
            let (handler, context) = bound.value
            handler.answerDue = false
            handler.answer(response, version: version, keepAlive: keepAlive, context: context)
            handler.resume(context: context)
        }
    }

    /// Whether an HTTP/1.1 request asks for `100 Continue` before it sends its body (RFC 9110, 10.1.1).
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        guard head.version.major == 1, head.version.minor >= 1, let expect = head.headers.first(name: "expect")
        else { return false }
        return expect.utf8.count == 12 && expect.lowercased() == "100-continue"
    }

    /// Takes up what waited for a delayed answer, then reading, unless another answer is due again.
    private func resume(context: ChannelHandlerContext) {
        while !answerDue, !closing, let next = waiting.popFirst() {
            switch next {
            case .part(let part): receive(part, context: context)
            case .malformed(let error): reject(error, context: context)
            }
        }
        if readHeld, !answerDue, !closing {
            readHeld = false
            context.read()
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
            closing = true
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
        let response = limits.payloadTooLarge(declared: declared)
        write(response, version: head?.version ?? .http1_1, keepAlive: false, context: context)
    }

    /// Head and body as one buffer, one write; after an answer that closes, the connection closes once the
    /// bytes are out.
    private func write(
        _ response: MockResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext,
        contentLength: Int? = nil
    ) {
        var buffer = context.channel.allocator.buffer(
            capacity: 128 + response.headers.count * 48 + response.body.count)
        AnswerHeadWriter.write(
            status: response.status, version: version, headers: response.headers,
            framing: .length(contentLength ?? response.body.count), keepAlive: keepAlive, into: &buffer,
            leftOut: logLeftOut)
        buffer.writeBytes(response.body)
        guard !keepAlive else {
            if let flushBatch {
                context.write(wrapOutboundOut(buffer), promise: nil)
                flushBatch.flushSoon(context)
            } else {
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            }
            connection.answered()
            return
        }
        closing = true
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: done)
        let channel = context.channel
        done.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    private func logLeftOut(_ name: String) {
        logger.warning("left out the response header '\(name.debugDescription)': not writable in HTTP/1")
    }

    /// A request that is not valid HTTP/1: 400 (431 when its head is too large) with a problem body saying
    /// what the parser found, then the connection closes (the decoder reads nothing more after an error).
    private func reject(_ error: HTTPParserError, context: ChannelHandlerContext) {
        let response = error == .headerOverflow ? limits.headTooLarge() : RequestLimits.notHTTP("\(error)")
        write(response, version: .http1_1, keepAlive: false, context: context)
    }

    /// Writes the head of an answer with no length, then each event of `feed` as it comes (chunked on
    /// HTTP/1.1; on HTTP/1.0 the body runs until the connection closes), and a comment every 15 seconds; the
    /// feed stops when the connection closes. Nothing more is answered on this connection.
    private func stream(_ response: MockResponse, feed: EventFeed, version: HTTPVersion, context: ChannelHandlerContext)
    {
        answerDue = true
        feedChunked = version.minor >= 1
        var buffer = context.channel.allocator.buffer(capacity: 256)
        AnswerHeadWriter.write(
            status: response.status, version: version, headers: response.headers,
            framing: feedChunked ? .chunked : .untilClose, keepAlive: feedChunked, into: &buffer, leftOut: logLeftOut)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
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
        guard context.channel.isActive, !text.isEmpty else { return }
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count + 12)
        if feedChunked {
            AnswerHeadWriter.writeChunk(text, into: &buffer)
        } else {
            buffer.writeString(text)
        }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopFeed?()
        stopFeed = nil
        heartbeat?.cancel()
        heartbeat = nil
        waiting.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let malformed = error as? HTTPParserError {
            guard !closing else { return }
            guard !answerDue else {
                waiting.append(.malformed(malformed))
                return
            }
            reject(malformed, context: context)
            return
        }
        // What the decoder reports about bytes after a malformed request: the 400 is already on its way.
        if error is ByteToMessageDecoderError, closing || !waiting.isEmpty { return }
        logger.debug("connection error: \(error)")
        closing = true
        context.close(promise: nil)
    }
}
