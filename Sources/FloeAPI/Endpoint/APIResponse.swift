/// What the endpoint answers, independent of any HTTP server: a status and a JSON body.
public struct APIResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The JSON body (UTF-8).
    public var body: String
    /// The body's `RequestId`, also sent as the `x-acs-request-id` header.
    public var requestID: String

    /// An answer with `status` and the JSON text `body`.
    public init(status: Int, body: String, requestID: String) {
        self.status = status
        self.body = body
        self.requestID = requestID
    }
}
