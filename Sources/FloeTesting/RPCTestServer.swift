import Crypto
import FloeAPI
import FloeCore
import FloeEngine
import FloeStorage
import FloeStoreSQLite
import Foundation
import Logging
import ServiceLifecycle

/// An RPC endpoint on a temporary SQLite store and local buckets, with ``Samples/account`` and its root key,
/// serving the workflow actions and any others given; reachable in-process (``endpoint``) or over HTTP on a
/// free loopback port (``withHTTP(_:)``).
public struct RPCTestServer: Sendable {
    /// The server's store.
    public let store: SQLiteWorkflowStore
    /// The server's local buckets.
    public let objects: FileSystemObjectStore
    /// The root key of ``Samples/account``.
    public let root: KeyRing.Credential
    /// The endpoint, to call in-process.
    public let endpoint: RPCEndpoint
    let logger: Logger
    /// Holds the buckets, removed once the last copy of the server goes away.
    let folder = TemporaryFolder("rpc")

    /// - Parameters:
    ///   - actions: served besides (or, when they share a name, instead of) the workflow actions.
    public init(actions: [any RPCAction] = []) async throws {
        store = try SQLiteWorkflowStore.temporary()
        objects = try FileSystemObjectStore(root: folder.url)
        let ring = KeyRing(store: store, box: try SecretBox(key: SymmetricKey(size: .bits256)))
        try await store.createAccount(Samples.account, now: Date())
        root = try await ring.createKey(accountID: Samples.account, isRoot: true, now: Date())
        var logger = Logger(label: "floe-rpc-test")
        logger.logLevel = .critical
        self.logger = logger
        endpoint = RPCEndpoint(
            authenticator: Authenticator(keyRing: ring, store: store),
            actions: actions + WorkflowActions.all(store: store, launcher: WorkflowLauncher(store: store), objectStore: objects,
                                                       buckets: OpenBucketAccess()),
            logger: logger)
    }

    /// Serves ``endpoint`` over HTTP on `127.0.0.1` and a free port while `body` runs with its base URL
    /// (`http://127.0.0.1:PORT`); stops gracefully afterwards.
    public func withHTTP<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let service = APIService(endpoint: endpoint, host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(services: [service], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { continuation.finish() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw FixtureError(message: "the API service never listened") }
            do {
                let result = try await body("http://127.0.0.1:\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
