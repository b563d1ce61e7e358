import FloeCore
import FloeEngine
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A ``WorkflowStore`` on a PostgreSQL database (PostgresNIO's `PostgresClient` and its connection pool).
///
/// Several processes may share the database. Every mutating call is one transaction on one leased
/// connection. Decisions about a task are made under a lock of its `task` row (`SELECT … FOR UPDATE`), so the
/// load–apply–write of ``TaskStateMachine`` never interleaves with another's; claims of runs, callback events and
/// queue messages take their rows with `FOR UPDATE SKIP LOCKED`, so concurrent claimers, in any process, skip
/// each other's rows and never share one. A transaction that may make work ready also sends a notification on the
/// channel `floe_work` (delivered when it commits); every store listens on it while it runs, so
/// ``waitForWork(timeout:)`` wakes for work made by any process, not only by this one (and still polls, should a
/// notification be lost while the listening connection reconnects).
///
/// The client must run while the store is used, in one of three ways: run the store as a `Service` (its
/// ``run()`` runs the client until cancelled or shut down gracefully); ``withStore(_:logger:_:)``, which runs it
/// around a body; or ``open(url:logger:)``, which runs it in a task of the store's own until ``stop()``, for a
/// process that uses the store before and outside any service group. Call ``migrate()`` once the client runs,
/// before anything else (``withStore(_:logger:_:)`` and ``open(url:logger:)`` do).
public final class PostgresWorkflowStore: WorkflowStore, Service {
    /// The connection pool.
    public let client: PostgresClient
    let logger: Logger
    let workSignal = WorkSignal()
    /// The task that runs the client after ``start()``.
    private let runner = Mutex<Task<Void, Never>?>(nil)

    /// A store on the database `configuration` names; nothing connects until ``run()`` runs the client.
    public init(configuration: PostgresClient.Configuration, logger: Logger = Logger(label: "floe.store.postgres")) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// A store on the database `url` names (``configuration(url:)``).
    public convenience init(url: String, maximumConnections: Int = 20,
                            logger: Logger = Logger(label: "floe.store.postgres")) throws {
        var configuration = try Self.configuration(url: url)
        configuration.options.maximumConnections = maximumConnections
        self.init(configuration: configuration, logger: logger)
    }

    /// Runs the connection pool, and the listener of other processes' work notifications on one of its
    /// connections, until the calling task is cancelled or the service group shuts down gracefully.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            group.addTask { await cancelWhenGracefulShutdown { await self.listenForWork() } }
            await group.next()
            group.cancelAll()
        }
    }

    /// The channel of the notifications that work may be ready.
    static let workChannel = "floe_work"

    /// Wakes ``waitForWork(timeout:)`` on every notification of ``workChannel`` until cancelled; listens again
    /// after a lost connection.
    private func listenForWork() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.workChannel) { notifications in
                        // Work may have been made while no one listened.
                        workSignal.notify()
                        for try await _ in notifications { workSignal.notify() }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.debug("listening for work notifications failed; listening again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// A migrated store on the database `url` names (``configuration(url:)``), its client running in a task of its
    /// own until ``stop()`` or the end of the process. Throws ``FloeError/Code/store`` when the database cannot be
    /// reached (or refuses the user) within `timeout`: the pool would otherwise wait for it forever.
    public static func open(url: String, timeout: Duration = .seconds(30),
                            logger: Logger = Logger(label: "floe.store.postgres")) async throws -> PostgresWorkflowStore {
        let store = try PostgresWorkflowStore(url: url, logger: logger)
        store.start()
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await store.migrate()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                defer { group.cancelAll() }
                guard try await group.next() == true else {
                    throw FloeError(.store, """
                        cannot reach the PostgreSQL database within \(timeout): is the server up, and the URL's host, port, \
                        user, password and database right?
                        """)
                }
            }
        } catch {
            await store.stop()
            throw error
        }
        return store
    }

    /// Runs the client (``run()``) in a task of the store's own; does nothing when it runs already.
    public func start() {
        runner.withLock { runner in
            guard runner == nil else { return }
            runner = Task { try? await self.run() }
        }
    }

    /// Stops what ``start()`` started (closing the connections) and waits for it to end.
    public func stop() async {
        guard let task = runner.withLock({ $0 }) else { return }
        task.cancel()
        await task.value
    }

    /// Runs a store on `configuration` for the duration of `body`: starts its client, brings the schema up to
    /// date, calls `body`, and stops the client (closing its connections) however `body` ends.
    public static func withStore<T: Sendable>(
        _ configuration: PostgresClient.Configuration, logger: Logger = Logger(label: "floe.store.postgres"),
        _ body: (PostgresWorkflowStore) async throws -> T
    ) async throws -> T {
        let store = PostgresWorkflowStore(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            try await store.migrate()
            return try await body(store)
        }
    }

    public func workMark() -> WorkSignal.Mark {
        workSignal.mark
    }

    public func waitForWork(after mark: WorkSignal.Mark, timeout: Duration) async {
        await workSignal.wait(after: mark, timeout: timeout)
    }

    // MARK: Database access

    /// How often a transaction that lost a serialization or deadlock race is tried again.
    static let attempts = 5

    /// Runs `body` in one transaction on one leased connection, committing when it returns and rolling back when
    /// it throws. A transaction that PostgreSQL aborted for a serialization failure or a deadlock is tried
    /// again; other database failures become ``FloeError`` (``FloeError/Code/conflict`` for a unique
    /// violation, ``FloeError/Code/store`` otherwise).
    func write<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    let session = PostgresSession(connection: connection, logger: logger)
                    try await session.execute("BEGIN")
                    do {
                        let value = try await body(session)
                        try await session.execute("COMMIT")
                        return value
                    } catch {
                        // A lost connection takes its transaction with it; nothing more may be sent on it (a query
                        // on a connection that PostgresNIO saw close never ends).
                        guard !Self.isConnectionLost(error) else {
                            try? await connection.close()
                            throw error
                        }
                        do {
                            try await session.execute("ROLLBACK")
                        } catch {
                            // The connection's state is unknown: close it, so the pool never hands out a connection
                            // still inside this transaction.
                            try? await connection.close()
                        }
                        throw error
                    }
                }
            } catch let error as PSQLError where Self.isRetryable(error) && attempt < Self.attempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...10 * attempt)))
            } catch {
                throw Self.floeError(error)
            }
        }
    }

    /// Runs `body` on one leased connection, outside a transaction block (each statement is its own).
    func read<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(PostgresSession(connection: connection, logger: logger))
            }
        } catch {
            throw Self.floeError(error)
        }
    }

    /// Whether `error` says the connection is gone: ``ConnectionClosed``, any PostgresNIO error but one the server
    /// reported for a statement, and a server error that ends the session (severity `FATAL` or `PANIC`, as when the
    /// server shuts down).
    static func isConnectionLost(_ error: any Error) -> Bool {
        if error is ConnectionClosed { return true }
        guard let error = error as? PSQLError else { return false }
        guard error.code == .server else { return true }
        let severity = error.serverInfo?[.severity] ?? ""
        return severity == "FATAL" || severity == "PANIC"
    }

    static func isRetryable(_ error: PSQLError) -> Bool {
        let state = error.serverInfo?[.sqlState]
        return state == PostgresError.Code.serializationFailure.raw || state == PostgresError.Code.deadlockDetected.raw
    }

    /// `error` as a ``FloeError``: itself when it is one, a conflict for a unique violation, a store error otherwise.
    static func floeError(_ error: any Error) -> any Error {
        switch error {
        case let error as FloeError:
            return error
        case let error as PSQLError:
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            if error.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw {
                return FloeError.conflict("already exists: \(message)")
            }
            if error.serverInfo?[.sqlState] == PostgresError.Code.foreignKeyViolation.raw {
                return FloeError.notFound("a referenced row does not exist: \(message)")
            }
            return FloeError(.store, "PostgreSQL failed: \(message)")
        case is CancellationError:
            return error
        default:
            return FloeError(.store, "PostgreSQL failed: \(String(reflecting: error))")
        }
    }
}

