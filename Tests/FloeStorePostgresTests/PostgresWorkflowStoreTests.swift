import FloeCore
import FloeEngine
import FloeStorePostgres
import FloeTesting
import Foundation
import PostgresNIO
import Testing

@Suite(.enabled(if: PostgresServer.isAvailable, "PostgreSQL is not installed: run scripts/ensure-deps.sh or set FLOE_POSTGRES_URL"),
       .timeLimit(.minutes(3)))
struct PostgresWorkflowStoreTests {
    @Test(arguments: WorkflowStoreConformance.cases)
    func conformance(_ c: WorkflowStoreConformance.Case) async throws {
        try await PostgresServer.withFreshStore { store in try await c.run(store) }
    }

    @Test func reopenedStoreSeesEverything() async throws {
        let server = try await PostgresServer.shared()
        let configuration = try await server.makeDatabase()
        defer { Task { await server.dropDatabase(configuration) } }

        let reopening = WorkflowStoreConformance.Reopening()
        try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { store in
            try await reopening.write(into: store)
        }
        try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { reopened in
            try await reopening.check(reopened)
            #expect(try await reopened.appliedMigrations() == PostgresWorkflowStore.migrationVersions)
        }
    }

    @Test func twoStoresOnOneDatabaseNeverShareARun() async throws {
        let server = try await PostgresServer.shared()
        let configuration = try await server.makeDatabase()
        defer { Task { await server.dropDatabase(configuration) } }
        try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { first in
            try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { second in
                try await WorkflowStoreConformance.twoStoresNeverShareARun(first, second)
            }
        }
    }

    @Test func waitForWorkWakesForWorkOfAnotherStore() async throws {
        let server = try await PostgresServer.shared()
        let configuration = try await server.makeDatabase()
        defer { Task { await server.dropDatabase(configuration) } }
        try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { maker in
            try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { waiter in
                // `waiter` hears of `maker`'s work only through PostgreSQL. Its listener starts with the store
                // (and wakes waiters once when it does): give it a moment, then try a few times. The wait's
                // timeout is far longer than a notification takes even when the whole suite loads the machine
                // (one of 2 s was seen to pass under CI's load), so only a lost notification times out.
                try await Task.sleep(for: .seconds(1))
                var woken = false
                for _ in 0..<3 where !woken {
                    woken = try await withThrowingTaskGroup(of: Bool?.self) { group in
                        group.addTask {
                            let start = ContinuousClock.now
                            await waiter.waitForWork(timeout: .seconds(30))
                            return ContinuousClock.now - start < .seconds(15)
                        }
                        group.addTask {
                            try await Task.sleep(for: .milliseconds(200))
                            try await maker.createMedia(Samples.media())
                            return nil
                        }
                        var woken = false
                        for try await result in group { if let result { woken = result } }
                        return woken
                    }
                }
                #expect(woken)
            }
        }
    }

