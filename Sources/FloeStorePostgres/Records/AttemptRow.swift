import FloeCore
import FloeEngine
import PostgresNIO

/// Rows of `activity_attempt`, keyed by an identity (two attempts of a run may share a number).
enum AttemptRow {
    static func insert(_ attempt: ActivityAttempt) -> SQLStatement {
        """
        INSERT INTO activity_attempt (task_id, name, attempt, owner, start_time, end_time, outcome)
        VALUES (\(attempt.taskID.rawValue), \(attempt.name), \(attempt.attempt), \(attempt.owner),
            \(StoreValue.time(attempt.startTime)), \(attempt.endTime.map(StoreValue.time)), \(attempt.outcome?.rawValue))
        """
    }

    /// Closes the owner's open attempt of the run; changes nothing when there is none.
    static func close(_ closing: ActivityAttempt.Closing) -> SQLStatement {
        """
        UPDATE activity_attempt SET end_time = \(StoreValue.time(closing.endTime)), outcome = \(closing.outcome.rawValue)
        WHERE task_id = \(closing.run.taskID.rawValue) AND name = \(closing.run.name) AND owner = \(closing.owner)
          AND end_time IS NULL
        """
    }

    static func model(_ row: PostgresRow) throws -> ActivityAttempt {
        let row = row.makeRandomAccess()
        return ActivityAttempt(
            taskID: try TaskID(row.get("task_id")),
            name: try row.get("name"),
            attempt: try row.get("attempt", as: Int.self),
            owner: try row.get("owner"),
            startTime: try row.date("start_time"),
            endTime: try row.optionalDate("end_time"),
            outcome: try row.get("outcome", as: String?.self).map { text throws(FloeError) in
                try StoreValue.enumeration(ActivityAttempt.Outcome.self, text, column: "activity_attempt.outcome")
            }
        )
    }
}
