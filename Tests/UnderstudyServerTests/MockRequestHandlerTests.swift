import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import UnderstudyContract
import UnderstudyMock

@testable import UnderstudyServer

/// The request handler on an embedded channel, where the reads it passes on can be counted.
struct MockRequestHandlerTests {
    /// Counts the reads that reach it from the handlers after it, and passes them on.
    final class ReadCounter: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = ByteBuffer
        var reads = 0

        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    static func request(_ path: String) -> [HTTPServerRequestPart] {
        [.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: ["Host": "t"])), .end(nil)]
    }

    /// While an answer is due (here a profile's latency of one second), reads go on until a request arrives
    /// behind it; then they are held until the answer is out, so a client that pipelines without end cannot
    /// fill memory, while one that does not pipeline costs no stopping and restarting of reads.
    @Test func readsGoOnWhileAnAnswerIsDueUntilARequestWaitsBehindIt() throws {
        let contract = try #require(ContractLoader().load(text: MockHTTPServerTests.spec).contract)
        var profile = MockProfile(file: "mock.yaml", contractPath: "openapi.yaml")
        profile.latencies = [Latency(selector: OperationSelector(operationId: "listNotes"), distribution: .fixed(1))]
        let store = StateStore()
        let mount = MountedContract(
            prefix: contract.servers[0].basePath, engine: MockEngine(contract: contract, store: store, profile: profile)
        )
        let service = MockService(mounts: [mount], store: store)

        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(loop: loop)
        let registry = ConnectionRegistry(capacity: 4)
        let connection = ConnectionGuard(
            channel: channel, registry: registry, slot: registry.admit(channel).slot,
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        let counter = ReadCounter()
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(
            MockRequestHandler(
                service: service, limits: RequestLimits(), connection: connection, logger: Logger(label: "test")))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()

        for part in Self.request("/api/notes") { try channel.writeInbound(part) }
        // The list's answer is due in a second; nothing waits behind it: the read is passed on.
        let before = counter.reads
        channel.read()
        #expect(counter.reads == before + 1)

        // A request arrives behind it: reads are held from now on.
        for part in Self.request("/api/notes/1") { try channel.writeInbound(part) }
        channel.read()
        #expect(counter.reads == before + 1)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)

        // The answer goes out, the waiting request is answered after it, and the held read is passed on.
        loop.advanceTime(by: .seconds(1))
        let first = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: first).hasPrefix("HTTP/1.1 200 OK"))
        let second = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: second).hasPrefix("HTTP/1.1 404"))
        #expect(counter.reads == before + 2)
        _ = try channel.finish()
    }
}
