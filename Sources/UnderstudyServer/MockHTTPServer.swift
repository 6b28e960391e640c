import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import UnderstudyMock

/// Serves a ``MockService`` over HTTP/1.0 and 1.1 (keep-alive and pipelining) with SwiftNIO.
public final class MockHTTPServer: Sendable {
    private let service: MockService
    private let configuration: HTTPServerConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let logger = Logger(label: "understudy.server")

    public init(service: MockService, configuration: HTTPServerConfiguration, threads: Int = System.coreCount) {
        self.service = service
        self.configuration = configuration
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    /// Binds and starts accepting; returns the bound channel (its `localAddress` has the real port when
    /// `port` was 0).
    public func start() async throws -> any Channel {
        let service = self.service
        let maxBody = configuration.maxBodyBytes
        let logger = self.logger
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                // Runs on the channel's event loop, so the (non-Sendable) handler never crosses threads.
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: true, withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        MockRequestHandler(service: service, maxBodyBytes: maxBody, logger: logger))
                }
            }
        return try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
    }

    /// Stops the event loops (after the server channel has been closed).
    public func shutdown() async throws {
        try await group.shutdownGracefully()
    }
}
