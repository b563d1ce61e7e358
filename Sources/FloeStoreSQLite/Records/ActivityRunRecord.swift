import FloeCore
import FloeEngine
import GRDB

/// A row of `activityRun`, keyed by (`taskID`, `name`).
struct ActivityRunRecord: Codable, FetchableRecord, SQLiteRow {
    static let databaseTableName = "activityRun"

    var taskID: String
    var name: String
    var definition: String
    var status: String
    var attempt: Int
    var notBefore: Int64?
    var leaseOwner: String?
    var leaseExpiresAt: Int64?
    var progress: Double?
    var startTime: Int64?
    var endTime: Int64?
    var result: String?
    var error: String?
    /// What a worker needs to run it (``ActivityRun/requirements``), for the claim's SQL.
    var requirements: String

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        taskID = try row.decode(String.self, forColumn: "taskID")
        name = try row.decode(String.self, forColumn: "name")
        definition = try row.decode(String.self, forColumn: "definition")
        status = try row.decode(String.self, forColumn: "status")
        attempt = try row.decode(Int.self, forColumn: "attempt")
        notBefore = try row.decode(Int64?.self, forColumn: "notBefore")
        leaseOwner = try row.decode(String?.self, forColumn: "leaseOwner")
        leaseExpiresAt = try row.decode(Int64?.self, forColumn: "leaseExpiresAt")
        progress = try row.decode(Double?.self, forColumn: "progress")
        startTime = try row.decode(Int64?.self, forColumn: "startTime")
        endTime = try row.decode(Int64?.self, forColumn: "endTime")
        result = try row.decode(String?.self, forColumn: "result")
        error = try row.decode(String?.self, forColumn: "error")
        requirements = try row.decode(String.self, forColumn: "requirements")
    }

    init(_ run: ActivityRun) throws {
        taskID = run.taskID.rawValue
        name = run.name
        definition = try SQLiteValue.definitions.text(of: run.definition)
        status = run.status.rawValue
        attempt = run.attempt
        notBefore = run.notBefore.map(SQLiteValue.time)
        leaseOwner = run.leaseOwner
        leaseExpiresAt = run.leaseExpiresAt.map(SQLiteValue.time)
        progress = run.progress
        startTime = run.startTime.map(SQLiteValue.time)
        endTime = run.endTime.map(SQLiteValue.time)
        result = try run.result.map { try SQLiteValue.json($0) }
        error = try run.error.map { try SQLiteValue.json($0) }
        requirements = run.requirements.storedJSON
    }

    static let layout = SQLiteRowLayout(
        table: databaseTableName,
        columns: [
            "taskID", "name", "definition", "status", "attempt", "notBefore", "leaseOwner", "leaseExpiresAt", "progress",
            "startTime", "endTime", "result", "error", "requirements"
        ],
        key: ["taskID", "name"]
    )

    var columnValues: [(any DatabaseValueConvertible)?] {
        [taskID, name, definition, status, attempt, notBefore, leaseOwner, leaseExpiresAt, progress, startTime, endTime,
         result, error, requirements]
    }

    func encode(to container: inout PersistenceContainer) {
        encodeColumns(to: &container)
    }

    func model() throws -> ActivityRun {
        ActivityRun(
            taskID: try TaskID(taskID),
            name: name,
            definition: try SQLiteValue.definitions.value(of: definition, column: "activityRun.definition"),
            status: try SQLiteValue.enumeration(ActivityStatus.self, status, column: "activityRun.status"),
            attempt: attempt,
            notBefore: notBefore.map(SQLiteValue.date),
            leaseOwner: leaseOwner,
            leaseExpiresAt: leaseExpiresAt.map(SQLiteValue.date),
            progress: progress,
            startTime: startTime.map(SQLiteValue.date),
            endTime: endTime.map(SQLiteValue.date),
            result: try result.map { text throws(FloeError) in
                try SQLiteValue.decode(ActivityResult.self, json: text, column: "activityRun.result")
            },
            error: try error.map { text throws(FloeError) in
                try SQLiteValue.decode(ActivityError.self, json: text, column: "activityRun.error")
            }
        )
    }
}
