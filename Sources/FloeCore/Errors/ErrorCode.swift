/// The stable code of an error of type `Domain`: a name that callers compare and the API edge maps.
///
/// Each error type declares its codes as static members of `ErrorCode<Itself>` (in an extension constrained
/// to it), so the codes of different error types never mix, and one type serves them all.
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, for example `InvalidParameter`.
    public let rawValue: String

    /// The code named `rawValue`.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// An error that is a code and a message for a person; the message names what was at fault and never holds
/// a secret.
public protocol CodedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of fault it is.
    var code: ErrorCode<Self> { get }
    /// What was at fault, for a person.
    var message: String { get }
}

extension CodedError {
    /// `Code: message`.
    public var description: String { "\(code): \(message)" }
}
