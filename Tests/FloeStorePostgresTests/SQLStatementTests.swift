@testable import FloeStorePostgres
import PostgresNIO
import Testing

/// Statements joined into one query keep their values bound, numbered in order across the statements.
struct SQLStatementTests {
    @Test func joinedStatementsNumberTheirPlaceholdersInOrder() {
        let name: String? = nil
        let query = SQLStatement.joined(
            ["UPDATE a SET x = \(1), y = \(name) WHERE id = \("one")", "INSERT INTO b (v) VALUES (\(2.5))"],
            then: "SELECT pg_notify(\("floe_work"), '')")
        #expect(query.sql == """
            WITH w1 AS (UPDATE a SET x = $1, y = $2 WHERE id = $3), w2 AS (INSERT INTO b (v) VALUES ($4)) \
            SELECT pg_notify($5, '')
            """)
        #expect(query.binds.count == 5)
    }

    @Test func oneStatementAloneIsItself() {
        let statement: SQLStatement = "DELETE FROM a WHERE id = \("one")"
        #expect(SQLStatement.joined([statement]).sql == "DELETE FROM a WHERE id = $1")
        #expect(SQLStatement.joined([]).sql == "SELECT 1")
        #expect(SQLStatement.joined([statement, statement]).sql
                == "WITH w1 AS (DELETE FROM a WHERE id = $1), w2 AS (DELETE FROM a WHERE id = $2) SELECT 1")
    }
}
