import FloeCore
import Foundation

/// Who owns each bucket, the one answer to "may this account use that bucket?".
///
/// A bucket made through the S3 endpoint (CreateBucket) is its maker's: a ``Bucket`` in the store. The
/// server's own buckets, the ones its configuration names and the folders of its local storage, that no
/// account made, belong to the local account (the data folder's first, whose root key `floe serve` writes).
/// Any other name is no one's: it does not exist, and only the local account may name it (``mayUse(account:bucket:)``).
/// Every bucket check in Floe (S3 requests, task inputs, registered files, template locations, triggers) goes
/// through ``owner(of:)``.
public struct BucketDirectory: BucketAccessPolicy {
    /// Where made buckets are kept.
    public let store: any WorkflowStore
    /// The owner of the server's own buckets.
    public let localAccount: AccountID
    let serverBuckets: @Sendable () -> [String: Date]
    let isServerBucketName: @Sendable (String) -> Bool
    let removeStorage: @Sendable (String) async throws -> Void

    /// - Parameters:
    ///   - serverBuckets: the server's own buckets, each with the time it was made, read whenever they are listed
    ///     (a folder made in local storage becomes a bucket at once).
    ///   - isServerBucket: whether one name is among `serverBuckets`, asked on every check (every request that
    ///     names a bucket), so it should not list them all; by default it does.
    ///   - removeStorage: removes what is left of a deleted bucket in storage (its empty local folder), so
    ///     that it does not live on as a server bucket.
    public init(store: any WorkflowStore, localAccount: AccountID, serverBuckets: @escaping @Sendable () -> [String: Date],
                isServerBucket: (@Sendable (String) -> Bool)? = nil,
                removeStorage: @escaping @Sendable (String) async throws -> Void = { _ in }) {
        self.store = store
        self.localAccount = localAccount
        self.serverBuckets = serverBuckets
        self.isServerBucketName = isServerBucket ?? { serverBuckets()[$0] != nil }
        self.removeStorage = removeStorage
    }

    /// The account that owns `bucket`; `nil` when the bucket does not exist.
    public func owner(of bucket: String) async throws -> AccountID? {
        if let made = try await store.bucket(named: bucket) { return made.accountID }
        return isServerBucketName(bucket) ? localAccount : nil
    }

    /// True when `account` owns `bucket`, or when `account` is the local account and no account owns it: the
    /// operator's account may name a bucket before its first file lands (local buckets are folders, made on
    /// first write); any other account uses only the buckets it made.
    public func mayUse(account: AccountID, bucket: String) async throws -> Bool {
        switch try await owner(of: bucket) {
        case let owner?: owner == account
        case nil: account == localAccount
        }
    }

    /// True when `bucket` is one of the server's own buckets, which no account made and none can delete.
    public func isServerBucket(_ bucket: String) async throws -> Bool {
        try await store.bucket(named: bucket) == nil && isServerBucketName(bucket)
    }

    /// The buckets `account` owns, by name.
    public func buckets(of account: AccountID) async throws -> [Bucket] {
        var owned = try await store.buckets(of: account)
        if account == localAccount {
            for (name, created) in serverBuckets() where try await store.bucket(named: name) == nil {
                owned.append(Bucket(name: name, accountID: account, createTime: created))
            }
        }
        return owned.sorted { $0.name < $1.name }
    }

    /// What ``create(_:account:now:)`` did.
    public enum Creation: Sendable, Equatable {
        /// The bucket is new, and `account`'s.
        case created
        /// `account` already owned it.
        case alreadyOwned
        /// Another account owns it.
        case takenByAnother
    }

    /// Makes `name` a bucket of `account`. Throws ``FloeError/Code/invalidLocation`` for a name that is no
    /// bucket name.
    public func create(_ name: String, account: AccountID, now: Date) async throws -> Creation {
        try StorageLocation.validate(bucket: name)
        if let owner = try await owner(of: name) { return owner == account ? .alreadyOwned : .takenByAnother }
        do {
            try await store.createBucket(Bucket(name: name, accountID: account, createTime: now))
            return .created
        } catch let error as FloeError where error.code == .conflict {
            // Made by someone else at the same moment.
            return try await owner(of: name) == account ? .alreadyOwned : .takenByAnother
        }
    }

    /// Deletes `name`, a bucket an account made, and what is left of it in storage; the caller checks that it
    /// holds no object. Throws ``FloeError/Code/conflict`` for a server bucket, which is configuration.
    public func delete(_ name: String) async throws {
        guard try await !isServerBucket(name) else {
            throw FloeError.conflict("bucket \(name) is one of the server's own buckets; it cannot be deleted")
        }
        try await removeStorage(name)
        _ = try await store.deleteBucket(named: name)
    }
}
