import FloeCore
import FloeEngine
import GRDB

/// A row of `activityRun`, keyed by (`taskID`, `name`).
struct ActivityRunRecord: Codable, FetchableRecord, PersistableRecord {
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

    /// The columns, written out: GRDB's `Encodable` path costs more than the insert itself (profile of
    /// `StartWorkflow`, docs/BENCHMARKS.md).
    func encode(to container: inout PersistenceContainer) {
        container["taskID"] = taskID
        container["name"] = name
        container["definition"] = definition
        container["status"] = status
        container["attempt"] = attempt
        container["notBefore"] = notBefore
        container["leaseOwner"] = leaseOwner
        container["leaseExpiresAt"] = leaseExpiresAt
        container["progress"] = progress
        container["startTime"] = startTime
        container["endTime"] = endTime
        container["result"] = result
        container["error"] = error
        container["requirements"] = requirements
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
