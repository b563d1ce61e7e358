import GRDB

/// A record that writes its whole row with one compiled statement per table, kept in GRDB's statement cache:
/// GRDB's record `insert` and `update` build their statement anew on every call (key paths, schema look-ups,
/// SQL generation), which cost more than SQLite's own work on the rows every task writes (a profile of
/// `StartWorkflow`, docs/BENCHMARKS.md).
protocol SQLiteRow: PersistableRecord {
    /// The table's columns and key, and the SQL that writes a row.
    static var layout: SQLiteRowLayout { get }
    /// This row's values, in the order of the layout's columns.
    var columnValues: [(any DatabaseValueConvertible)?] { get }
}

/// A table's columns, its key, and the SQL of ``SQLiteRow``'s writes, built once per table.
struct SQLiteRowLayout: Sendable {
    /// The columns, in the order of ``SQLiteRow/columnValues``.
    let columnNames: [String]
    /// Which of ``columnNames`` make the primary key.
    let isKey: [Bool]
    /// `INSERT` of every column.
    let insert: String
    /// `UPDATE` of every column that is not in the key, then `WHERE` the key's columns, in that order.
    let update: String

    /// The layout of `table`, whose primary key is `key`, a subset of `columns`.
    init(table: String, columns: [String], key: [String]) {
        precondition(key.allSatisfy(columns.contains), "\(table): the key is not among the columns")
        columnNames = columns
        isKey = columns.map(key.contains)
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        insert = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
        update = "UPDATE \(table) SET \(columns.filter { !key.contains($0) }.map { "\($0) = ?" }.joined(separator: ", "))"
            + " WHERE \(columns.filter(key.contains).map { "\($0) = ?" }.joined(separator: " AND "))"
    }
}

extension SQLiteRow {
    /// The row for GRDB's other record methods (`upsert`, `fetch` by key, …).
    func encodeColumns(to container: inout PersistenceContainer) {
        for (name, value) in zip(Self.layout.columnNames, columnValues) {
            container[name] = value
        }
    }

    /// Inserts the row; a row with the same key is a constraint error, as with `insert`.
    func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.layout.insert).execute(arguments: StatementArguments(columnValues))
    }

    /// Writes every column of the row with this key; `RecordError.recordNotFound` when there is none, as with
    /// `update`.
    func updateRow(_ db: Database) throws {
        let layout = Self.layout
        var values: [(any DatabaseValueConvertible)?] = []
        var keyValues: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(layout.columnNames.count)
        for (isKey, value) in zip(layout.isKey, columnValues) {
            if isKey { keyValues.append(value) } else { values.append(value) }
        }
        try db.cachedStatement(sql: layout.update).execute(arguments: StatementArguments(values + keyValues))
        guard db.changesCount > 0 else {
            let keys = zip(layout.columnNames, layout.isKey).filter(\.1).map(\.0)
            let key = Dictionary(uniqueKeysWithValues: zip(keys, keyValues.map { $0?.databaseValue ?? .null }))
            throw RecordError.recordNotFound(databaseTableName: Self.databaseTableName, key: key)
        }
    }
}
