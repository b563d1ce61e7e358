import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

@testable import FloeStoreSQLite

@Suite struct SQLiteMediaMigrationTests {
    @Test func migrationV3KeepsV2RowsAndGivesAssetsDefaultDetails() async throws {
        let folder = TemporaryFolder("v2")
        let path = folder.appending(path: "floe.sqlite").path
        let topology = String(decoding: try JSONCoding.encoder.encode(Samples.diamond), as: UTF8.self).replacingOccurrences(of: "'", with: "''")
        let definition = String(decoding: try JSONCoding.encoder.encode(ActivityDefinition(type: "MediaInfo")), as: UTF8.self)
        let account = Samples.account.rawValue
        let workflow = WorkflowID.generate(), media = MediaID.generate(), preparing = MediaID.generate(), task = TaskID.generate()
        let input = "oss://uploads/old.mp4"
        try SQLiteWorkflowStore.createDatabase(at: path, upTo: "v2", then: """
            INSERT INTO account VALUES ('\(account)', 0);
            INSERT INTO template VALUES ('\(workflow)', 'old', 'Common', 'Active', '\(topology)', 1000000, 1000000, '\(account)');
            INSERT INTO mediaAsset VALUES ('\(media)', '\(account)', '\(input)', 'video', 'old', 'Init', 2000000, 2000000);
            INSERT INTO mediaAsset VALUES ('\(preparing)', '\(account)', 'oss://uploads/p.mp4', 'video', 'p', 'Preparing', 2500000, 5000000);
            INSERT INTO mediaFile VALUES ('\(media)', 0, '\(input)', 'source_file', NULL, NULL);
            INSERT INTO task (id, workflowID, workflowName, topology, input, mediaID, status, createTime, accountID)
                VALUES ('\(task)', '\(workflow)', 'old', '\(topology)', '\(TaskInput.media(media).jsonText)', '\(media)', 'Init', 3000000, '\(account)');
            INSERT INTO activityRun (taskID, name, definition, status, attempt)
                VALUES ('\(task)', 'a', '\(definition)', 'Ready', 0);
            """)

        let store = try SQLiteWorkflowStore(path: path)
        let asset = try #require(await store.media(media))
        #expect(asset.details == MediaAsset.Details(title: "old"))
        #expect(asset.source == "oss" && asset.clientToken == nil && asset.status == .initial)
        #expect(asset.files.map(\.location.description) == [input])
        let runs = try await store.activityRuns(of: task)
        #expect(runs.map(\.name) == ["a"], "the rebuilt task table keeps its runs")
        // An old Preparing asset is stale from its modified time on.
        let notYet = try await store.mediaToPrepare(staleBefore: Date(timeIntervalSince1970: 5), limit: 10)
        #expect(notYet == [media])
        let stale = try await store.mediaToPrepare(staleBefore: Date(timeIntervalSince1970: 6), limit: 10)
        #expect(stale == [media, preparing])

        // The task's media asset may go once the task has ended.
        let busy = await #expect(throws: FloeError.self) { _ = try await store.deleteMedia(media) }
        #expect(busy?.code == .conflict)
        try await store.cancelTask(task, now: Date())
        let deleted = try await store.deleteMedia(media)
        #expect(deleted)
        let kept = try await store.task(task)
        #expect(kept?.mediaID == media)
    }
}
