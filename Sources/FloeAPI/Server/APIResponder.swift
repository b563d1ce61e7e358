import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers every HTTP request with the ``RPCEndpoint``: reads the body up to a limit, hands the request
/// over as received (the `Host` value included, never normalised) and writes the JSON answer. Nothing it
/// does throws, so Hummingbird never writes an error body of its own.
///
/// The ``OperationsRoutes`` (`/healthz`, `/readyz`, `/metrics`) come first, without authentication. A
/// process that does not serve the API (no `api` role) has no endpoint: every other request is
/// `404 InvalidAction.NotFound`.
public struct APIResponder: HTTPResponder {
    public typealias Context = APIRequestContext

    /// The default body limit: 1 MiB.
    public static let defaultBodyLimit = 1 << 20

    let endpoint: RPCEndpoint?
    let operations: OperationsRoutes
    let bodyLimit: Int

    /// Serves `endpoint` (none: only the operations routes) after `operations`, refusing bodies over
    /// `bodyLimit` bytes with `413 EntityTooLarge`.
    public init(endpoint: RPCEndpoint?, operations: OperationsRoutes = OperationsRoutes(), bodyLimit: Int = defaultBodyLimit) {
        self.endpoint = endpoint
        self.operations = operations
        self.bodyLimit = bodyLimit
    }

    /// Answers `request` with the endpoint's JSON; never throws.
    public func respond(to request: Request, context: APIRequestContext) async throws -> Response {
        if let response = await operations.response(to: request) { return response }
        guard let endpoint else {
            return Self.json(RPCEndpoint.notServed(requestID: UUID.random().uuidString))
        }
        let answer: APIResponse
        do {
            let body = try await request.body.collect(upTo: bodyLimit)
            answer = await endpoint.respond(
                method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
                headers: Self.headers(of: request), body: Array(buffer: body), sourceIP: context.remoteAddress?.ipAddress)
        } catch {
            // The body is over the limit (or the connection failed while reading it).
            let requestID = UUID.random().uuidString
            answer = endpoint.errorResponse(.entityTooLarge(limit: bodyLimit), requestID: requestID)
        }
        return Self.json(answer)
    }

    /// `answer` as a JSON response carrying its request id.
    static func json(_ answer: APIResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        if let name = HTTPField.Name("x-acs-request-id") { headers[name] = answer.requestID }
        return Response(status: .init(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    /// The request's headers as received. HTTP/1 servers move `Host` into the request's authority; it
    /// comes back here first, with its value untouched.
    static func headers(of request: Request) -> [SignedRequest.Header] {
        var headers: [SignedRequest.Header] = []
        if let authority = request.head.authority, !request.headers.contains(where: { $0.name.canonicalName == "host" }) {
            headers.append(.init("host", authority))
        }
        for field in request.headers {
            headers.append(.init(field.name.rawName, field.value))
        }
        return headers
    }
}
