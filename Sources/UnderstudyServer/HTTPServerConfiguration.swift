/// Where and how the HTTP server listens.
public struct HTTPServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Request bodies larger than this get 413 (and the connection is closed).
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 4010, maxBodyBytes: Int = 10 * 1_048_576) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
