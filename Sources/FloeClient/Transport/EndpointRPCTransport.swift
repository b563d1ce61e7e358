import FloeAPI

/// Hands signed requests straight to an in-process ``RPCEndpoint``: no socket, the same signature checks,
/// authorisation and actions as over HTTP.
public struct EndpointRPCTransport: RPCTransport {
    /// The `host` of in-process requests.
    public let host: String
    public var endpointDescription: String { "in-process" }

    let endpoint: RPCEndpoint
    let sourceIP: String?

    /// Sends to `endpoint`; requests carry `host` as their `host` header and come from `sourceIP` as far as
    /// RAM's `acs:SourceIp` is concerned (none by default: a condition on it does not match).
    public init(endpoint: RPCEndpoint, host: String = "floe.in-process", sourceIP: String? = nil) {
        self.endpoint = endpoint
        self.host = host
        self.sourceIP = sourceIP
    }

    public func send(_ request: RPCRequest) async -> RPCResponse {
        let answer = await endpoint.respond(method: request.method, path: request.path, rawQuery: request.rawQuery,
                                            headers: request.headers, body: request.body, sourceIP: sourceIP)
        return RPCResponse(status: answer.status, body: Array(answer.body.utf8))
    }
}
