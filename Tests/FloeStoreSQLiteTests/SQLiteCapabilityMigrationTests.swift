import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import GRDB
import Testing

@testable import FloeStoreSQLite

@Suite struct SQLiteCapabilityMigrationTests {
    /// Rows of a v8 file (runs without `requirements`, workers with `kinds`) are claimed by kind after v9.
    @Test func migrationV9GivesOldRunsTheirKindAsRequirementAndKeepsWorkers() async throws {
        let folder = TemporaryFolder("v8")
        let path = folder.appending(path: "floe.sqlite").path
        let migration = WorkflowStoreConformance.CapabilityMigration()
        do {
            let store = try SQLiteWorkflowStore(path: path)
            try await migration.write(into: store)
        }
        // Back to v8's schema, as a Floe before v9 left the file.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                ALTER TABLE activityRun DROP COLUMN requirements;
                ALTER TABLE worker RENAME COLUMN capabilities TO kinds;
                DELETE FROM grdb_migrations WHERE identifier = 'v9';
                """)
        }
        #expect(try await queue.read { try $0.columns(in: "activityRun").map(\.name) }.contains("requirements") == false)
        try queue.close()

        let reopened = try SQLiteWorkflowStore(path: path)
        let upgraded = try DatabaseQueue(path: path)
        #expect(try await upgraded.read { try $0.columns(in: "activityRun").map(\.name) }.contains("requirements"))
        #expect(try await upgraded.read { try $0.columns(in: "worker").map(\.name) }.contains("capabilities"))
        try upgraded.close()
        try await migration.check(reopened)  // the rows' own expectations, shared with the PostgreSQL migration test
    }
}
