import FloeCore
import FloeEngine
import PostgresNIO

extension PostgresWorkflowStore {
    /// Locks task `id` (`SELECT … FOR UPDATE`), loads it and its runs, lets `body` apply events to their
    /// ``TaskStateMachine``, and writes back what the machine changed. Returns `nil` when there is no such task.
    /// Call inside a transaction: the lock holds until it ends, so no other decision about the task interleaves.
    @discardableResult
    static func withMachine<T>(_ id: TaskID, in session: PostgresSession,
                               _ body: (inout TaskStateMachine) throws -> T) async throws -> T? {
        guard let row = try await session.rows("SELECT * FROM task WHERE id = \(id.rawValue) FOR UPDATE").first else {
            return nil
        }
        let task = try TaskRow.model(row)
        let runs = try await session.rows("SELECT * FROM activity_run WHERE task_id = \(id.rawValue)").map(TaskRow.run)
        var machine = TaskStateMachine(task: task, runs: runs)
        let value = try body(&machine)
        try await save(machine, in: session)
        return value
    }

    /// Writes what `machine` changed: its task, its runs, the attempts it closed and opened (in that order), the
    /// task's completion event when the machine ended it, and its new files into the task's media asset (dropped
    /// when that asset was deleted meanwhile). A `new` task and its runs are inserted; otherwise they are updated.
    static func save(_ machine: TaskStateMachine, new: Bool = false, in session: PostgresSession) async throws {
        if machine.taskChanged {
            try await session.execute(new ? try TaskRow.insert(machine.task) : TaskRow.update(machine.task))
        }
        for run in machine.changedRunList {
            try await session.execute(new ? try TaskRow.insert(run) : try TaskRow.update(run))
        }
        for closing in machine.closedAttempts {
            try await session.execute(AttemptRow.close(closing))
        }
        for attempt in machine.openedAttempts {
            try await session.execute(AttemptRow.insert(attempt))
        }
        if machine.ended { try await writeCompletionEvent(of: machine, in: session) }
        let mediaID = machine.task.mediaID
        guard !machine.newFiles.isEmpty,
              try await session.exists("SELECT 1 FROM media_asset WHERE id = \(mediaID.rawValue) FOR SHARE") else { return }
        for file in machine.newFiles {
            try await session.execute(try MediaRow.upsert(file, mediaID: mediaID))
        }
    }
}
