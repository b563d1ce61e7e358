import FloeCore
import FloeTesting
import GRDB
import Testing

@testable import FloeStoreSQLite

/// ``SQLiteRowLayout``: the SQL of a table's whole-row writes, built once, and kept true to the schema.
@Suite struct SQLiteRowTests {
    @Test func theUpdateSetsTheOtherColumnsThenMatchesTheKey() {
        let layout = SQLiteRowLayout(table: "t", columns: ["a", "k1", "b", "k2"], key: ["k1", "k2"])
        #expect(layout.insert == "INSERT INTO t (a, k1, b, k2) VALUES (?, ?, ?, ?)")
        #expect(layout.update == "UPDATE t SET a = ?, b = ? WHERE k1 = ? AND k2 = ?")
        #expect(layout.isKey == [false, true, false, true])
    }

    /// A column a migration adds must reach the layout too, or its value would never be written.
    @Test func eachRowNamesEveryColumnOfItsTableAndItsPrimaryKey() async throws {
        let store = try SQLiteWorkflowStore.temporary()
        let rows: [(table: String, layout: SQLiteRowLayout)] = [
            (TaskRecord.databaseTableName, TaskRecord.layout),
            (ActivityRunRecord.databaseTableName, ActivityRunRecord.layout),
            (ActivityAttemptRecord.databaseTableName, ActivityAttemptRecord.layout),
        ]
        for (table, layout) in rows {
            let (columns, key) = try await store.read { db in
                (try db.columns(in: table).map(\.name), try db.primaryKey(table).columns)
            }
            #expect(Set(columns) == Set(layout.columnNames), "\(table)")
            #expect(Set(key) == Set(zip(layout.columnNames, layout.isKey).filter(\.1).map(\.0)), "\(table)")
        }
    }

    @Test func updatingARowThatIsNotThereNamesItsKey() async throws {
        let store = try SQLiteWorkflowStore.temporary()
        let task = Samples.task(of: Samples.template(), on: Samples.media())
        let record = try TaskRecord(task)
        let error = await #expect(throws: RecordError.self) {
            try await store.write { db in try record.updateRow(db) }
        }
        guard case .recordNotFound(let table, let key) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(table == "task")
        #expect(key == ["id": task.id.rawValue.databaseValue])
    }
}
