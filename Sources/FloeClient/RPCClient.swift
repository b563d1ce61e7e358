import FloeCore
import Foundation

/// Calls the actions of an IMS RPC endpoint: signs each request with ``RequestSigner`` and sends it with a
/// ``RPCTransport`` (over HTTP, or in-process to an ``FloeAPI/RPCEndpoint``).
///
/// ```swift
/// let client = RPCClient(transport: transport, credentials: credentials)
/// let started = try await client.call("StartWorkflow", ["WorkflowId": id, "TaskInput": input])
/// ```
public struct RPCClient: Sendable {
    /// Where requests go.
    public let transport: any RPCTransport
    /// Signs each request.
    public let signer: RequestSigner

    /// A client signing with `credentials` and sending with `transport`.
    public init(transport: any RPCTransport, credentials: Credentials) {
        self.transport = transport
        self.signer = RequestSigner(credentials: credentials)
    }

    /// Calls `action` with `parameters` (each a string, as on the wire) and returns the members of the
    /// answer, `RequestId` included.
    ///
    /// - Throws: ``RPCClientError``: `service` with the server's `Code`, `Message`, `RequestId` and status;
    ///   `transport` when the server cannot be reached; `invalidResponse` when the answer is not an IMS one.
    public func call(_ action: String, _ parameters: [String: String] = [:]) async throws -> [String: JSONValue] {
        let request = try signer.sign(action: action, parameters: parameters, host: transport.host)
        let response = try await transport.send(request)
        return try Self.decode(response, from: transport.endpointDescription)
    }

    /// The members of a successful answer, or the error an error answer stands for.
    static func decode(_ response: RPCResponse, from endpoint: String) throws(RPCClientError) -> [String: JSONValue] {
        let members = (try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self)))?.objectValue
        guard let members else {
            let excerpt = String(decoding: response.body.prefix(120), as: UTF8.self)
            throw RPCClientError(kind: .invalidResponse, code: RPCClientError.TransportCode.invalidResponse,
                                 message: "\(endpoint) answered HTTP \(response.status) with something that is not an IMS JSON answer: \(excerpt)",
                                 httpStatus: response.status)
        }
        let requestID = members["RequestId"]?.stringValue
        guard (200..<300).contains(response.status) else {
            throw RPCClientError(kind: .service, code: members["Code"]?.stringValue ?? "HTTP\(response.status)",
                                 message: members["Message"]?.stringValue ?? "HTTP status \(response.status)",
                                 requestID: requestID, httpStatus: response.status)
        }
        return members
    }
}
