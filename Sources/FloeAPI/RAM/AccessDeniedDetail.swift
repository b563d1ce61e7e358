/// The `AccessDeniedDetail` object of a `Forbidden.RAM` error body (spec §7.3), in the layout OSS and
/// other Alibaba Cloud services use; encodes with IMS's PascalCase keys.
public struct AccessDeniedDetail: Codable, Hashable, Sendable {
    /// Whether a statement forbade the action, or nothing allowed it.
    public enum NoPermissionType: String, Codable, Hashable, Sendable {
        /// No statement allowed the action.
        case implicitDeny = "ImplicitDeny"
        /// A `Deny` statement matched.
        case explicitDeny = "ExplicitDeny"
    }

    /// Which kind of policy decided: always `AccountLevelIdentityBasedPolicy` in Floe.
    public var policyType: String
    /// The account (numeric UserId) that owns the caller.
    public var authPrincipalOwnerId: String
    /// The caller's kind: `SubUser` for a RAM key, `Account` for the root.
    public var authPrincipalType: String
    /// The caller's name, here its AccessKey ID.
    public var authPrincipalDisplayName: String
    public var noPermissionType: NoPermissionType
    /// The action asked for, `ice:<Action>`.
    public var authAction: String
    /// Free text saying which policy and statement decided (never a secret).
    public var encodedDiagnosticMessage: String?

    public init(
        policyType: String = "AccountLevelIdentityBasedPolicy",
        authPrincipalOwnerId: String,
        authPrincipalType: String,
        authPrincipalDisplayName: String,
        noPermissionType: NoPermissionType,
        authAction: String,
        encodedDiagnosticMessage: String? = nil
    ) {
        self.policyType = policyType
        self.authPrincipalOwnerId = authPrincipalOwnerId
        self.authPrincipalType = authPrincipalType
        self.authPrincipalDisplayName = authPrincipalDisplayName
        self.noPermissionType = noPermissionType
        self.authAction = authAction
        self.encodedDiagnosticMessage = encodedDiagnosticMessage
    }

    enum CodingKeys: String, CodingKey {
        case policyType = "PolicyType"
        case authPrincipalOwnerId = "AuthPrincipalOwnerId"
        case authPrincipalType = "AuthPrincipalType"
        case authPrincipalDisplayName = "AuthPrincipalDisplayName"
        case noPermissionType = "NoPermissionType"
        case authAction = "AuthAction"
        case encodedDiagnosticMessage = "EncodedDiagnosticMessage"
    }
}
