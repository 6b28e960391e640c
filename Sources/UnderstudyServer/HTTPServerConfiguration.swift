/// Where and how the HTTP server listens, and what it allows a connection (the defaults follow nginx's).
public struct HTTPServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Request bodies larger than this get 413 (and the connection is closed).
    public var maxBodyBytes: Int
    /// Seconds a request's head may take to arrive once its first byte has (nginx `client_header_timeout`);
    /// also the longest pause between two pieces of a body (`client_body_timeout`). Then the connection closes.
    public var headerTimeout: Double
    /// Seconds a kept-alive connection may wait for the next request to start (nginx `keepalive_timeout`).
    public var idleTimeout: Double
    /// The most connections open at once. At the cap a new connection makes the one waiting longest for a
    /// request (idle, or with its head half sent) close; when every connection is being answered, the new
    /// one is refused.
    public var maxConnections: Int

    public init(
        host: String = "127.0.0.1", port: Int = 4010, maxBodyBytes: Int = 10 * 1_048_576, headerTimeout: Double = 60,
        idleTimeout: Double = 75, maxConnections: Int = 4_096
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
    }
}
