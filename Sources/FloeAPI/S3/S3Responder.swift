import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves an ``S3Endpoint`` over HTTP: reads the body up to a limit (`413 EntityTooLarge` past it) and hands
/// the request over with the path as sent and the headers as received. Never throws.
public struct S3Responder: HTTPResponder {
    public typealias Context = APIRequestContext

    /// The default request body limit: 256 MiB (a PutObject or UploadPart body is held in memory; larger
    /// objects go up in parts). Objects are read out of local buckets as streams.
    public static let defaultBodyLimit = 256 << 20

    let endpoint: S3Endpoint
    let bodyLimit: Int

    public init(endpoint: S3Endpoint, bodyLimit: Int = defaultBodyLimit) {
        self.endpoint = endpoint
        self.bodyLimit = bodyLimit
    }

    public func respond(to request: Request, context: APIRequestContext) async throws -> Response {
        let path = request.uri.path
        let answer: S3Response
        if let query = S3Endpoint.queryParameters(request.uri.query ?? "") {
            do {
                let body = try await request.body.collect(upTo: bodyLimit)
                let headers = APIResponder.headers(of: request).map { (name: $0.name, value: $0.value) }
                answer = await endpoint.respond(
                    to: .init(method: request.method.rawValue, encodedPath: path, query: query, headers: headers, body: Data(buffer: body)),
                    sourceIP: context.remoteAddress?.ipAddress)
            } catch {
                answer = S3Endpoint.errorResponse(.entityTooLarge(limit: bodyLimit), method: request.method.rawValue, resource: path,
                                                  requestID: UUID.random().uuidString)
            }
        } else {
            answer = S3Endpoint.errorResponse(.invalidArgument("The query is not valid percent-encoded UTF-8."),
                                              method: request.method.rawValue, resource: path, requestID: UUID.random().uuidString)
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        if request.method == .head {
            return Response(status: .init(code: answer.status), headers: headers, body: .init())
        }
        if let file = answer.file {
            do {
                let body = try await FileIO().loadFile(path: file.url.path, range: file.range, context: context)
                return Response(status: .init(code: answer.status), headers: headers, body: body)
            } catch {
                // The file went between the endpoint's look and this read.
                let missing = S3Endpoint.errorResponse(.noSuchKey(), method: request.method.rawValue, resource: path, requestID: UUID.random().uuidString)
                return Response(status: .init(code: missing.status), body: .init(byteBuffer: ByteBuffer(bytes: missing.body)))
            }
        }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
