import FloeCore
import FloeEngine
import GRDB

/// A row of `activityAttempt`, keyed by its own autoincremented `id` (two attempts of a run may share a number).
struct ActivityAttemptRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "activityAttempt"

    var id: Int64?
    var taskID: String
    var name: String
    var attempt: Int
    var owner: String
    var startTime: Int64
    var endTime: Int64?
    var outcome: String?

    init(_ attempt: ActivityAttempt) {
        taskID = attempt.taskID.rawValue
        name = attempt.name
        self.attempt = attempt.attempt
        owner = attempt.owner
        startTime = SQLiteValue.time(attempt.startTime)
        endTime = attempt.endTime.map(SQLiteValue.time)
        outcome = attempt.outcome?.rawValue
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
            try ActivityAttemptRecord(attempt).insert(db)
        }
    }
}
