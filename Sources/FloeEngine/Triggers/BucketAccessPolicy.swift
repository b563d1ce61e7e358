import FloeCore

/// Which buckets an account's templates may bind: a template triggers only on files in buckets its account
/// may use.
///
/// The seam for buckets that belong to accounts (the embedded S3 server): give ``Trigger`` a policy that
/// answers from bucket ownership.
public protocol BucketAccessPolicy: Sendable {
    /// True when templates of `account` may start tasks on files in `bucket`.
    func mayTrigger(account: AccountID, bucket: String) -> Bool
}

/// The single-tenant embedded mode: local buckets have no owner, so any account's template may bind any bucket.
public struct OpenBucketAccess: BucketAccessPolicy {
    public init() {}

    public func mayTrigger(account: AccountID, bucket: String) -> Bool { true }
}
