import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func createTriggeredTask(_ task: WorkflowTask, media: MediaAsset, version: String, now: Date) async throws -> TriggeredTask {
        guard task.input == .oss(media.inputURL), task.accountID == media.accountID else {
            throw FloeError.invalidParameter("a triggered task's input must be its media asset's OSS file, in one account")
        }
        guard !version.isEmpty, version.utf8.count <= 256 else {
            throw FloeError.invalidParameter("a file version is 1 to 256 bytes; this one is \(version.utf8.count)")
        }
        let insertMedia = try MediaRow.insert(media)
        let location = media.inputURL
        let ledger = LedgerKey(bucket: location.bucket, key: location.key, version: version, workflowID: task.workflowID.rawValue)
        // A rescan hands every file to the trigger again: answer those already in the ledger with a read.
        if let existing = try await read({ session in try await Self.ledgerTask(ledger, in: session) }) {
            return TriggeredTask(taskID: existing, created: false)
        }
        let result = try await write { session -> TriggeredTask in
            // One file's events are decided one at a time, in every process: the ledger row and the media asset
            // they may both insert are then read before they are written.
            try await session.execute("SELECT pg_advisory_xact_lock(\(Self.triggerLockClass), hashtext(\(location.description)))")
            if let existing = try await Self.ledgerTask(ledger, in: session) {
                return TriggeredTask(taskID: existing, created: false)
            }
            var task = task
            let registered = try await session.value(String.self, """
                SELECT id FROM media_asset WHERE account_id = \(media.accountID.rawValue) AND input_url = \(location.description)
                """)
            if let registered {
                task.mediaID = try MediaID(registered)
            } else {
                try await Self.insert(media, query: insertMedia, in: session)
                task.mediaID = media.id
            }
            try await Self.insertNewTask(task, now: now, in: session)
            try await session.execute("""
                INSERT INTO trigger_ledger (bucket, object_key, version, workflow_id, task_id, account_id, create_time)
                VALUES (\(ledger.bucket), \(ledger.key), \(ledger.version), \(ledger.workflowID), \(task.id.rawValue),
                        \(task.accountID.rawValue), \(StoreValue.time(now)))
                """)
            return TriggeredTask(taskID: task.id, created: true)
        }
        if result.created { workSignal.notify() }
        return result
    }

    /// The class of the advisory locks that serialize the trigger events of one file (the 32-bit key is its hash).
    static let triggerLockClass: Int32 = 0x666C_6F74  // "flot"

    /// The primary key of a `trigger_ledger` row.
    struct LedgerKey: Sendable {
        var bucket: String
        var key: String
        var version: String
        var workflowID: String
    }

    /// The task of the ledger row `key`, if any.
    private static func ledgerTask(_ key: LedgerKey, in session: PostgresSession) async throws -> TaskID? {
        try await session.value(String.self, """
            SELECT task_id FROM trigger_ledger
            WHERE bucket = \(key.bucket) AND object_key = \(key.key) AND version = \(key.version) AND workflow_id = \(key.workflowID)
            """).map { try TaskID($0) }
    }

    public func recordOutput(_ location: StorageLocation, now: Date) async throws {
        try await write { session in
            try await session.execute("""
                INSERT INTO output_object (location, create_time) VALUES (\(location.description), \(StoreValue.time(now)))
                ON CONFLICT DO NOTHING
                """)
        }
    }

    public func isOutput(_ location: StorageLocation) async throws -> Bool {
        try await read { session in
            try await session.value(Bool.self, """
                SELECT EXISTS (SELECT 1 FROM output_object WHERE location = \(location.description))
                    OR EXISTS (SELECT 1 FROM media_file WHERE location = \(location.description) AND activity_name IS NOT NULL)
                """) ?? false
        }
    }

    public func templateGeneration() async throws -> Int64 {
        try await read { session in
            try await session.value(Int64.self, "SELECT value FROM store_generation WHERE name = 'template'") ?? 0
        }
    }
}
