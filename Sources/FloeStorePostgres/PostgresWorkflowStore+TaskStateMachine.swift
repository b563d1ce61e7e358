import FloeCore
import FloeEngine
import PostgresNIO

extension PostgresWorkflowStore {
    /// Locks task `id` (`SELECT … FOR UPDATE`), loads it and its runs (one query), lets `body` apply events to
    /// their ``TaskStateMachine``, and writes back what the machine changed. Returns `nil` when there is no such
    /// task. Call inside a transaction: the lock holds until it ends, so no other decision about the task interleaves.
    @discardableResult
    static func withMachine<T>(_ id: TaskID, in session: PostgresSession,
                               _ body: (inout TaskStateMachine) throws -> T) async throws -> T? {
        // The run's columns but `status` under their own names; `t.*` first, so `status` is the task's.
        let rows = try await session.rows("""
            SELECT t.*, r.task_id, r.name, r.definition, r.status AS run_status, r.attempt, r.not_before, r.lease_owner,
                r.lease_expires_at, r.progress, r.start_time, r.end_time, r.result, r.error
            FROM task t LEFT JOIN activity_run r ON r.task_id = t.id
            WHERE t.id = \(id.rawValue)
            FOR UPDATE OF t
            """)
        guard let first = rows.first else { return nil }
        let task = try TaskRow.model(first)
        var runs: [ActivityRun] = []
        for row in rows {
            guard try row.makeRandomAccess().get("name", as: String?.self) != nil else { continue }  // no runs
            runs.append(try TaskRow.run(row, statusColumn: "run_status"))
        }
        var machine = TaskStateMachine(task: task, runs: runs)
        let value = try body(&machine)
        try await save(machine, in: session)
        return value
    }

    /// Writes what `machine` changed, in one query when it can: its task, its runs, the attempts it closed and
    /// opened, and a work notification when a run became ready or the task ended (a completion event may be
    /// due); then the task's completion event when the machine ended it, and its new files into the task's media
    /// asset (dropped when that asset was deleted meanwhile). A `new` task and its runs are inserted; otherwise
    /// they are updated.
    static func save(_ machine: TaskStateMachine, new: Bool = false, in session: PostgresSession) async throws {
        var statements: [SQLStatement] = []
        if machine.taskChanged {
            statements.append(new ? try TaskRow.insert(machine.task) : TaskRow.update(machine.task))
        }
        for run in machine.changedRunList {
            statements.append(new ? try TaskRow.insert(run) : try TaskRow.update(run))
        }
        for closing in machine.closedAttempts {
            statements.append(AttemptRow.close(closing))
        }
        // The statements of one query run in no set order: an attempt opened on a run whose attempt is closed
        // waits for the close (the open attempt of a run is unique).
        let closedRuns = Set(machine.closedAttempts.map(\.run))
        if machine.openedAttempts.contains(where: { closedRuns.contains($0.runID) }) {
            try await session.execute(statements)
            statements = []
        }
        for attempt in machine.openedAttempts {
            statements.append(AttemptRow.insert(attempt))
        }
        let readied = machine.changedRunList.contains { $0.status == .ready }
        try await session.execute(statements, notifying: readied || machine.ended)
        if machine.ended { try await writeCompletionEvent(of: machine, in: session) }
        let mediaID = machine.task.mediaID
        guard !machine.newFiles.isEmpty,
              try await session.exists("SELECT 1 FROM media_asset WHERE id = \(mediaID.rawValue) FOR SHARE") else { return }
        for file in machine.newFiles {
            try await session.execute(try MediaRow.upsert(file, mediaID: mediaID))
        }
    }
}
