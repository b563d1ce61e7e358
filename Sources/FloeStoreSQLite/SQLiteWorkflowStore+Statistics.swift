import FloeCore
import FloeEngine
import GRDB

extension SQLiteWorkflowStore {
    public func statistics() async throws -> StoreStatistics {
        try await read { db in
            var statistics = StoreStatistics()
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT status, COUNT(*) AS n FROM task GROUP BY status")) {
                if let status = TaskStatus(rawValue: row["status"]) { statistics.tasks[status] = row["n"] }
            }
            let runs = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT 'Ready' AS status, COUNT(*) AS n FROM activityRun WHERE status = 'Ready'
                UNION ALL SELECT 'Running', COUNT(*) FROM activityRun WHERE status = 'Running'
                """))
            for row in runs {
                switch ActivityStatus(rawValue: row["status"]) {
                case .ready: statistics.readyRuns = row["n"]
                case .running: statistics.runningRuns = row["n"]
                default: break
                }
            }
            let events = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT state, COUNT(*) AS n FROM callbackEvent WHERE state IN ('Pending', 'Dead') GROUP BY state
                """))
            for row in events {
                switch CallbackEvent.State(rawValue: row["state"]) {
                case .pending: statistics.pendingEvents = row["n"]
                case .dead: statistics.deadEvents = row["n"]
                default: break
                }
            }
            statistics.queuedMessages = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM queueMessage")) ?? 0
            return statistics
        }
    }
}
