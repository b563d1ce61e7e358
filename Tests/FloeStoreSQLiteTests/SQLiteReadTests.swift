import FloeCore
import FloeTesting
import Foundation
import GRDB
import Synchronization
import Testing

@testable import FloeStoreSQLite

/// `read` runs its body in one read transaction of its own (begun and committed with cached statements), on a
/// read-only connection of the store's ``SQLiteReaderPool``.
@Suite struct SQLiteReadTests {
    /// A store with a scratch table, and a second connection to its file that writes to that table.
    private func storeAndWriter() throws -> (SQLiteWorkflowStore, DatabaseQueue) {
        let store = try SQLiteWorkflowStore.temporary()
        let writer = try DatabaseQueue(path: store.path)
        try writer.write { db in try db.execute(sql: "CREATE TABLE scratch (n INTEGER)") }
        return (store, writer)
    }

    @Test func aReadSeesOneSnapshotWhileAnotherConnectionCommits() async throws {
        let (store, writer) = try storeAndWriter()
        let counts = try await store.read { db in
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch")!
            try writer.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (1)") }
            let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch")!
            return [before, after]
        }
        #expect(counts == [0, 0])
        #expect(try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch") } == 1)
    }

    @Test func aReadThatThrowsEndsItsTransaction() async throws {
        let (store, writer) = try storeAndWriter()
        struct Stop: Error {}
        // Every reader connection of the pool takes a turn; each must leave its transaction behind it.
        for _ in 0..<8 {
            await #expect(throws: Stop.self) {
                try await store.read { db in
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch")
                    throw Stop()
                }
            }
        }
        try await writer.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (1)") }
        for _ in 0..<8 {
            #expect(try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch") } == 1)
        }
    }

    @Test func aFailedStatementIsAStoreError() async throws {
        let store = try SQLiteWorkflowStore.temporary()
        let error = await #expect(throws: FloeError.self) {
            try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM noSuchTable") }
        }
        #expect(error?.code == .store)
    }

    @Test func readsOneAfterAnotherShareOneConnection() async throws {
        let (store, writer) = try storeAndWriter()
        for expected in 1...20 {
            try await writer.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (1)") }
            #expect(try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch") } == expected)
        }
        #expect(store.readers.idleConnections == 1)
    }

    /// Three reads that wait for each other inside their transactions need three connections; once they end,
    /// the three are idle and a fourth read takes one of them.
    @Test func readsAtOnceOpenAConnectionEach() async throws {
        let (store, writer) = try storeAndWriter()
        try await writer.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (7)") }
        let readers = store.readers
        let inside = Mutex(0)
        let results = Mutex<[Int]>([])
        let threads = (0..<3).map { _ in
            Thread {
                let value = try? readers.read { db in
                    inside.withLock { $0 += 1 }
                    let deadline = Date().addingTimeInterval(10)
                    while inside.withLock({ $0 }) < 3, Date() < deadline { usleep(1_000) }
                    return try Int.fetchOne(db, sql: "SELECT n FROM scratch")
                }
                results.withLock { $0.append(value.flatMap { $0 } ?? -1) }
            }
        }
        threads.forEach { $0.start() }
        try await eventually("the three reads end") { results.withLock { $0.count } == 3 }
        #expect(results.withLock { $0 } == [7, 7, 7])
        #expect(readers.idleConnections == 3)
        #expect(try await store.read { db in try Int.fetchOne(db, sql: "SELECT n FROM scratch") } == 7)
        #expect(readers.idleConnections == 3)
    }

    @Test func aReadCannotWrite() async throws {
        let (store, writer) = try storeAndWriter()
        let error = await #expect(throws: FloeError.self) {
            try await store.read { db in try db.execute(sql: "INSERT INTO scratch VALUES (1)") }
        }
        #expect(error?.code == .store)
        #expect(try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scratch") } == 0)
    }
}
