import FloeEngine
import Hummingbird
import Logging
import ServiceLifecycle

/// One HTTP server as a service: runs a Hummingbird application of `Responder` on a host and port until
/// graceful shutdown (it then stops accepting connections and lets running requests finish), answering
/// `Expect: 100-continue` at once (``ExpectContinueHandler``). The RPC API
/// (``APIService``) and the S3 endpoint (``S3Service``) are both this, with their own responder.
public struct HTTPService<Responder: HTTPResponder>: NamedService where Responder.Context == APIRequestContext {
    let application: Application<Responder>

    /// - Parameters:
    ///   - onListening: called with the bound port once the server listens (useful with port 0).
    public init(responder: Responder, host: String, port: Int, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.application = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
            configuration: .init(address: .hostname(host, port: port), serverName: "floe"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        try await application.run()
    }
}

/// The IMS RPC API server.
public typealias APIService = HTTPService<APIResponder>
/// The S3 endpoint's server.
public typealias S3Service = HTTPService<S3Responder>

extension HTTPService where Responder == APIResponder {
    /// The RPC API of `endpoint` (none: the operations routes only) and the `operations` routes, refusing
    /// bodies over `bodyLimit` bytes.
    public init(endpoint: RPCEndpoint?, operations: OperationsRoutes = OperationsRoutes(), host: String, port: Int,
                bodyLimit: Int = APIResponder.defaultBodyLimit, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.init(responder: APIResponder(endpoint: endpoint, operations: operations, bodyLimit: bodyLimit), host: host, port: port,
                  logger: logger, onListening: onListening)
    }
}

extension HTTPService where Responder == S3Responder {
    /// The S3 endpoint `endpoint`, refusing bodies over `bodyLimit` bytes.
    public init(endpoint: S3Endpoint, host: String, port: Int, bodyLimit: Int = S3Responder.defaultBodyLimit,
                logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.init(responder: S3Responder(endpoint: endpoint, bodyLimit: bodyLimit), host: host, port: port,
                  logger: logger, onListening: onListening)
    }
}
