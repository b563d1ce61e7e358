import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends signed requests over HTTP(S) with AsyncHTTPClient.
///
/// The transport does not own its ``HTTPClient``: share one for the life of the program, or let
/// ``with(endpoint:timeout:_:)`` make one and shut it down around a piece of work.
public struct HTTPRPCTransport: RPCTransport {
    /// The largest answer read: 16 MiB.
    public static let responseLimit = 16 << 20

    /// The server's base URL, `http://host:port`.
    public let endpoint: String
    /// `host[:port]`, as the `host` header carries it.
    public let host: String
    public var endpointDescription: String { endpoint }

    let client: HTTPClient
    let timeout: Duration

    /// A transport to `endpoint` (`http://host:port`, `https://…`, or `host:port` meaning `http://`) on
    /// `client`; each request must be answered within `timeout`.
    ///
    /// - Throws: ``RPCClientError`` `InvalidEndpoint` for anything but the base URL of a server.
    public init(endpoint: String, client: HTTPClient, timeout: Duration = .seconds(30)) throws(RPCClientError) {
        (self.endpoint, self.host) = try Self.parse(endpoint)
        self.client = client
        self.timeout = timeout
    }

    /// Runs `body` with a transport to `endpoint` on a new ``HTTPClient`` that is shut down when `body`
    /// returns or throws.
    public static func with<Result>(
        endpoint: String, timeout: Duration = .seconds(30), _ body: (HTTPRPCTransport) async throws -> Result
    ) async throws -> Result {
        _ = try parse(endpoint)  // before a client is made
        return try await HTTPClient.withHTTPClient(configuration: configuration(connectTimeout: min(timeout, .seconds(10)))) { client in
            try await body(HTTPRPCTransport(endpoint: endpoint, client: client, timeout: timeout))
        }
    }

    /// The client configuration for talking to a Floe server: a failed connection fails the request at
    /// once (no silent retries against a server that is down), redirects are not followed, and
    /// connecting gives up after `connectTimeout`.
    public static func configuration(connectTimeout: Duration = .seconds(10)) -> HTTPClient.Configuration {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.retryConnectionEstablishment = false
        return HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: timeAmount(connectTimeout)),
                                        connectionPool: pool)
    }

    public func send(_ request: RPCRequest) async throws -> RPCResponse {
        var http = HTTPClientRequest(url: "\(endpoint)\(request.target)")
        http.method = .init(rawValue: request.method)
        for header in request.headers {
            http.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty { http.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(http, timeout: Self.timeAmount(timeout))
            let body = try await response.body.collect(upTo: Self.responseLimit)
            return RPCResponse(status: Int(response.status.code), body: Array(buffer: body))
        } catch {
            throw failure(error)
        }
    }

    /// The ``RPCClientError`` of a failed exchange, naming the endpoint.
    func failure(_ error: any Error) -> RPCClientError {
        let text = String(describing: error)
        if let error = error as? HTTPClientError,
           [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
            return .transport(RPCClientError.TransportCode.timeout,
                              "\(endpoint) did not answer within \(timeout) (\(error)).")
        }
        if text.contains("Connection refused") || text.contains("errno: \(ECONNREFUSED)") {
            return .transport(RPCClientError.TransportCode.connectionRefused,
                              "cannot connect to \(endpoint): connection refused. Is `floe serve` running there?")
        }
        return .transport(RPCClientError.TransportCode.transportFailure, "the request to \(endpoint) failed: \(text)")
    }

    /// Splits `text` into the base URL and the `host` header.
    static func parse(_ text: String) throws(RPCClientError) -> (endpoint: String, host: String) {
        let invalid = RPCClientError.transport(
            RPCClientError.TransportCode.invalidEndpoint,
            "'\(text)' is not a server endpoint; give http://HOST:PORT (or https://…)")
        let withScheme = text.contains("://") ? text : "http://\(text)"
        guard let components = URLComponents(string: withScheme),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let name = components.host, !name.isEmpty,
              components.path.isEmpty || components.path == "/",
              components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else { throw invalid }
        let bracketed = name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
        let host = components.port.map { "\(bracketed):\($0)" } ?? bracketed
        return ("\(scheme)://\(host)", host)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
