import Foundation

/// Identifies an account: IMS's `UserId`, a string of 1–20 ASCII digits.
///
/// An account owns its templates, tasks, media assets and access keys.
public struct AccountID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue`: 1 to 20 characters of `0-9`.
    public init(_ rawValue: String) throws(FloeError) {
        guard Self.isValid(rawValue) else {
            throw .invalidParameter("'\(rawValue.prefix(64))' is not a valid account id: expected 1 to 20 digits")
        }
        self.rawValue = rawValue
    }

    /// A new random account id: 16 digits, the first not `0`.
    public static func random() -> AccountID {
        var generator = SystemRandomNumberGenerator()
        var digits = String(Int.random(in: 1...9, using: &generator))
        for _ in 1..<16 { digits += String(Int.random(in: 0...9, using: &generator)) }
        return try! AccountID(digits)
    }

    /// True when `value` is 1 to 20 ASCII digits.
    public static func isValid(_ value: String) -> Bool {
        (1...20).contains(value.utf8.count) && value.utf8.allSatisfy { (48...57).contains($0) }
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        try self.init(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
