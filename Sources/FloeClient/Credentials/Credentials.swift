import Foundation

/// An AccessKey to sign requests with: its id and its secret. The secret never appears in a description.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Where credentials were found, for messages (never the secret).
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// Given by the caller (`--access-key-id` / `--access-key-secret`).
        case explicit
        /// From the environment variable pair whose id variable is named here.
        case environment(String)
        /// From a profile of a credentials file.
        case file(path: String, profile: String)

        public var description: String {
            switch self {
            case .explicit: "the command line"
            case .environment(let name): "$\(name)"
            case .file(let path, let profile): "profile [\(profile)] of \(path)"
            }
        }
    }

    /// The environment variable pairs read, in order: Floe's own, then the Alibaba Cloud SDKs'.
    public static let environmentVariables = [
        (id: "FLOE_ACCESS_KEY_ID", secret: "FLOE_ACCESS_KEY_SECRET"),
        (id: "ALIBABA_CLOUD_ACCESS_KEY_ID", secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    ]

    /// The profile read from a credentials file when none is named.
    public static let defaultProfile = "default"

    /// The AccessKey ID (`LTAI…`), sent with every request.
    public let accessKeyID: String
    /// The AccessKey secret; it signs requests and is never sent.
    public let accessKeySecret: String
    /// Where they came from.
    public let source: Source

    /// Credentials with `accessKeyID` and `accessKeySecret`.
    public init(accessKeyID: String, accessKeySecret: String, source: Source = .explicit) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.source = source
    }

    public var description: String { "\(accessKeyID) (from \(source))" }
    public var debugDescription: String { "Credentials(accessKeyID: \(accessKeyID), accessKeySecret: <redacted>, source: \(source))" }

    /// Finds credentials, first of:
    /// 1. `accessKeyID` and `accessKeySecret` when given (both, or it is an error);
    /// 2. unless a `profile` is named: `FLOE_ACCESS_KEY_ID` / `FLOE_ACCESS_KEY_SECRET`, then
    ///    `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` in `environment` (a pair that is
    ///    half set is an error);
    /// 3. the profile `profile` (default `default`) of the INI file `file`.
    ///
    /// - Throws: ``CredentialsError`` saying what is missing and where it was looked for.
    public static func load(
        accessKeyID: String? = nil, accessKeySecret: String? = nil, profile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, file: URL
    ) throws(CredentialsError) -> Credentials {
        switch (nonEmpty(accessKeyID), nonEmpty(accessKeySecret)) {
        case (let id?, let secret?):
            return Credentials(accessKeyID: id, accessKeySecret: secret, source: .explicit)
        case (.some, nil):
            throw CredentialsError(.incomplete, "an AccessKey ID was given without its secret")
        case (nil, .some):
            throw CredentialsError(.incomplete, "an AccessKey secret was given without its AccessKey ID")
        case (nil, nil):
            break
        }
        if profile == nil {
            for pair in environmentVariables {
                switch (nonEmpty(environment[pair.id]), nonEmpty(environment[pair.secret])) {
                case (let id?, let secret?):
                    return Credentials(accessKeyID: id, accessKeySecret: secret, source: .environment(pair.id))
                case (.some, nil):
                    throw CredentialsError(.incomplete, "$\(pair.id) is set but $\(pair.secret) is not")
                case (nil, .some):
                    throw CredentialsError(.incomplete, "$\(pair.secret) is set but $\(pair.id) is not")
                case (nil, nil):
                    continue
                }
            }
        }
        return try CredentialsFile.load(file).credentials(profile: profile ?? defaultProfile)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
