/// Decides whether a caller's policies allow an action on a resource, the way RAM does:
/// an explicit `Deny` wins, otherwise some `Allow` must match, otherwise the action is implicitly denied.
///
/// A statement matches when its actions cover the action (case-insensitive, `*` and `?`), its resources
/// cover the resource (case-sensitive, `*` and `?`) and every condition holds. Several policies combine
/// as one list of statements. Pure: no I/O, no clock (the time is in the ``RequestContext``).
public struct PolicyEvaluator: Sendable {
    /// A policy with the name it is attached under, for the diagnostic of a denial.
    public struct AttachedPolicy: Hashable, Sendable {
        public var name: String
        public var policy: Policy
        public init(name: String, policy: Policy) {
            self.name = name
            self.policy = policy
        }
    }

    /// Who is asking, as a denial reports it.
    public struct Principal: Hashable, Sendable {
        /// The owning account's numeric UserId.
        public var accountID: String
        /// `SubUser` for a RAM key.
        public var type: String
        /// The AccessKey ID, or a user name.
        public var displayName: String
        public init(accountID: String, type: String = "SubUser", displayName: String) {
            self.accountID = accountID
            self.type = type
            self.displayName = displayName
        }
    }

    /// The outcome of ``PolicyEvaluator/evaluate(action:resource:context:principal:)``.
    public enum Decision: Hashable, Sendable {
        case allow
        case deny(AccessDeniedDetail)

        public var isAllowed: Bool { self == .allow }
    }

    public var policies: [AttachedPolicy]

    public init(policies: [AttachedPolicy]) {
        self.policies = policies
    }

    /// Evaluates unnamed policies (named `policy-1`, `policy-2`, … in diagnostics).
    public init(policies: [Policy]) {
        self.policies = policies.enumerated().map { AttachedPolicy(name: "policy-\($0.offset + 1)", policy: $0.element) }
    }

    /// The ARN of everything in `accountID`'s ICE account, the resource Floe authorises every action on.
    public static func resource(accountID: String, region: String = "*") -> String {
        "acs:ice:\(region):\(accountID):*"
    }

    /// Decides whether `action` (`ice:StartWorkflow`) on `resource` is allowed in `context`.
    public func evaluate(
        action: String, resource: String, context: RequestContext, principal: Principal
    ) -> Decision {
        var allowedBy: (policy: String, statement: Int)?
        for attached in policies {
            for (index, statement) in attached.policy.statements.enumerated()
            where Self.matches(statement, action: action, resource: resource, context: context) {
                switch statement.effect {
                case .deny:
                    return .deny(AccessDeniedDetail(
                        authPrincipalOwnerId: principal.accountID,
                        authPrincipalType: principal.type,
                        authPrincipalDisplayName: principal.displayName,
                        noPermissionType: .explicitDeny,
                        authAction: action,
                        encodedDiagnosticMessage: "Denied by statement \(index) of policy \"\(attached.name)\"."))
                case .allow:
                    if allowedBy == nil { allowedBy = (attached.name, index) }
                }
            }
        }
        if allowedBy != nil { return .allow }
        return .deny(AccessDeniedDetail(
            authPrincipalOwnerId: principal.accountID,
            authPrincipalType: principal.type,
            authPrincipalDisplayName: principal.displayName,
            noPermissionType: .implicitDeny,
            authAction: action,
            encodedDiagnosticMessage: "No policy allows \(action) on \(resource)."))
    }

    private static func matches(
        _ statement: PolicyStatement, action: String, resource: String, context: RequestContext
    ) -> Bool {
        statement.actions.covers(action, caseInsensitive: true)
            && statement.resources.covers(resource, caseInsensitive: false)
            && statement.conditions.allSatisfy { $0.holds(in: context) }
    }
}