/// A query was not sent: its connection had closed (the server went away).
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection to the database closed" }
}

/// One leased connection, in or out of a transaction: queries that collect their rows.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and returns all its rows; ``ConnectionClosed`` when the connection closes first, rather than a
    /// wait for ever (``QueryWatch``).
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        guard !connection.isClosed else { throw ConnectionClosed() }
        return try await QueryWatch.shared.rows(query, on: connection, logger: logger)
    }

    /// Runs `query` (with `RETURNING`, to count rows) and returns how many rows it returned.
    @discardableResult
    func count(_ query: PostgresQuery) async throws -> Int {
        try await rows(query).count
    }

    /// Runs `query`, discarding any rows.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// The first column of the first row as `T`, or `nil` when there is no row.
    func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) async throws -> T? {
        guard let row = try await rows(query).first else { return nil }
        return try row.decode(T.self)
    }

    /// Runs `statements` as one query (``SQLStatement/joined(_:then:)``: none of them may change a row that another
    /// changes), and with them, when `notifying`, ``notifyWork()``. Nothing when there is nothing to do.
    func execute(_ statements: [SQLStatement], notifying: Bool = false) async throws {
        guard !statements.isEmpty || notifying else { return }
        try await execute(SQLStatement.joined(statements, then: notifying ? Self.notification : nil))
    }

    /// Tells every listening store, when the transaction commits, that work may be ready.
    func notifyWork() async throws {
        try await execute(Self.notification.query)
    }

    private static var notification: SQLStatement {
        SQLStatement(stringLiteral: "SELECT pg_notify('\(PostgresWorkflowStore.workChannel)', '')")
    }

    /// True when `query` returns a row.
    func exists(_ query: PostgresQuery) async throws -> Bool {
        try await !rows(query).isEmpty
    }
}
