import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import GRDB
import Testing

@testable import FloeStoreSQLite

@Suite struct SQLiteAttemptMigrationTests {
    @Test func migrationV7StartsAnEmptyHistoryAndRunsClaimedBeforeStillComplete() async throws {
        let folder = TemporaryFolder("v6")
        let path = folder.appending(path: "floe.sqlite").path

        // A v6 file with a running run: a current store's file with v7 undone.
        let template = Samples.template()
        let media = Samples.media()
        let task = Samples.task(of: template, on: media, at: Samples.time(1))
        do {
            let store = try SQLiteWorkflowStore(path: path)
            try await store.saveTemplate(template)
            try await store.createMedia(media)
            try await store.createTask(task, now: Samples.time(1))
            _ = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(30), now: Samples.time(2))
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE activityAttempt; DELETE FROM grdb_migrations WHERE identifier = 'v7'")
        }
        try queue.close()

        let store = try SQLiteWorkflowStore(path: path)
        #expect(try await store.attempts(of: task.id).isEmpty, "no history for runs that ran before v7")
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        #expect(try await store.complete(a, owner: "w1", outcome: .succeeded(ActivityResult()), now: Samples.time(3)))
        #expect(try await store.attempts(of: task.id).isEmpty)
        _ = try await store.claim(owner: "w2", limit: 1, leaseDuration: .seconds(30), now: Samples.time(4))
        #expect(try await store.attempts(of: task.id).map(\.name) == ["b"])
    }
}
