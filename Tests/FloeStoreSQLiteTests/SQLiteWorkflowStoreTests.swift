import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import GRDB
import Foundation
import Testing

@Suite struct SQLiteWorkflowStoreTests {
    func makeFreshStore() throws -> SQLiteWorkflowStore {
        try SQLiteWorkflowStore.temporary()
    }

    @Test(arguments: WorkflowStoreConformance.cases)
    func conformance(_ c: WorkflowStoreConformance.Case) async throws {
        try await c.run(makeFreshStore())
    }

    @Test func reopenedStoreSeesEverything() async throws {
        let folder = TemporaryFolder("reopen")
        let path = folder.appending(path: "floe.sqlite").path

        let reopening = WorkflowStoreConformance.Reopening()
        try await reopening.write(into: try SQLiteWorkflowStore(path: path))
        try await reopening.check(try SQLiteWorkflowStore(path: path))
        // Opening an up-to-date file again migrates nothing.
        _ = try SQLiteWorkflowStore(path: path)
    }

    @Test func twoStoresOnOneFileNeverShareARun() async throws {
        let first = try SQLiteWorkflowStore.temporary()
        try await WorkflowStoreConformance.twoStoresNeverShareARun(first, try SQLiteWorkflowStore(path: first.path))
    }

    @Test func unopenableFileIsAStoreError() async throws {
        let error = #expect(throws: FloeError.self) {
            _ = try SQLiteWorkflowStore(path: "/proc/no-such-dir/floe.sqlite")
        }
        #expect(error?.code == .store)
    }

    @Test func aFileMigratedByANewerFloeIsRefused() async throws {
        let store = try SQLiteWorkflowStore.temporary()
        let path = store.path
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        let error = #expect(throws: FloeError.self) { _ = try SQLiteWorkflowStore(path: path) }
        #expect(error?.code == .store && error?.message.contains("a newer Floe has migrated it") == true, "\(String(describing: error))")
    }
}
