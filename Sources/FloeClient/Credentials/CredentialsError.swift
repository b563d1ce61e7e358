import FloeCore

/// Why no credentials could be had. The message says what is missing and where it was looked for; it never
/// holds a secret, nor a line of a credentials file.
public struct CredentialsError: CodedError {
    /// What went wrong.
    public typealias Code = ErrorCode<CredentialsError>

    /// What went wrong.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String

    /// An error with `code` and `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension ErrorCode where Domain == CredentialsError {
    /// No credentials file (and nothing else gave credentials).
    public static var notFound: Self { Self("CredentialsNotFound") }
    /// The file exists but cannot be read.
    public static var unreadable: Self { Self("CredentialsUnreadable") }
    /// A line of the file is neither a comment, a `[profile]` nor `name = value`.
    public static var malformed: Self { Self("CredentialsMalformed") }
    /// The file has no such profile.
    public static var profileNotFound: Self { Self("ProfileNotFound") }
    /// The profile lacks `access_key_id` or `access_key_secret`.
    public static var missingKey: Self { Self("CredentialsMissingKey") }
    /// Half a pair: an id without a secret, or the reverse.
    public static var incomplete: Self { Self("CredentialsIncomplete") }
}
