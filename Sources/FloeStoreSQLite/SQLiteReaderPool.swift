import GRDB
import Synchronization

/// The store's read-only connections, each used by one reader at a time on the reader's own thread.
///
/// A read takes an idle connection (opening one when none is idle), runs one deferred transaction on it and
/// gives it back: a lock, a transaction begun and committed with cached statements, nothing more. GRDB's
/// `DatabasePool.read` does the same through its reader pool (a barrier queue, a semaphore and a dispatch
/// group per read) and asks SQLite for the schema version before each read, a statement and a WAL read lock
/// of their own: about 40 µs of server CPU per `StartWorkflow` (BENCHMARKS.md, "The API"). The schema check
/// has nothing to find here: the schema changes only when the store opens, before any of these connections
/// exists.
///
/// There are never more connections than threads that read at once.
final class SQLiteReaderPool: Sendable {
    private let path: String
    private let configuration: Configuration
    private let idle = Mutex<[DatabaseQueue]>([])

    /// Reads the database at `path` with `configuration`, made read-only.
    init(path: String, configuration: Configuration) {
        var configuration = configuration
        configuration.readonly = true
        self.path = path
        self.configuration = configuration
    }

    /// Runs `body` in one read transaction on an idle connection, on the calling thread.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? DatabaseQueue(path: path, configuration: configuration)
        defer { idle.withLock { $0.append(connection) } }
        return try connection.inDatabase { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            defer { try? db.cachedStatement(sql: "COMMIT TRANSACTION").execute() }
            return try body(db)
        }
    }

    /// How many connections are open and idle: all of them between reads.
    var idleConnections: Int { idle.withLock { $0.count } }
}
