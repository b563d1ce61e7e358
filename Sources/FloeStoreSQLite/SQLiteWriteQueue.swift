import GRDB
import Synchronization

/// Group commit: the writes that arrive while one transaction is written are committed together in the next.
///
/// Each write runs in a savepoint of its own inside the shared `IMMEDIATE` transaction, so it is atomic and
/// fails alone (its savepoint is rolled back, the others go on), and it sees the writes queued before it
/// exactly as if each had been a transaction of its own. Every caller resumes when the transaction ends, after
/// its `COMMIT`: what a write returns is durable, and a write refused because of one before it (a row that
/// one added) is refused once that row can be read. When SQLite rolls the whole transaction back itself (a
/// full disk, an I/O error), every write run in it fails with that error, and the rest go on in a new one.
///
/// One transaction costs its `BEGIN`, its `COMMIT` and one WAL frame per page it changed; under concurrent
/// writes (an API at concurrency 64, an engine with many slots) those are shared by the batch, and a page
/// that several of its writes change (the newest end of an index by time, the nonce table) is written once.
/// A write that finds the queue idle starts at once: nothing waits for company.
final class SQLiteWriteQueue: Sendable {
    /// A queued write: `run` writes and returns how to resume its caller once committed; `fail` resumes it
    /// with an error.
    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var queued: [Job] = []
        var draining = false
        var transactions = 0
    }

    private let pool: DatabasePool
    private let state = Mutex(State())

    /// Writes to `pool`'s writer connection.
    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in the next transaction and returns its result once that transaction is committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { db in
                    let value = try body(db)
                    return { continuation.resume(returning: value) }
                },
                fail: { continuation.resume(throwing: $0) })
            let startsDraining = state.withLock { state in
                state.queued.append(job)
                defer { state.draining = true }
                return !state.draining
            }
            if startsDraining {
                pool.asyncWriteWithoutTransaction { db in self.drain(db) }
            }
        }
    }

    /// How many transactions the queue has committed (or tried to).
    var transactions: Int { state.withLock { $0.transactions } }

    /// How many writes wait for the transaction under way to end.
    var waiting: Int { state.withLock { $0.queued.count } }

    /// Commits batch after batch until nothing is queued; runs on the writer connection's queue.
    private func drain(_ db: Database) {
        while true {
            let batch = state.withLock { state in
                let batch = state.queued
                state.queued.removeAll(keepingCapacity: true)
                if batch.isEmpty {
                    state.draining = false
                } else {
                    state.transactions += 1
                }
                return batch
            }
            if batch.isEmpty { return }
            commit(batch, in: db)
        }
    }

    /// Runs `batch` in one transaction (or more, when SQLite abandons one), each write in its own savepoint.
    ///
    /// Every caller hears of its write when the transaction ends, a failed write too: it may have failed
    /// because of the writes before it (a row they added), and its caller must be able to read those.
    private func commit(_ batch: [Job], in db: Database) {
        /// The writes run in the transaction under way, with how to resume each caller once it is committed.
        var done: [(job: Job, resume: @Sendable () -> Void)] = []
        /// Ends the transaction under way (SQLite may have ended it already): `error` for all its writes.
        func abandon(_ error: any Error) {
            if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
            for write in done { write.job.fail(error) }
            done.removeAll()
        }
        for job in batch {
            do {
                if !db.isInsideTransaction { try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute() }
                try db.cachedStatement(sql: "SAVEPOINT write").execute()
            } catch {
                abandon(error)
                job.fail(error)
                continue
            }
            do {
                let resume = try job.run(db)
                try db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
                done.append((job, resume))
            } catch {
                guard db.isInsideTransaction else {
                    abandon(error)
                    job.fail(error)
                    continue
                }
                do {
                    try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT write").execute()
                    try db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
                    done.append((job, { job.fail(error) }))
                } catch let rollbackError {
                    abandon(rollbackError)
                    job.fail(error)
                }
            }
        }
        guard db.isInsideTransaction else { return }
        do {
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        } catch {
            abandon(error)
            return
        }
        for write in done { write.resume() }
    }
}
