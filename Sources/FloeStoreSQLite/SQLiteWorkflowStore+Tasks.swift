import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func createTask(_ task: WorkflowTask, now: Date) async throws {
        try await write { db in
            let owner = try String.fetchOne(db.cachedStatement(sql: "SELECT accountID FROM mediaAsset WHERE id = ?"),
                                            arguments: [task.mediaID.rawValue])
            guard owner == task.accountID.rawValue else {
                throw FloeError.notFound("media \(task.mediaID) does not exist")
            }
            guard try !TaskRecord.exists(db, id: task.id.rawValue) else {
                throw FloeError.conflict("task \(task.id) already exists")
            }
            try Self.save(TaskStateMachine.newTask(task, now: now), new: true, in: db)
        }
        workSignal.notify()
    }

    public func task(_ id: TaskID) async throws -> WorkflowTask? {
        try await read { db in
            try TaskRecord.fetchOne(db, id: id.rawValue)?.model()
        }
    }

    public func tasks(_ query: TaskQuery) async throws -> Page<WorkflowTask> {
        let after = try query.page.token.map { token throws(FloeError) in try PageToken.decodeTask(token) }
        let limit = query.page.limit
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let accountID = query.accountID {
            conditions.append("accountID = ?")
            arguments += [accountID.rawValue]
        }
        if let workflowID = query.workflowID {
            conditions.append("workflowID = ?")
            arguments += [workflowID.rawValue]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let after {
            conditions.append("(createTime < ? OR (createTime = ? AND id < ?))")
            arguments += [after.createTime, after.createTime, after.id.rawValue]
        }
        arguments += [limit + 1]
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM task \(whereClause) ORDER BY createTime DESC, id DESC LIMIT ?"
        return try await read { [arguments] db in
            let records = try TaskRecord.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
            let page = records.prefix(limit)
            let next = records.count > limit
                ? try page.last.map { PageToken.encode(taskCreateTime: $0.createTime, id: try TaskID($0.id)) }
                : nil
            return Page(items: try page.map { try $0.model() }, nextToken: next)
        }
    }

    public func activityRuns(of task: TaskID) async throws -> [ActivityRun] {
        try await read { db in
            try ActivityRunRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM activityRun WHERE taskID = ? ORDER BY name"),
                arguments: [task.rawValue]
            ).map { try $0.model() }
        }
    }

    public func attempts(of task: TaskID) async throws -> [ActivityAttempt] {
        try await read { db in
            try ActivityAttemptRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM activityAttempt WHERE taskID = ? ORDER BY startTime, name, id"),
                arguments: [task.rawValue]
            ).map { try $0.model() }
        }
    }

    @discardableResult
    public func cancelTask(_ id: TaskID, now: Date) async throws -> WorkflowTask {
        let task = try await write { db in
            let task = try Self.withMachine(id, in: db) { machine in
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
