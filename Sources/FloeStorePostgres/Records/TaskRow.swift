import FloeCore
import FloeEngine
import PostgresNIO

/// Rows of `task` and `activity_run`.
enum TaskRow {
    static func insert(_ task: WorkflowTask) throws -> SQLStatement {
        """
        INSERT INTO task (id, account_id, workflow_id, workflow_name, topology, input, media_id, user_data, status,
            message, create_time, finish_time)
        VALUES (\(task.id.rawValue), \(task.accountID.rawValue), \(task.workflowID.rawValue), \(task.workflowName),
            \(try StoreValue.topologies.text(of: task.topology)), \(task.input.jsonText), \(task.mediaID.rawValue),
            \(task.userData), \(task.status.rawValue), \(task.message), \(StoreValue.time(task.createTime)),
            \(task.finishTime.map(StoreValue.time)))
        """
    }

    /// Writes what a task may change: its status, message and finish time.
    static func update(_ task: WorkflowTask) -> SQLStatement {
        """
        UPDATE task SET status = \(task.status.rawValue), message = \(task.message),
            finish_time = \(task.finishTime.map(StoreValue.time))
        WHERE id = \(task.id.rawValue)
        """
    }

    static func model(_ row: PostgresRow) throws -> WorkflowTask {
        let row = row.makeRandomAccess()
        return WorkflowTask(
            id: try TaskID(row.get("id")),
            accountID: try row.account("account_id", table: "task"),
            workflowID: try WorkflowID(row.get("workflow_id")),
            workflowName: try row.get("workflow_name"),
            topology: try StoreValue.topologies.value(of: row.get("topology"), column: "task.topology"),
            input: try TaskInput(jsonText: row.get("input")),
            mediaID: try MediaID(row.get("media_id")),
            userData: try row.get("user_data"),
            status: try row.enumeration("status", table: "task"),
            message: try row.get("message"),
            createTime: try row.date("create_time"),
            finishTime: try row.optionalDate("finish_time")
        )
    }

    static func insert(_ run: ActivityRun) throws -> SQLStatement {
        """
        INSERT INTO activity_run (task_id, name, definition, status, attempt, not_before, lease_owner, lease_expires_at,
            progress, start_time, end_time, result, error, requirements)
        VALUES (\(run.taskID.rawValue), \(run.name), \(try StoreValue.definitions.text(of: run.definition)),
            \(run.status.rawValue), \(run.attempt), \(run.notBefore.map(StoreValue.time)), \(run.leaseOwner),
            \(run.leaseExpiresAt.map(StoreValue.time)), \(run.progress), \(run.startTime.map(StoreValue.time)),
            \(run.endTime.map(StoreValue.time)), \(try run.result.map { try StoreValue.json($0) }),
            \(try run.error.map { try StoreValue.json($0) }), \(run.requirements.storedJSON))
        """
    }

    /// Writes what a run may change: everything but its task, name and definition.
    static func update(_ run: ActivityRun) throws -> SQLStatement {
        """
        UPDATE activity_run SET status = \(run.status.rawValue), attempt = \(run.attempt),
            not_before = \(run.notBefore.map(StoreValue.time)), lease_owner = \(run.leaseOwner),
            lease_expires_at = \(run.leaseExpiresAt.map(StoreValue.time)), progress = \(run.progress),
            start_time = \(run.startTime.map(StoreValue.time)), end_time = \(run.endTime.map(StoreValue.time)),
            result = \(try run.result.map { try StoreValue.json($0) }), error = \(try run.error.map { try StoreValue.json($0) })
        WHERE task_id = \(run.taskID.rawValue) AND name = \(run.name)
        """
    }

    /// The run in `row`, its status in column `statusColumn`.
    static func run(_ row: PostgresRow, statusColumn: String = "status") throws -> ActivityRun {
        let row = row.makeRandomAccess()
        return ActivityRun(
            taskID: try TaskID(row.get("task_id")),
            name: try row.get("name"),
            definition: try StoreValue.definitions.value(of: row.get("definition"), column: "activity_run.definition"),
            status: try row.enumeration(statusColumn, table: "activity_run"),
            attempt: try row.get("attempt", as: Int.self),
            notBefore: try row.optionalDate("not_before"),
            leaseOwner: try row.get("lease_owner"),
            leaseExpiresAt: try row.optionalDate("lease_expires_at"),
            progress: try row.get("progress"),
            startTime: try row.optionalDate("start_time"),
            endTime: try row.optionalDate("end_time"),
            result: try row.json("result", table: "activity_run", as: ActivityResult.self),
            error: try row.json("error", table: "activity_run", as: ActivityError.self)
        )
    }
}
