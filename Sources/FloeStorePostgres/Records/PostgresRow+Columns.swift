import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresRandomAccessRow {
    /// The value of column `name` as `T` (an `Optional` for a nullable column).
    func get<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }

    /// An account id column.
    func account(_ name: String, table: String) throws -> AccountID {
        try StoreValue.account(get(name), column: "\(table).\(name)")
    }

    /// A time column (microseconds since 1970).
    func date(_ name: String) throws -> Date {
        StoreValue.date(try get(name, as: Int64.self))
    }

    /// A nullable time column (microseconds since 1970).
    func optionalDate(_ name: String) throws -> Date? {
        try get(name, as: Int64?.self).map(StoreValue.date)
    }

    /// A string column holding a raw value of `T`.
    func enumeration<T: RawRepresentable>(_ name: String, table: String, as type: T.Type = T.self) throws -> T
    where T.RawValue == String {
        try StoreValue.enumeration(T.self, get(name), column: "\(table).\(name)")
    }

    /// A nullable text column holding JSON of `T`.
    func json<T: Decodable>(_ name: String, table: String, as type: T.Type = T.self) throws -> T? {
        try get(name, as: String?.self).map { text throws(FloeError) in
            try StoreValue.decode(T.self, json: text, column: "\(table).\(name)")
        }
    }
}
