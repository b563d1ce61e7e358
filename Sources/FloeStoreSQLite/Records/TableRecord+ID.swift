import GRDB

/// Look-ups by the `id` column through GRDB's statement cache: GRDB's `fetchOne(_:key:)` and `exists(_:key:)`
/// generate and compile their query on every call, which costs more than SQLite's look-up itself (a profile of
/// `GetWorkflowTask`, docs/BENCHMARKS.md).
extension TableRecord {
    /// Whether the table holds a row with this `id`.
    static func exists(_ db: Database, id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(databaseTableName) WHERE id = ?)"),
                          arguments: [id]) ?? false
    }
}

extension FetchableRecord where Self: TableRecord {
    /// The row with this `id`, if any.
    static func fetchOne(_ db: Database, id: String) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM \(databaseTableName) WHERE id = ?"), arguments: [id])
    }
}
