import FloeCore
import FloeEngine
import Foundation
import GRDB

/// A ``WorkflowStore`` on one SQLite file (GRDB, WAL).
///
/// Several processes may share the file: every write runs in an `IMMEDIATE` transaction (one that the writes
/// queued beside it in this process share: ``SQLiteWriteQueue``) and a busy writer is waited for
/// (``busyTimeout``). SQLite serializes writers, so a claim can never hand a run to two
/// claimers. Wake-ups reach waiters of this process at once; other processes find new work when their
/// ``waitForWork(timeout:)`` times out.
public final class SQLiteWorkflowStore: WorkflowStore {
    /// How long a write waits for another process's write to end before failing.
    public static let busyTimeout: TimeInterval = 10

    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// Where writes queue for the pool's writer connection, to be committed together.
    let writes: SQLiteWriteQueue
    /// The connections reads use (the pool's own are not used).
    let readers: SQLiteReaderPool
    let workSignal = WorkSignal()
    /// A folder this store made and removes when it goes away (``temporary()``).
    private let temporaryDirectory: URL?

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    public convenience init(path: String) throws {
        try self.init(path: path, temporaryDirectory: nil)
    }

    private init(path: String, temporaryDirectory: URL?) throws {
        var configuration = Configuration()
        configuration.label = "floe.store"
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // With WAL, NORMAL loses no commit when the process dies; only a power loss may lose the last ones.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Each queued write runs in a savepoint (SQLiteWriteQueue), whose undo journal SQLite otherwise
            // spills to a temporary file past 64 KiB: a `pwrite` per page, 7% of a StartWorkflow's CPU.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // On the writer, like the migrations, so that no reader loads the schema before they ran (see `read`).
            if try pool.write(Self.migrator.hasBeenSuperseded) {
                throw FloeError(.store, "cannot open the SQLite database at \(path): a newer Floe has migrated it; run that version")
            }
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw FloeError(.store, "cannot open the SQLite database at \(path): \(error)")
        }
        writes = SQLiteWriteQueue(pool: pool)
        readers = SQLiteReaderPool(path: path, configuration: configuration)
        self.path = path
        self.temporaryDirectory = temporaryDirectory
    }

    /// A store on a new file in a new temporary folder, removed when the store goes away (for tests).
    public static func temporary() throws -> SQLiteWorkflowStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("floe-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try SQLiteWorkflowStore(path: directory.appendingPathComponent("floe.sqlite").path,
                                       temporaryDirectory: directory)
    }

    deinit {
        if let temporaryDirectory {
            try? FileManager.default.removeItem(at: temporaryDirectory)
        }
    }

    public func workMark() -> WorkSignal.Mark {
        workSignal.mark
    }

    public func waitForWork(after mark: WorkSignal.Mark, timeout: Duration) async {
        await workSignal.wait(after: mark, timeout: timeout)
    }

    // MARK: Database access

    /// Runs `body` atomically in a write transaction, shared with the writes that queued beside it
    /// (``SQLiteWriteQueue``), and returns once it is committed; database failures become
    /// ``FloeError/Code/store`` errors.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writes.write(body)
        } catch let error as DatabaseError {
            throw FloeError(.store, "SQLite write failed: \(error)")
        }
    }

    /// Runs `body` in one read transaction; database failures become ``FloeError/Code/store`` errors.
    ///
    /// The read runs on the calling thread (``SQLiteReaderPool``): it takes microseconds, and in WAL mode a
    /// reader never waits for a writer, so handing it to a reader queue and back (two thread switches) would
    /// cost more than the read itself (measured: about 16% of the API's CPU per StartWorkflow). Writes do
    /// hop: they may wait for another writer, which must not hold a cooperative thread.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try readers.read(body)
        } catch let error as DatabaseError {
            throw FloeError(.store, "SQLite read failed: \(error)")
        }
    }
}