    @Test func migrationsAreIdempotentAndConcurrentMigratorsAreSafe() async throws {
        let server = try await PostgresServer.shared()
        let configuration = try await server.makeDatabase()
        defer { Task { await server.dropDatabase(configuration) } }
        // Four stores start at once on an empty database: each migrates; exactly one schema results.
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { store in
                        try await store.appliedMigrations()
                    }
                }
            }
            for try await applied in group {
                #expect(applied == PostgresWorkflowStore.migrationVersions)
            }
        }
        // Migrating again changes nothing, and the store works.
        try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { store in
            try await store.migrate()
            try await store.migrate()
            #expect(try await store.appliedMigrations() == PostgresWorkflowStore.migrationVersions)
            try await store.createAccount(Samples.account, now: Samples.epoch)
            #expect(try await store.accounts().map(\.id) == [Samples.account])
        }
    }

    @Test func aDatabaseMigratedByANewerFloeIsRefused() async throws {
        let server = try await PostgresServer.shared()
        let configuration = try await server.makeDatabase()
        defer { Task { await server.dropDatabase(configuration) } }
        try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { store in
            try await store.client.query("INSERT INTO floe_migration (version, name) VALUES (99, 'from the future')")
            let error = await #expect(throws: FloeError.self) { try await store.migrate() }
            #expect(error?.code == .store && error?.message.contains("a newer Floe has migrated it") == true,
                    "\(String(describing: error))")
        }
        let error = await #expect(throws: FloeError.self) {
            try await PostgresWorkflowStore.withStore(configuration, logger: PostgresServer.quietLogger) { _ in }
        }
        #expect(error?.code == .store)
    }

    /// Rows of a database at migration 4 (runs without `requirements`, workers with `kinds`) are claimed by kind
    /// after migration 5.
    @Test func migration5GivesOldRunsTheirKindAsRequirementAndKeepsWorkers() async throws {
        try await PostgresServer.withFreshStore { store in
            let migration = WorkflowStoreConformance.CapabilityMigration()
            try await migration.write(into: store)
            try await store.client.query("ALTER TABLE activity_run DROP COLUMN requirements")
            try await store.client.query("ALTER TABLE worker RENAME COLUMN capabilities TO kinds")
            try await store.client.query("DELETE FROM floe_migration WHERE version = 5")
            try await store.migrate()
            #expect(try await store.appliedMigrations() == PostgresWorkflowStore.migrationVersions)
            try await migration.check(store)
        }
    }

    @Test func aRunClaimedBeforeTheHistoryCompletesWithoutAnAttempt() async throws {
        try await PostgresServer.withFreshStore { store in
            let template = Samples.template()
            let media = Samples.media()
            let task = Samples.task(of: template, on: media, at: Samples.time(1))
            try await store.saveTemplate(template)
            try await store.createMedia(media)
            try await store.createTask(task, now: Samples.time(1))
            _ = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(30), now: Samples.time(2))
            // As a run claimed before migration 2 made the table.
            try await store.client.query("DELETE FROM activity_attempt")
            let a = ActivityRun.ID(taskID: task.id, name: "a")
            #expect(try await store.complete(a, owner: "w1", outcome: .succeeded(ActivityResult()), now: Samples.time(3)))
            #expect(try await store.attempts(of: task.id).isEmpty)
            _ = try await store.claim(owner: "w2", limit: 1, leaseDuration: .seconds(30), now: Samples.time(4))
            #expect(try await store.attempts(of: task.id).map(\.name) == ["b"])
        }
    }

    @Test func anUnreachableServerIsAStoreError() async throws {
        // Port 1 of loopback: nothing listens there.
        let outcome = try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    let store = try await PostgresWorkflowStore.open(url: "postgres://floe@127.0.0.1:1/floe?sslmode=disable",
                                                                     timeout: .seconds(2), logger: PostgresServer.quietLogger)
                    await store.stop()
                    return "opened"
                } catch let error as FloeError {
                    return "\(error.code)"
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return "timed out"
            }
            defer { group.cancelAll() }
            return try await group.next() ?? ""
        }
        #expect(outcome == "\(FloeError.Code.store)")
    }

    @Test func connectionURLs() throws {
        let tcp = try PostgresWorkflowStore.configuration(url: "postgres://floe:s%40cret@db.example:5433/floe?sslmode=disable")
        #expect(tcp.host == "db.example" && tcp.port == 5433 && tcp.username == "floe" && tcp.password == "s@cret")
        #expect(tcp.database == "floe")
        let socket = try PostgresWorkflowStore.configuration(url: "postgresql:///floe?host=/run/postgresql")
        #expect(socket.unixSocketPath == "/run/postgresql/.s.PGSQL.5432" && socket.username == "postgres")
        for bad in ["mysql://x/y", "postgres://h/db?sslmode=maybe", "postgres:///db"] {
            let error = #expect(throws: FloeError.self) { _ = try PostgresWorkflowStore.configuration(url: bad) }
            #expect(error?.code == .invalidParameter)
        }
    }
}
