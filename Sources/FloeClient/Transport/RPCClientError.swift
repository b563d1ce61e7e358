/// A call that did not succeed: an error the server answered (with its IMS `Code`, `Message`, `RequestId`
/// and HTTP status), or a failure to reach it or to read its answer.
public struct RPCClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which side failed.
    public enum Kind: Hashable, Sendable {
        /// The server answered with an IMS error body.
        case service
        /// The server could not be reached, or the exchange failed or timed out.
        case transport
        /// The server answered something that is not an IMS response (not JSON, not an object).
        case invalidResponse
    }

    /// The `Code` of codes that Floe's client gives transport failures (the server's codes are IMS codes).
    public enum TransportCode {
        /// Nothing listens at the endpoint.
        public static let connectionRefused = "ConnectionRefused"
        /// No answer within the timeout.
        public static let timeout = "Timeout"
        /// Any other network failure.
        public static let transportFailure = "TransportFailure"
        /// The endpoint is not an `http://` or `https://` URL of a server.
        public static let invalidEndpoint = "InvalidEndpoint"
        /// The answer is not an IMS JSON object.
        public static let invalidResponse = "InvalidResponse"
    }

    /// Which side failed.
    public var kind: Kind
    /// The IMS error code (`InvalidParameter`, `SignatureDoesNotMatch`, …), or a ``TransportCode``.
    public var code: String
    /// The server's `Message`, or what failed.
    public var message: String
    /// The server's `RequestId`, when it answered one.
    public var requestID: String?
    /// The HTTP status, when the server answered.
    public var httpStatus: Int?

    /// An error of `kind` with `code` and `message`, and what the server answered with it.
    public init(kind: Kind, code: String, message: String, requestID: String? = nil, httpStatus: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
    }

    /// `Code: Message (RequestId …)` for a server error; the message alone for a transport failure.
    public var description: String {
        switch kind {
        case .service: "\(code): \(message)" + (requestID.map { " (RequestId \($0))" } ?? "")
        case .transport, .invalidResponse: message
        }
    }

    /// A transport failure.
    public static func transport(_ code: String, _ message: String) -> RPCClientError {
        RPCClientError(kind: .transport, code: code, message: message)
    }
}
