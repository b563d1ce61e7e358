import GRDB

extension SQLiteWorkflowStore {
    /// The schema versions applied to the file (`v1`, `v2`, …), in order.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try Self.migrator.appliedMigrations(db) }
    }
}
