import PostgresNIO

/// One SQL statement with its values, written with string interpolation like a `PostgresQuery` (an interpolated
/// value is bound, never spliced into the text), but kept in parts, so that several statements can be joined
/// into one (``joined(_:then:)``): a transaction's writes then cost one round trip to the server, not one each.
struct SQLStatement: ExpressibleByStringInterpolation {
    fileprivate enum Part {
        case text(String)
        case value((inout PostgresBindings) -> Void)
    }

    fileprivate var parts: [Part]

    init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(2 * interpolationCount + 1)
        }

        mutating func appendLiteral(_ literal: String) {
            parts.append(.text(literal))
        }

        mutating func appendInterpolation(_ value: some PostgresDynamicTypeEncodable) {
            parts.append(.value { $0.append(value) })
        }

        mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
            parts.append(.value { $0.append(value) })
        }
    }

    /// Appends the text to `sql` and the values to `binds`, numbering the placeholders after the values bound
    /// already.
    private func render(into sql: inout String, binds: inout PostgresBindings) {
        for part in parts {
            switch part {
            case .text(let text):
                sql += text
            case .value(let bind):
                bind(&binds)
                sql += "$\(binds.count)"
            }
        }
    }

    /// The statement as a query of its own.
    var query: PostgresQuery {
        var sql = ""
        var binds = PostgresBindings()
        render(into: &sql, binds: &binds)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// `statements` (each an `INSERT`, `UPDATE` or `DELETE`) as the clauses of a `WITH`, and `final` as its main
    /// statement (`SELECT 1` when `nil`): one query. PostgreSQL runs each clause exactly once, all against the same
    /// snapshot, so none sees the rows another changes: two of them must never change the same row. One statement
    /// and no `final` is the statement itself.
    static func joined(_ statements: [SQLStatement], then final: SQLStatement? = nil) -> PostgresQuery {
        if statements.count == 1, final == nil { return statements[0].query }
        var sql = ""
        var binds = PostgresBindings()
        for (index, statement) in statements.enumerated() {
            sql += index == 0 ? "WITH " : ", "
            sql += "w\(index + 1) AS ("
            statement.render(into: &sql, binds: &binds)
            sql += ")"
        }
        if !statements.isEmpty { sql += " " }
        (final ?? "SELECT 1").render(into: &sql, binds: &binds)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
