import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

@testable import FloeStoreSQLite

/// Accounts, keys and nonces on SQLite: what only a file can show (other store instances, older schemas).
@Suite struct SQLiteAccountsTests {
    @Test func aNonceHoldsAcrossStoreInstancesOnOneFile() async throws {
        let first = try SQLiteWorkflowStore.temporary()
        let expires = Samples.time(900)
        #expect(try await first.useNonce("n", accessKeyID: "LTAIkeyA", expiresAt: expires, now: Samples.epoch))
        let second = try SQLiteWorkflowStore(path: first.path)
        #expect(try await !second.useNonce("n", accessKeyID: "LTAIkeyA", expiresAt: expires, now: Samples.time(1)))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.useNonce("m", accessKeyID: "LTAIkeyA", expiresAt: expires, now: Samples.time(2)) }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count(where: { $0 }) == 1)
    }

    @Test func migrationV2GivesV1RowsTheLegacyAccount() async throws {
        let folder = TemporaryFolder("v1")
        let path = folder.appending(path: "floe.sqlite").path
        let topology = String(decoding: try JSONCoding.encoder.encode(Samples.diamond), as: UTF8.self).replacingOccurrences(of: "'", with: "''")
        let common = WorkflowID.generate(), system = WorkflowID.generate(), media = MediaID.generate(), task = TaskID.generate()
        let input = "oss://uploads/old.mp4"
        let taskInput = TaskInput.media(media).jsonText
        try SQLiteWorkflowStore.createDatabase(at: path, upTo: "v1", then: """
            INSERT INTO template VALUES ('\(common)', 'old', 'Common', 'Active', '\(topology)', 1000000, 1000000);
            INSERT INTO template VALUES ('\(system)', 'preset', 'System', 'Active', '\(topology)', 0, 0);
            INSERT INTO mediaAsset VALUES ('\(media)', '\(input)', 'video', 'old', 'Normal', 2000000, 2000000);
            INSERT INTO mediaFile VALUES ('\(media)', 0, '\(input)', 'source_file', NULL, NULL);
            INSERT INTO task (id, workflowID, workflowName, topology, input, mediaID, status, createTime)
                VALUES ('\(task)', '\(common)', 'old', '\(topology)', '\(taskInput)', '\(media)', 'Init', 3000000);
            """)

        let store = try SQLiteWorkflowStore(path: path)
        let legacy = try AccountID(SQLiteWorkflowStore.legacyAccountID)
        #expect(try await store.accounts() == [Account(id: legacy, createTime: Date(timeIntervalSince1970: 1))])
        #expect(try await store.template(common)?.accountID == legacy)
        #expect(try await store.template(system)?.accountID == nil)
        #expect(try await store.task(task)?.accountID == legacy)
        let asset = try #require(await store.media(inputURL: try StorageLocation(parsing: input), accountID: legacy))
        #expect(asset.id == media)
        #expect(asset.files.map(\.location.description) == [input])
        #expect(try await store.tasks(TaskQuery(accountID: legacy)).items.map(\.id) == [task])
        // The rebuilt media table still cascades to its files and is still referenced by tasks.
        let other = Samples.media(accountID: Samples.account, input: try StorageLocation(parsing: input))
        try await store.createMedia(other)
        #expect(try await store.media(other.id)?.files.count == 1)
    }

    @Test func migrationV2OfAnEmptyFileMakesNoAccount() async throws {
        let store = try SQLiteWorkflowStore.temporary()
        #expect(try await store.accounts().isEmpty)
    }
}
