import FloeCore
import FloeTesting
import Foundation
import GRDB
import Synchronization
import Testing

@testable import FloeStoreSQLite

/// Writes queued while a transaction is written commit together in the next one, each in a savepoint of its
/// own (``SQLiteWriteQueue``).
@Suite struct SQLiteWriteQueueTests {
    struct Stop: Error {}

    /// A store with a scratch table, and a second connection to its file to look at what is committed.
    private func storeAndObserver() async throws -> (SQLiteWorkflowStore, DatabaseQueue) {
        let store = try SQLiteWorkflowStore.temporary()
        try await store.write { db in try db.execute(sql: "CREATE TABLE scratch (n INTEGER)") }
        return (store, try DatabaseQueue(path: store.path))
    }

    /// Runs `writes` while a first write holds the writer until all of them are queued behind it, in order, so
    /// that they make one batch; each caller then runs `returned` with its result. Returns each write's result
    /// (or error), in order, and how many transactions the whole took.
    private func batch(
        _ store: SQLiteWorkflowStore, _ writes: [@Sendable (Database) throws -> Int],
        then returned: @escaping @Sendable (Result<Int, any Error>) async throws -> Void = { _ in }
    ) async throws -> (results: [Result<Int, any Error>], transactions: Int) {
        let before = store.writes.transactions
        let queue = store.writes
        // The first write holds the writer until every write is queued, however long a starved test run takes
        // to queue them, or until queueing them failed.
        let gaveUp = Mutex(false)
        async let blocker: Void = store.write { db in
            try db.execute(sql: "INSERT INTO scratch VALUES (0)")
            while queue.waiting < writes.count && !gaveUp.withLock({ $0 }) { usleep(1_000) }
        }
        let results = try await withThrowingTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
            do {
                try await eventually("the first write's transaction begins", interval: .milliseconds(1)) {
                    queue.transactions > before
                }
                for (index, write) in writes.enumerated() {
                    group.addTask {
                        let result: Result<Int, any Error>
                        do { result = .success(try await store.write(write)) } catch { result = .failure(error) }
                        try await returned(result)
                        return (index, result)
                    }
                    // Queued: behind the others, or (the last one) taken with them into the next transaction.
                    try await eventually("write \(index) is queued", interval: .milliseconds(1)) {
                        queue.waiting > index || queue.transactions > before + 1
                    }
                }
            } catch {
                gaveUp.withLock { $0 = true }  // so that the writes queued so far end before the group does
                throw error
            }
            var results = [Result<Int, any Error>?](repeating: nil, count: writes.count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
        try await blocker
        return (results, store.writes.transactions - before)
    }

    private func committed(_ n: Int, _ observer: DatabaseQueue) throws -> Bool {
        try observer.read { db in try Bool.fetchOne(db, sql: "SELECT ? IN (SELECT n FROM scratch)", arguments: [n])! }
    }

    private func rows(_ observer: DatabaseQueue) throws -> [Int] {
        try observer.read { db in try Int.fetchAll(db, sql: "SELECT n FROM scratch ORDER BY n") }
    }

    @Test func writesQueuedBehindATransactionCommitTogetherAndAreCommittedWhenTheyReturn() async throws {
        let (store, observer) = try await storeAndObserver()
        let writes: [@Sendable (Database) throws -> Int] = (1...20).map { n in
            { db in
                try db.execute(sql: "INSERT INTO scratch VALUES (?)", arguments: [n])
                return n
            }
        }
        let (results, transactions) = try await batch(store, writes)
        #expect(try results.map { try $0.get() } == Array(1...20))
        #expect(transactions == 2)
        #expect(try rows(observer) == Array(0...20))
    }

    /// Each write looks from the other connection as soon as it returns; the last write of the batch waits
    /// (a while) for the first to return, which it must not do before the batch is committed.
    @Test func aWriteReturnsOnlyOnceItsTransactionIsCommitted() async throws {
        let (store, observer) = try await storeAndObserver()
        let returned = Mutex(false)
        let uncommitted = Mutex<[Int]>([])
        let writes: [@Sendable (Database) throws -> Int] = (1...10).map { n in
            { db in
                try db.execute(sql: "INSERT INTO scratch VALUES (?)", arguments: [n])
                let deadline = Date().addingTimeInterval(0.3)
                while n == 10 && !returned.withLock({ $0 }) && Date() < deadline { usleep(1_000) }
                return n
            }
        }
        let (results, transactions) = try await batch(store, writes) { result in
            guard case .success(let n) = result else { return }
            if try !committed(n, observer) { uncommitted.withLock { $0.append(n) } }
            returned.withLock { $0 = true }
        }
        #expect(try results.map { try $0.get() } == Array(1...10))
        #expect(transactions == 2)
        #expect(uncommitted.withLock { $0 }.isEmpty)
    }

    /// A write that fails may have failed because of the writes before it in its batch (a row that is already
    /// there): its caller hears of it only once those are committed, so that it can read them.
    @Test func aWriteThatFailsIsToldOnlyOnceTheWritesBeforeItAreCommitted() async throws {
        let (store, observer) = try await storeAndObserver()
        let reported = Mutex(false)
        let visible = Mutex<Bool?>(nil)
        let insertSeven: @Sendable (Database) throws -> Int = { db in
            if try Bool.fetchOne(db, sql: "SELECT 7 IN (SELECT n FROM scratch)")! { throw Stop() }
            try db.execute(sql: "INSERT INTO scratch VALUES (7)")
            return 7
        }
        let last: @Sendable (Database) throws -> Int = { _ in
            let deadline = Date().addingTimeInterval(0.3)
            while !reported.withLock({ $0 }) && Date() < deadline { usleep(1_000) }
            return 8
        }
        let (results, transactions) = try await batch(store, [insertSeven, insertSeven, last]) { result in
            guard case .failure = result else { return }
            let seen = try committed(7, observer)
            visible.withLock { $0 = seen }
            reported.withLock { $0 = true }
        }
        #expect(transactions == 2)
        #expect(try results[0].get() == 7)
        #expect(throws: Stop.self) { try results[1].get() }
        #expect(visible.withLock { $0 } == true)
    }

    @Test func aWriteThatThrowsFailsAloneAndLeavesNothingBehind() async throws {
        let (store, observer) = try await storeAndObserver()
        let writes: [@Sendable (Database) throws -> Int] = (1...5).map { n in
            { db in
                try db.execute(sql: "INSERT INTO scratch VALUES (?)", arguments: [n])
                if n == 3 { throw Stop() }
                return n
            }
        }
        let (results, transactions) = try await batch(store, writes)
        #expect(transactions == 2)
        #expect(throws: Stop.self) { try results[2].get() }
        #expect(try [0, 1, 3, 4].map { try results[$0].get() } == [1, 2, 4, 5])
        #expect(try rows(observer) == [0, 1, 2, 4, 5])
    }

    /// A full disk or an I/O error makes SQLite roll the whole transaction back: the writes already run in it
    /// are lost with it and fail too; the writes after it go on in a new transaction.
    @Test func whenSQLiteRollsTheTransactionBackTheWritesInItFail() async throws {
        let (store, observer) = try await storeAndObserver()
        let writes: [@Sendable (Database) throws -> Int] = (1...4).map { n in
            { db in
                try db.execute(sql: "INSERT INTO scratch VALUES (?)", arguments: [n])
                if n == 2 {
                    try db.execute(sql: "ROLLBACK")
                    throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
                }
                return n
            }
        }
        let (results, transactions) = try await batch(store, writes)
        #expect(transactions == 2)
        for index in [0, 1] {
            let error = #expect(throws: FloeError.self) { try results[index].get() }
            #expect(error?.code == .store)
            #expect(error?.message.contains("disk is full") == true)
        }
        #expect(try [2, 3].map { try results[$0].get() } == [3, 4])
        #expect(try rows(observer) == [0, 3, 4])
    }

    @Test func aWriteAloneStartsAtOnceInATransactionOfItsOwn() async throws {
        let (store, observer) = try await storeAndObserver()
        let before = store.writes.transactions
        for n in 1...3 {
            try await store.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (?)", arguments: [n]) }
        }
        #expect(store.writes.transactions - before == 3)
        #expect(try rows(observer) == [1, 2, 3])
    }
}
