/// Why no credentials could be had. The message says what is missing and where it was looked for; it never
/// holds a secret, nor a line of a credentials file.
public struct CredentialsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// The code named `rawValue`.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No credentials file (and nothing else gave credentials).
        public static let notFound = Code("CredentialsNotFound")
        /// The file exists but cannot be read.
        public static let unreadable = Code("CredentialsUnreadable")
        /// A line of the file is neither a comment, a `[profile]` nor `name = value`.
        public static let malformed = Code("CredentialsMalformed")
        /// The file has no such profile.
        public static let profileNotFound = Code("ProfileNotFound")
        /// The profile lacks `access_key_id` or `access_key_secret`.
        public static let missingKey = Code("CredentialsMissingKey")
        /// Half a pair: an id without a secret, or the reverse.
        public static let incomplete = Code("CredentialsIncomplete")
    }

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
