import FloeCore

/// Why a RAM policy document was refused, naming the place in the document that is at fault
/// (for example `Statement[1].Condition.IpAddress.acs:SourceIp[0]`).
public struct PolicyError: CodedError {
    /// What kind of fault it is.
    public typealias Code = ErrorCode<PolicyError>

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `MalformedPolicyDocument` at `path`.
    public static func malformed(_ path: String, _ reason: String) -> PolicyError {
        .init(.malformedPolicyDocument, path.isEmpty ? reason : "\(path): \(reason)")
    }
}

extension ErrorCode where Domain == PolicyError {
    /// The document is not JSON, or not a policy of the shape RAM accepts.
    public static var malformedPolicyDocument: Self { Self("MalformedPolicyDocument") }
}
