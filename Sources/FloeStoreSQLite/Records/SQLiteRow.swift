import GRDB

/// A record that writes its whole row with one compiled statement per table, kept in GRDB's statement cache:
/// GRDB's record `insert` and `update` build their statement anew on every call (key paths, schema look-ups,
/// SQL generation), which cost more than SQLite's own work on the rows every task writes (a profile of
/// `StartWorkflow`, docs/BENCHMARKS.md).
protocol SQLiteRow: PersistableRecord {
    /// The table's columns, in the order of ``columnValues``.
    static var columnNames: [String] { get }
    /// The columns of the primary key, among ``columnNames``.
    static var keyColumnNames: [String] { get }
    /// This row's values, in the order of ``columnNames``.
    var columnValues: [(any DatabaseValueConvertible)?] { get }
}

extension SQLiteRow {
    /// The row for GRDB's other record methods (`upsert`, `fetch` by key, …).
    func encodeColumns(to container: inout PersistenceContainer) {
        for (name, value) in zip(Self.columnNames, columnValues) {
            container[name] = value
        }
    }

    /// Inserts the row; a row with the same key is a constraint error, as with `insert`.
    func insertRow(_ db: Database) throws {
        let names = Self.columnNames
        let sql = "INSERT INTO \(Self.databaseTableName) (\(names.joined(separator: ", "))) VALUES (\(placeholders(names.count)))"
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(columnValues))
    }

    /// Writes every column of the row with this key; `RecordError.recordNotFound` when there is none, as with
    /// `update`.
    func updateRow(_ db: Database) throws {
        let keys = Self.keyColumnNames
        var assigned: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        var keyValues: [(any DatabaseValueConvertible)?] = []
        for (name, value) in zip(Self.columnNames, columnValues) {
            if keys.contains(name) {
                keyValues.append(value)
            } else {
                assigned.append("\(name) = ?")
                values.append(value)
            }
        }
        let sql = "UPDATE \(Self.databaseTableName) SET \(assigned.joined(separator: ", ")) WHERE "
            + keys.map { "\($0) = ?" }.joined(separator: " AND ")
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values + keyValues))
        guard db.changesCount > 0 else {
            let key = Dictionary(uniqueKeysWithValues: zip(keys, keyValues.map { $0?.databaseValue ?? .null }))
            throw RecordError.recordNotFound(databaseTableName: Self.databaseTableName, key: key)
        }
    }

    private func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
