import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The API server as a service: runs the Hummingbird application of an ``APIResponder`` on a host and
/// port until graceful shutdown (it then stops accepting connections and lets running requests finish).
public struct APIService: Service {
    let application: Application<APIResponder>

    /// - Parameters:
    ///   - onListening: called with the bound port once the server listens (useful with port 0).
    public init(endpoint: RPCEndpoint, host: String, port: Int, bodyLimit: Int = APIResponder.defaultBodyLimit,
                logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.application = Application(
            responder: APIResponder(endpoint: endpoint, bodyLimit: bodyLimit),
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
