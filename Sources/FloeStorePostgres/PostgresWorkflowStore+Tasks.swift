import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func createTask(_ task: WorkflowTask, now: Date) async throws {
        try await write { session in
            let owner = try await session.value(
                String.self, "SELECT account_id FROM media_asset WHERE id = \(task.mediaID.rawValue) FOR SHARE")
            guard owner == task.accountID.rawValue else {
                throw FloeError.notFound("media \(task.mediaID) does not exist")
            }
            try await Self.insertNewTask(task, now: now, in: session)
        }
        workSignal.notify()
    }

    /// Inserts `task` and its runs as ``TaskStateMachine/newTask(_:now:)`` makes them; a conflict when its id is taken.
    static func insertNewTask(_ task: WorkflowTask, now: Date, in session: PostgresSession) async throws {
        guard try await !session.exists("SELECT 1 FROM task WHERE id = \(task.id.rawValue)") else {
            throw FloeError.conflict("task \(task.id) already exists")
        }
        try await save(TaskStateMachine.newTask(task, now: now), new: true, in: session)
    }

    public func task(_ id: TaskID) async throws -> WorkflowTask? {
        try await read { session in
            try await session.rows("SELECT * FROM task WHERE id = \(id.rawValue)").first.map(TaskRow.model)
        }
    }

    public func tasks(_ query: TaskQuery) async throws -> Page<WorkflowTask> {
        let after = try query.page.token.map { token throws(FloeError) in try PageToken.decodeTask(token) }
        let limit = query.page.limit
        var filter = SQLFilter()
        filter.add("account_id", equals: query.accountID?.rawValue)
        filter.add("workflow_id", equals: query.workflowID?.rawValue)
        filter.add("status", equals: query.status?.rawValue)
        if let after {
            filter.add("(create_time, id) < (\(filter.bind(after.createTime)), \(filter.bind(after.id.rawValue)))")
        }
        let limitValue = filter.bind(limit + 1)
        let sql = filter.query("SELECT * FROM task", " ORDER BY create_time DESC, id DESC LIMIT \(limitValue)")
        return try await read { session in
            let rows = try await session.rows(sql)
            let items = try rows.prefix(limit).map(TaskRow.model)
            let next = rows.count > limit
                ? PageToken.encode(taskCreateTime: try rows[limit - 1].makeRandomAccess().get("create_time"), id: items[limit - 1].id)
                : nil
            return Page(items: items, nextToken: next)
        }
    }

    public func activityRuns(of task: TaskID) async throws -> [ActivityRun] {
        try await read { session in
            try await session.rows("SELECT * FROM activity_run WHERE task_id = \(task.rawValue) ORDER BY name").map { try TaskRow.run($0) }
        }
    }

    /// One query: the task, its media asset's input, and its succeeded runs' results.
    public func activityInputs(of task: TaskID) async throws -> ActivityInputs? {
        try await read { session in
            let rows = try await session.rows("""
                SELECT t.*, m.input_url, r.name, r.result
                FROM task t
                LEFT JOIN media_asset m ON m.id = t.media_id
                LEFT JOIN activity_run r ON r.task_id = t.id AND r.status = \(ActivityStatus.succeed.rawValue)
                WHERE t.id = \(task.rawValue)
                """)
            guard let first = rows.first else { return nil }
            let input = try first.makeRandomAccess().get("input_url", as: String?.self)
            var upstream: [String: ActivityResult] = [:]
            for row in rows {
                let columns = row.makeRandomAccess()
                guard let name = try columns.get("name", as: String?.self),
                      let result = try columns.json("result", table: "activity_run", as: ActivityResult.self) else { continue }
                upstream[name] = result
            }
            return ActivityInputs(task: try TaskRow.model(first), input: try input.map { try StorageLocation(parsing: $0) },
                                  upstream: upstream)
        }
    }

    public func attempts(of task: TaskID) async throws -> [ActivityAttempt] {
        try await read { session in
            try await session.rows("""
                SELECT * FROM activity_attempt WHERE task_id = \(task.rawValue) ORDER BY start_time, name, id
                """).map(AttemptRow.model)
        }
    }

    @discardableResult
    public func cancelTask(_ id: TaskID, now: Date) async throws -> WorkflowTask {
        let task = try await write { session in
            let task = try await Self.withMachine(id, in: session) { machine in
                try machine.cancel(now: now)
                return machine.task
            }
            guard let task else { throw FloeError.notFound("task \(id) does not exist") }
            return task
        }
        workSignal.notify()
        return task
    }
}
