/// Carries signed requests to an RPC endpoint and brings its answers back.
public protocol RPCTransport: Sendable {
    /// The `host` header the requests carry (signed as is).
    var host: String { get }
    /// Where requests go, for messages: a URL, or `in-process`.
    var endpointDescription: String { get }

    /// Sends `request` and returns the answer, whatever its status.
    ///
    /// - Throws: ``RPCClientError`` of kind `transport` when there is no answer.
    func send(_ request: RPCRequest) async throws -> RPCResponse
}

/// An answer as received: the HTTP status and the body.
public struct RPCResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The body bytes (JSON from an IMS endpoint).
    public var body: [UInt8]

    /// An answer with `status` and `body`.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}
