import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import UnderstudyMock

/// Serves a ``MockService`` over HTTP/1.0 and 1.1 (keep-alive and pipelining) with SwiftNIO, within the
/// configuration's limits: body size, header, body and idle timeouts, and a connection cap.
public final class MockHTTPServer: Sendable {
    private let service: MockService
    private let configuration: HTTPServerConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let logger = Logger(label: "understudy.server")
    private let registry: ConnectionRegistry
    /// One per event loop, by the loop's identity.
    private let flushBatches: [ObjectIdentifier: FlushBatch]

    public init(service: MockService, configuration: HTTPServerConfiguration, threads: Int = System.coreCount) {
        self.service = service
        self.configuration = configuration
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        registry = ConnectionRegistry(capacity: configuration.maxConnections)
        var batches: [ObjectIdentifier: FlushBatch] = [:]
        for loop in group.makeIterator() {
            batches[ObjectIdentifier(loop)] = FlushBatch(
                eventLoop: loop, store: service.store.isPersistent ? service.store : nil)
        }
        flushBatches = batches
    }

    /// The number of connections open now.
    public var connectionCount: Int { registry.count }

    /// Binds and starts accepting; returns the bound channel (its `localAddress` has the real port when
    /// `port` was 0).
    public func start() async throws -> any Channel {
        let service = self.service
        let configuration = self.configuration
        let limits = RequestLimits(maxBodyBytes: configuration.maxBodyBytes)
        let logger = self.logger
        let registry = self.registry
        let flushBatches = self.flushBatches
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                // Runs on the channel's event loop, so the (non-Sendable) handler never crosses threads.
                channel.eventLoop.makeCompletedFuture {
                    let (slot, victim) = registry.admit(channel)
                    if let victim {
                        logger.debug("connection cap (\(registry.capacity)) reached: closing the one waiting longest")
                        victim.close(promise: nil)
                        if victim === channel { return }
                    }
                    let connection = ConnectionGuard(
                        channel: channel, registry: registry, slot: slot, configuration: configuration,
                        logger: logger)
                    try channel.pipeline.syncOperations.addHandler(ByteArrivalHandler(connection))
                    // NIO's HTTP/1 decoder; the request handler after it keeps pipelined answers in order,
                    // answers malformed requests and encodes its answers itself (see `MockRequestHandler`).
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                    try channel.pipeline.syncOperations.addHandler(
                        MockRequestHandler(
                            service: service, limits: limits, connection: connection, logger: logger,
                            flushBatch: flushBatches[ObjectIdentifier(channel.eventLoop)]))
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        // A state file's changes are written once per event-loop pass, before the answers that wait for them.
        service.store.writeWhenAsked()
        // Idle sessions are looked for now and then, even when no new session comes to push them out.
        let store = service.store
        channel.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(30), delay: .seconds(30)) { _ in
            store.evictIdleSessions()
        }
        return channel
    }

    /// Stops the event loops (after the server channel has been closed), with every change the mock made
    /// written to its state file.
    public func shutdown() async throws {
        try await group.shutdownGracefully()
        service.store.finishWrites()
    }
}
