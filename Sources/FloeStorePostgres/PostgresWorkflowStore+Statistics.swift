import FloeCore
import FloeEngine
import PostgresNIO

extension PostgresWorkflowStore {
    public func statistics() async throws -> StoreStatistics {
        try await read { session in
            var statistics = StoreStatistics()
            for row in try await session.rows("SELECT status, COUNT(*) FROM task GROUP BY status") {
                let (status, count) = try row.decode((String, Int).self)
                if let status = TaskStatus(rawValue: status) { statistics.tasks[status] = count }
            }
            for row in try await session.rows("""
                SELECT status, COUNT(*) FROM activity_run WHERE status IN ('Ready', 'Running') GROUP BY status
                """) {
                let (status, count) = try row.decode((String, Int).self)
                switch ActivityStatus(rawValue: status) {
                case .ready: statistics.readyRuns = count
                case .running: statistics.runningRuns = count
                default: break
                }
            }
            for row in try await session.rows("""
                SELECT state, COUNT(*) FROM callback_event WHERE state IN ('Pending', 'Dead') GROUP BY state
                """) {
                let (state, count) = try row.decode((String, Int).self)
                switch CallbackEvent.State(rawValue: state) {
                case .pending: statistics.pendingEvents = count
                case .dead: statistics.deadEvents = count
                default: break
                }
            }
            statistics.queuedMessages = try await session.value(Int.self, "SELECT COUNT(*) FROM queue_message") ?? 0
            return statistics
        }
    }
}
