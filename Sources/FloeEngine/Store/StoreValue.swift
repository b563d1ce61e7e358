import FloeCore
import Foundation

/// How the SQL stores encode values their databases have no type for: times as integer microseconds since
/// 1970 (UTC), structured values as JSON text written with ``JSONCoding``. Shared by every backend, so
/// they store the same text and read it back the same way.
package enum StoreValue {
    package static func time(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    package static func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    package static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    package static func decode<T: Decodable>(_ type: T.Type, json text: String, column: String) throws(FloeError) -> T {
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw corrupt(column, "\(error)")
        }
    }

    /// Decodes a string column into a raw-value type.
    package static func enumeration<T: RawRepresentable>(_ type: T.Type, _ rawValue: String, column: String) throws(FloeError) -> T
    where T.RawValue == String {
        guard let value = T(rawValue: rawValue) else { throw corrupt(column, "unknown value '\(rawValue)'") }
        return value
    }

    /// Decodes an account id column.
    package static func account(_ rawValue: String, column: String) throws(FloeError) -> AccountID {
        guard AccountID.isValid(rawValue) else { throw corrupt(column, "'\(rawValue.prefix(64))' is not an account id") }
        return try AccountID(rawValue)
    }

    package static func corrupt(_ column: String, _ detail: String) -> FloeError {
        FloeError(.store, "the database holds an unreadable \(column): \(detail)")
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    package var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
