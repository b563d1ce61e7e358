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
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("floe-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("floe.sqlite").path

        let template = Samples.template()
        var media = Samples.media()
        let task = Samples.task(of: template, on: media, at: Samples.time(1))
        let output = Samples.output("\(task.id)/720p.mp4", activity: "a")
        do {
            let store = try SQLiteWorkflowStore(path: path)
            try await store.saveTemplate(template)
            try await store.createMedia(media)
            try await store.createTask(task, now: Samples.time(1))
            _ = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(30), now: Samples.time(2))
            let a = ActivityRun.ID(taskID: task.id, name: "a")
            #expect(try await store.complete(a, owner: "w1", outcome: .succeeded(ActivityResult(files: [output])), now: Samples.time(3)))
            _ = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(30), now: Samples.time(4))
        }
        media.files.append(output)

        let reopened = try SQLiteWorkflowStore(path: path)
        #expect(try await reopened.template(template.id) == template)
        #expect(try await reopened.media(media.id) == media)
        let stored = try #require(try await reopened.task(task.id))
        #expect(stored.status == .processing)
        let runs = try await reopened.activityRuns(of: task.id)
        #expect(runs.map(\.status) == [.waiting, .succeed, .succeed, .running, .ready])
        #expect(runs.first { $0.name == "b" }?.leaseOwner == "w1")
        #expect(runs.first { $0.name == "a" }?.result == ActivityResult(files: [output]))
        #expect(Samples.sameTime(runs.first { $0.name == "b" }?.leaseExpiresAt, Samples.time(34)))
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
