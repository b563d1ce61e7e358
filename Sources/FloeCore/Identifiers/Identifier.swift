import Foundation

/// The kind of thing an ``Identifier`` names; it only tags the type.
public protocol IdentifierKind: Sendable {
    /// The word used in messages ("task", "workflow", "media").
    static var noun: String { get }
}

/// An identifier of a task, a workflow template or a media asset: 32 lowercase hexadecimal digits.
public struct Identifier<Kind: IdentifierKind>: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue`: exactly 32 characters of `0-9a-f`.
    public init(_ rawValue: String) throws(FloeError) {
        guard Self.isValid(rawValue) else {
            throw .invalidParameter("'\(rawValue.prefix(64))' is not a valid \(Kind.noun) id: expected 32 lowercase hex digits")
        }
        self.rawValue = rawValue
    }

    /// A new identifier: the time in milliseconds since 1970 (12 digits), then 80 random bits (20 digits).
    ///
    /// Ids made one after another sort together, so the rows a store inserts under them land on the same few
    /// pages of its indexes instead of on a random page each (docs/BENCHMARKS.md, "The API"). The random part
    /// keeps them unguessable. The time only orders them, so the system clock serves: a clock set back costs
    /// locality, nothing else.
    public static func generate(at time: Date = Date()) -> Self {
        let milliseconds = UInt64(min(max(0, (time.timeIntervalSince1970 * 1000).rounded(.down)), 0xFFFF_FFFF_FFFF))
        var random = SystemRandomNumberGenerator()
        let high = random.next() as UInt64, low = random.next() as UInt16
        let bytes = (0..<6).map { UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + [UInt8(low >> 8), UInt8(truncatingIfNeeded: low)]
        return try! Self(Hex.encode(bytes))
    }

    public static func isValid(_ value: String) -> Bool {
        value.utf8.count == 32 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
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

public enum TaskKind: IdentifierKind { public static let noun = "task" }
public enum WorkflowKind: IdentifierKind { public static let noun = "workflow" }
public enum MediaKind: IdentifierKind { public static let noun = "media" }
public enum EventKind: IdentifierKind { public static let noun = "event" }

/// Identifies a workflow task (`TaskId`).
public typealias TaskID = Identifier<TaskKind>
/// Identifies a workflow template (`WorkflowId`).
public typealias WorkflowID = Identifier<WorkflowKind>
/// Identifies a media asset (`MediaId`).
public typealias MediaID = Identifier<MediaKind>
/// Identifies a callback event, the same in every delivery of it (`X-Floe-Event-Id`).
public typealias EventID = Identifier<EventKind>
