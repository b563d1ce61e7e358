import FloeApp
import FloeCore
import FloeEngine
import FloeStorePostgres
import FloeTesting
import Foundation
import Logging
import Testing

/// `FloeConfiguration.databaseURL` (`--database-url`, `FLOE_DATABASE_URL`): the application on a PostgreSQL store.
@Suite(.enabled(if: PostgresServer.isAvailable, "PostgreSQL is not installed: run scripts/ensure-deps.sh or set FLOE_POSTGRES_URL"))
struct PostgresApplicationTests {
    /// The data folder, declared before any process, so it outlives them.
    let folder = TemporaryFolder("pg-app")

    @Test func anApplicationOnPostgresRunsATaskAndReopens() async throws {
        let server = try await PostgresServer.shared()
        let url = try await server.makeDatabaseURL()
        let data = folder.url
        var configuration = FloeConfiguration(dataDirectory: data, leaseDuration: .seconds(5),
                                              heartbeatInterval: .milliseconds(200))
        configuration.databaseURL = url
        configuration.databaseOpenTimeout = .seconds(120)  // a full test run keeps the shared server busy
        let app = try await FloeApplication(configuration: configuration)
        let store = try #require(app.store as? PostgresWorkflowStore)
        let clip = try await MediaFixtures.clip(seconds: 1)
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        try await whileRunning(app.backgroundServices(logger: logger)) {
            let media = try await app.importFile(clip)
            let task = try await app.launcher.start(workflowID: SystemTemplates.snapshotsID, input: .media(media.id),
                                                    accountID: app.localAccount, now: Date())
            try await eventually("the task ends", timeout: .seconds(120), interval: .milliseconds(100)) {
                try await store.task(task.id)?.status.isTerminal == true
            }
            #expect(try await store.task(task.id)?.status == .succeed)
        }
        // A second application on the database finds the same local account and the task.
        let again = try await FloeApplication(configuration: configuration)
        #expect(again.localAccount == app.localAccount)
        #expect(try await again.store.tasks(TaskQuery()).items.count == 1)
        await (again.store as? PostgresWorkflowStore)?.stop()
        await store.stop()
        await server.dropDatabase(url: url)
    }

    @Test func aWorkerProcessOnTheSameDatabaseRunsAQueuedTask() async throws {
        let server = try await PostgresServer.shared()
        let url = try await server.makeDatabaseURL()
        let data = folder.url
        var configuration = FloeConfiguration(dataDirectory: data)
        configuration.databaseURL = url
        configuration.databaseOpenTimeout = .seconds(120)  // a full test run keeps the shared server busy
        let app = try await FloeApplication(configuration: configuration)
        let clip = try await MediaFixtures.clip(seconds: 1)
        // `floe worker` reads the URL from FLOE_DATABASE_URL, and learns of the task through PostgreSQL.
        let log = data.appending(path: "worker.log")
        let worker = try FloeProcess(["worker", "--data-dir", data.path, "--heartbeat", "0.3", "--lease", "3"],
                                     log: log, environment: ["FLOE_DATABASE_URL": url])
        let media = try await app.importFile(clip)
        let task = try await app.launcher.start(workflowID: SystemTemplates.snapshotsID, input: .media(media.id),
                                                accountID: app.localAccount, now: Date())
        try await eventually("the worker process runs the task", timeout: .seconds(90), interval: .milliseconds(100)) {
            try await app.store.task(task.id)?.status.isTerminal == true
        }
        #expect(try await app.store.task(task.id)?.status == .succeed,
                "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(!FileManager.default.fileExists(atPath: data.appending(path: "floe.sqlite").path), "no SQLite file is made")
        try await worker.terminate()
        await (app.store as? PostgresWorkflowStore)?.stop()
        await server.dropDatabase(url: url)
    }
}
