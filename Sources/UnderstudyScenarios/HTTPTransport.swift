import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends steps over HTTP/1.1 with AsyncHTTPClient to `--target`.
public final class HTTPTransport: ScenarioTransport {
    /// Scheme, host and port (`http://127.0.0.1:9093`), without a trailing slash.
    let origin: String
    let client: HTTPClient

    public var destination: String { origin }

    /// `origin` is the target's scheme, host and port; the path goes in each request.
    public init(origin: String) {
        self.origin = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .enabled(limit: .ratio(50))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ request: ScenarioRequest, timeout: Double) async throws(TransportError) -> ScenarioResponse {
        var outgoing = HTTPClientRequest(url: origin + request.target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(timeout * 1000)))
            let body = try await response.body.collect(upTo: 64 << 20)
            return ScenarioResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw TransportError("no answer from \(origin) within \(Self.seconds(timeout))", unreachable: false)
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw TransportError("cannot reach \(origin): the connection timed out", unreachable: true)
        } catch {
            // Refused or failed connections mean the target is not there (bad input); anything else happened
            // to a request that reached it (a closed connection, a malformed answer): a failed check.
            let text = "\(error)"
            let lower = text.lowercased()
            if lower.contains("refused") {
                throw TransportError("cannot reach \(origin): connection refused", unreachable: true)
            }
            if lower.contains("connect") || lower.contains("resolve") || lower.contains("host") {
                throw TransportError("cannot reach \(origin): \(text)", unreachable: true)
            }
            throw TransportError("\(request.method) \(request.target) on \(origin) failed: \(text)", unreachable: false)
        }
    }

    /// Closes the connections (call once, when the run is over).
    public func shutdown() async {
        try? await client.shutdown()
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }
}
