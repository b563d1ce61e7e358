import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

@testable import FloeStoreSQLite

@Suite struct SQLiteTriggerMigrationTests {
    @Test func migrationV4CountsTemplateChangesAndTreatsOldListedOutputsAsOutputs() async throws {
        let folder = TemporaryFolder("v3")
        let path = folder.appending(path: "floe.sqlite").path
        let topology = String(decoding: try JSONCoding.encoder.encode(Samples.diamond), as: UTF8.self).replacingOccurrences(of: "'", with: "''")
        let account = Samples.account.rawValue
        let workflow = WorkflowID.generate(), media = MediaID.generate()
        try SQLiteWorkflowStore.createDatabase(at: path, upTo: "v3", then: """
            INSERT INTO account VALUES ('\(account)', 0);
            INSERT INTO template VALUES ('\(workflow)', 'old', 'Common', 'Active', '\(topology)', 1000000, 1000000, '\(account)');
            INSERT INTO mediaAsset (id, accountID, inputURL, mediaType, title, status, createTime, modifiedTime)
                VALUES ('\(media)', '\(account)', 'oss://uploads/in.mp4', 'video', 'in', 'Normal', 2000000, 2000000);
            INSERT INTO mediaFile VALUES ('\(media)', 0, 'oss://uploads/in.mp4', 'source_file', NULL, NULL);
            INSERT INTO mediaFile VALUES ('\(media)', 1, 'oss://uploads/out/720p.mp4', 'transcode_file', NULL, 'mp4');
            """)

        let store = try SQLiteWorkflowStore(path: path)
        #expect(try await store.isOutput(StorageLocation(parsing: "oss://uploads/out/720p.mp4")), "an output listed before v4")
        #expect(try await !store.isOutput(StorageLocation(parsing: "oss://uploads/in.mp4")))
        let before = try await store.templateGeneration()
        var template = try #require(await store.template(workflow))
        template.status = .inactive
        try await store.saveTemplate(template)
        #expect(try await store.templateGeneration() != before)
    }
}
