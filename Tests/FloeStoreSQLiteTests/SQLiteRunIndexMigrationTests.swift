import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import GRDB
import Testing

@testable import FloeStoreSQLite

@Suite struct SQLiteRunIndexMigrationTests {
    /// A v9 file's runs, ready, running and waiting, are found through v10's partial indexes: ready runs by claims,
    /// running ones by the lease sweep, both by the statistics; waiting runs are in neither index.
    @Test func migrationV10IndexesOnlyReadyAndRunningRuns() async throws {
        let folder = TemporaryFolder("v9")
        let path = folder.appending(path: "floe.sqlite").path
        do {
            let store = try SQLiteWorkflowStore(path: path)
            try await store.createAccount(Samples.account, now: Samples.epoch)
            let template = Samples.template()
            try await store.saveTemplate(template)
            for _ in 0..<2 {
                let media = Samples.media()
                try await store.createMedia(media)
                try await store.createTask(Samples.task(of: template, on: media), now: Samples.epoch)
            }
            // One task's `a` runs; the other's is ready; `b`, `c` and `End` of both wait.
            let claimed = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(10), now: Samples.time(1))
            #expect(claimed.map(\.name) == ["a"])
        }
        // Back to v9's indexes, as a Floe before v10 left the file.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                DROP INDEX activityRun_ready;
                DROP INDEX activityRun_running;
                CREATE INDEX activityRun_status ON activityRun(status, notBefore);
                CREATE INDEX activityRun_lease ON activityRun(status, leaseExpiresAt);
                DELETE FROM grdb_migrations WHERE identifier = 'v10';
                """)
        }
        try queue.close()

        let reopened = try SQLiteWorkflowStore(path: path)
        let upgraded = try DatabaseQueue(path: path)
        let indexes = try await upgraded.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activityRun' AND sql IS NOT NULL")
        }
        #expect(Set(indexes) == ["activityRun_ready", "activityRun_running"])
        let (ready, running, waiting) = try await upgraded.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activityRun INDEXED BY activityRun_ready WHERE status = 'Ready'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activityRun INDEXED BY activityRun_running WHERE status = 'Running'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activityRun WHERE status = 'Waiting'"))
        }
        try upgraded.close()
        #expect(ready == 1 && running == 1 && waiting == 6)
        let statistics = try await reopened.statistics()
        #expect(statistics.readyRuns == 1 && statistics.runningRuns == 1)

        #expect(try await reopened.reclaimExpiredLeases(now: Samples.time(60), maxAttempts: 5) == 1)
        let claimedAgain = try await reopened.claim(owner: "w2", limit: 10, leaseDuration: .seconds(10), now: Samples.time(3600))
        #expect(claimedAgain.map(\.name) == ["a", "a"])
    }
}
