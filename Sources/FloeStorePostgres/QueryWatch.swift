import Logging
import PostgresNIO
import Synchronization

/// Runs queries so that each ends, with its rows or an error, even when its connection closes as it is sent.
///
/// PostgresNIO writes a query to its connection's channel without a promise for the write: a query written just
/// as the channel closes (the server shut down or was restarted) is dropped, never failed, and its caller waits for
/// ever. The watch keeps the queries in flight on each connection, runs each in a task of its own, and fails those
/// still in flight with ``ConnectionClosed`` when the connection's close completes (one callback per connection).
/// A dropped query's task stays suspended; it holds nothing else.
final class QueryWatch: Sendable {
    static let shared = QueryWatch()

    private typealias Waiter = CheckedContinuation<[PostgresRow], any Error>

    private struct State {
        var nextID: UInt64 = 0
        /// The queries in flight, by connection; a connection has an entry from its first query until it closes.
        var connections: [ObjectIdentifier: [UInt64: Waiter]] = [:]
    }

    private let state = Mutex(State())

    /// All the rows of `query` on `connection`; ``ConnectionClosed`` when the connection closes first.
    func rows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> [PostgresRow] {
        let key = ObjectIdentifier(connection)
        return try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let (id, first) = state.withLock { state in
                state.nextID &+= 1
                let first = state.connections[key] == nil
                state.connections[key, default: [:]][state.nextID] = waiter
                return (state.nextID, first)
            }
            if first {
                connection.closeFuture.whenComplete { _ in self.closed(key) }
            }
            Task {
                do {
                    let rows = try await connection.query(query, logger: logger).collect()
                    self.take(id, of: key)?.resume(returning: rows)
                } catch {
                    self.take(id, of: key)?.resume(throwing: error)
                }
            }
        }
    }

    /// Removes and returns the waiter of query `id`, unless the connection's close took it already.
    private func take(_ id: UInt64, of key: ObjectIdentifier) -> Waiter? {
        state.withLock { $0.connections[key]?.removeValue(forKey: id) }
    }

    /// Fails the queries still in flight on a connection that closed, and forgets it.
    private func closed(_ key: ObjectIdentifier) {
        let waiters = state.withLock { $0.connections.removeValue(forKey: key) } ?? [:]
        for waiter in waiters.values { waiter.resume(throwing: ConnectionClosed()) }
    }
}
