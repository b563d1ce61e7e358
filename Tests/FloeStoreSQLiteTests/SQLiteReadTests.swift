import FloeCore
import Foundation
import GRDB
import Testing

@testable import FloeStoreSQLite

/// `read` runs its body in one read transaction of its own (begun and committed with cached statements).
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
}
