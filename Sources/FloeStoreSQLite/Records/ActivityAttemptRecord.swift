import FloeCore
import FloeEngine
import GRDB

/// A row of `activityAttempt`, keyed by its own autoincremented `id` (two attempts of a run may share a number).
struct ActivityAttemptRecord: Codable, FetchableRecord, SQLiteRow {
    static let databaseTableName = "activityAttempt"

    var id: Int64?
    var taskID: String
    var name: String
    var attempt: Int
    var owner: String
    var startTime: Int64
    var endTime: Int64?
    var outcome: String?

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        id = try row.decode(Int64?.self, forColumn: "id")
        taskID = try row.decode(String.self, forColumn: "taskID")
        name = try row.decode(String.self, forColumn: "name")
        attempt = try row.decode(Int.self, forColumn: "attempt")
        owner = try row.decode(String.self, forColumn: "owner")
        startTime = try row.decode(Int64.self, forColumn: "startTime")
        endTime = try row.decode(Int64?.self, forColumn: "endTime")
        outcome = try row.decode(String?.self, forColumn: "outcome")
    }

    init(_ attempt: ActivityAttempt) {
        taskID = attempt.taskID.rawValue
        name = attempt.name
        self.attempt = attempt.attempt
        owner = attempt.owner
        startTime = SQLiteValue.time(attempt.startTime)
        endTime = attempt.endTime.map(SQLiteValue.time)
        outcome = attempt.outcome?.rawValue
    }

    static let layout = SQLiteRowLayout(
        table: databaseTableName,
        columns: ["id", "taskID", "name", "attempt", "owner", "startTime", "endTime", "outcome"],
        key: ["id"]
    )

    var columnValues: [(any DatabaseValueConvertible)?] {
        [id, taskID, name, attempt, owner, startTime, endTime, outcome]
    }

    func encode(to container: inout PersistenceContainer) {
        encodeColumns(to: &container)
    }

    func model() throws -> ActivityAttempt {
        ActivityAttempt(
            taskID: try TaskID(taskID),
            name: name,
            attempt: attempt,
            owner: owner,
            startTime: SQLiteValue.date(startTime),
            endTime: endTime.map(SQLiteValue.date),
            outcome: try outcome.map { text throws(FloeError) in
                try SQLiteValue.enumeration(ActivityAttempt.Outcome.self, text, column: "activityAttempt.outcome")
            }
        )
    }

    /// Closes the open attempts in `closed` (each owner's open row of its run; none when there is no such row),
    /// then appends `opened`.
    static func write(closed: [ActivityAttempt.Closing], opened: [ActivityAttempt], in db: Database) throws {
        for closing in closed {
            try db.cachedStatement(sql: """
                UPDATE activityAttempt SET endTime = ?, outcome = ?
                WHERE taskID = ? AND name = ? AND owner = ? AND endTime IS NULL
                """).execute(arguments: [SQLiteValue.time(closing.endTime), closing.outcome.rawValue,
                                         closing.run.taskID.rawValue, closing.run.name, closing.owner])
        }
        for attempt in opened {
            try ActivityAttemptRecord(attempt).insertRow(db)
        }
    }
}
