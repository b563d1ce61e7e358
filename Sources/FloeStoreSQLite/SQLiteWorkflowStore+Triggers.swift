import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func createTriggeredTask(_ task: WorkflowTask, media: MediaAsset, version: String, now: Date) async throws -> TriggeredTask {
        guard task.input == .oss(media.inputURL), task.accountID == media.accountID else {
            throw FloeError.invalidParameter("a triggered task's input must be its media asset's OSS file, in one account")
        }
        guard !version.isEmpty, version.utf8.count <= 256 else {
            throw FloeError.invalidParameter("a file version is 1 to 256 bytes; this one is \(version.utf8.count)")
        }
        let record = try MediaAssetRecord(media)
        let location = media.inputURL
        let key: StatementArguments = [location.bucket, location.key, version, task.workflowID.rawValue]
        // A rescan hands every file to the trigger again: answer those already in the ledger with a read.
        if let existing = try await read({ db in try Self.ledgerTask(key, in: db) }) {
            return TriggeredTask(taskID: existing, created: false)
        }
        let result = try await write { db -> TriggeredTask in
            if let existing = try Self.ledgerTask(key, in: db) {
                return TriggeredTask(taskID: existing, created: false)
            }
            var task = task
            let registered = try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM mediaAsset WHERE accountID = ? AND inputURL = ?"),
                arguments: [media.accountID.rawValue, location.description])
            if let registered {
                task.mediaID = try MediaID(registered)
            } else {
                try Self.insert(media, record: record, in: db)
                task.mediaID = media.id
            }
            guard try !TaskRecord.exists(db, id: task.id.rawValue) else {
                throw FloeError.conflict("task \(task.id) already exists")
            }
            try Self.save(TaskStateMachine.newTask(task, now: now), new: true, in: db)
            try db.cachedStatement(sql: """
                    INSERT INTO triggerLedger (bucket, key, version, workflowID, taskID, accountID, createTime)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: key + [task.id.rawValue, task.accountID.rawValue, SQLiteValue.time(now)])
            return TriggeredTask(taskID: task.id, created: true)
        }
        if result.created { workSignal.notify() }
        return result
    }

    /// The task of the ledger row with key (bucket, key, version, workflowID), if any.
    private static func ledgerTask(_ key: StatementArguments, in db: Database) throws -> TaskID? {
        let statement = try db.cachedStatement(sql: """
            SELECT taskID FROM triggerLedger WHERE bucket = ? AND key = ? AND version = ? AND workflowID = ?
            """)
        return try String.fetchOne(statement, arguments: key).map { try TaskID($0) }
    }

    public func recordOutput(_ location: StorageLocation, now: Date) async throws {
        try await write { db in
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO outputObject (location, createTime) VALUES (?, ?)")
                .execute(arguments: [location.description, SQLiteValue.time(now)])
        }
    }

    public func isOutput(_ location: StorageLocation) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: """
                    SELECT EXISTS (SELECT 1 FROM outputObject WHERE location = ?)
                        OR EXISTS (SELECT 1 FROM mediaFile WHERE location = ? AND activityName IS NOT NULL)
                    """),
                arguments: [location.description, location.description]) ?? false
        }
    }

    public func templateGeneration() async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM storeGeneration WHERE name = 'template'")) ?? 0
        }
    }
}
