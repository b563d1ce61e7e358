import PostgresNIO

/// A `WHERE` clause built from optional conditions, with its bound values (`$1`, `$2`, … in order).
struct SQLFilter {
    private(set) var conditions: [String] = []
    private(set) var binds = PostgresBindings()

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds `condition`, built with the placeholders ``bind(_:)`` returns.
    mutating func add(_ condition: String) {
        conditions.append(condition)
    }

    /// Adds `column = value` unless `value` is `nil`.
    mutating func add(_ column: String, equals value: (some PostgresDynamicTypeEncodable)?) {
        guard let value else { return }
        add("\(column) = \(bind(value))")
    }

    var whereClause: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// `select`, the `WHERE` clause, then `rest`, with the bound values.
    func query(_ select: String, _ rest: String = "") -> PostgresQuery {
        PostgresQuery(unsafeSQL: select + whereClause + rest, binds: binds)
    }
}
