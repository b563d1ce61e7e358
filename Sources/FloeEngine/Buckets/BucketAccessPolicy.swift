import FloeCore

/// Which buckets an account may use: its keys reach only those buckets' objects, its tasks read and write
/// only there, and its templates trigger only on files there. ``BucketDirectory`` answers from bucket
/// ownership.
public protocol BucketAccessPolicy: Sendable {
    /// True when `account` may use `bucket`.
    func mayUse(account: AccountID, bucket: String) async throws -> Bool
}

/// Every account may use every bucket: for tests of what is not about ownership.
public struct OpenBucketAccess: BucketAccessPolicy {
    public init() {}

    public func mayUse(account: AccountID, bucket: String) -> Bool { true }
}
