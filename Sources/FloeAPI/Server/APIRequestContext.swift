import Hummingbird
import NIOCore

/// The Hummingbird request context of the API: the core context and the connection's peer address,
/// which RAM conditions see as `acs:SourceIp`.
public struct APIRequestContext: Hummingbird.RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The client's address, `nil` when the channel has none (in-process tests).
    public let remoteAddress: SocketAddress?

    /// The context of a request on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
