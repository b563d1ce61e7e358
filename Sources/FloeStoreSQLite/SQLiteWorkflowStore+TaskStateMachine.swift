import FloeCore
import FloeEngine
import GRDB

extension SQLiteWorkflowStore {
    /// Loads task `id` and its runs, lets `body` apply events to their ``TaskStateMachine``, and writes back
    /// what the machine changed. Returns `nil` when there is no such task. Call inside a write transaction.
    @discardableResult
    static func withMachine<T>(_ id: TaskID, in db: Database, _ body: (inout TaskStateMachine) throws -> T) throws -> T? {
        guard let task = try TaskRecord.fetchOne(db, id: id.rawValue)?
            .model() else { return nil }
        let runs = try ActivityRunRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM activityRun WHERE taskID = ?"), arguments: [id.rawValue]
        ).map { try $0.model() }
        var machine = TaskStateMachine(task: task, runs: runs)
        let value = try body(&machine)
        try save(machine, in: db)
        return value
    }

    /// Writes what `machine` changed: its task, its runs, the attempts it closed and opened (in that order), the
    /// task's completion event when the machine ended it, and its new files into the task's media asset. When that
    /// asset was deleted (its task had ended, then a run still running reported back), the files are dropped with
    /// it. A `new` task and its runs are inserted; otherwise they are updated.
    static func save(_ machine: TaskStateMachine, new: Bool = false, in db: Database) throws {
        if machine.taskChanged {
            let record = try TaskRecord(machine.task)
            try new ? record.insertRow(db) : record.updateRow(db)
        }
        for run in machine.changedRunList {
            let record = try ActivityRunRecord(run)
            try new ? record.insertRow(db) : record.updateRow(db)
        }
        try ActivityAttemptRecord.write(closed: machine.closedAttempts, opened: machine.openedAttempts, in: db)
        if machine.ended { try writeCompletionEvent(of: machine, in: db) }
        guard !machine.newFiles.isEmpty, try MediaAssetRecord.exists(db, id: machine.task.mediaID.rawValue) else { return }
        for file in machine.newFiles {
            try MediaFileRecord.upsert(file, mediaID: machine.task.mediaID, in: db)
        }
    }
}
