import Hummingbird
import Logging
import ServiceLifecycle

/// The S3 endpoint as a service: an ``S3Responder`` on its own host and port until graceful shutdown.
public struct S3Service: Service {
    let application: Application<S3Responder>

    /// - Parameters:
    ///   - onListening: called with the bound port once the server listens (useful with port 0).
    public init(endpoint: S3Endpoint, host: String, port: Int, bodyLimit: Int = S3Responder.defaultBodyLimit,
                logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.application = Application(
            responder: S3Responder(endpoint: endpoint, bodyLimit: bodyLimit),
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
