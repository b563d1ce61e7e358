/// Why a RAM policy document was refused, naming the place in the document that is at fault
/// (for example `Statement[1].Condition.IpAddress.acs:SourceIp[0]`).
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of fault it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The document is not JSON, or not a policy of the shape RAM accepts.
        public static let malformedPolicyDocument = Code("MalformedPolicyDocument")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// `MalformedPolicyDocument` at `path`.
    public static func malformed(_ path: String, _ reason: String) -> PolicyError {
        .init(.malformedPolicyDocument, path.isEmpty ? reason : "\(path): \(reason)")
    }
}
