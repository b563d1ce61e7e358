import Foundation

/// A bucket made through the S3 endpoint (CreateBucket): its name and the account that owns it. Only the
/// owner's keys reach its objects, and only the owner's templates bind it.
public struct Bucket: Hashable, Sendable {
    public var name: String
    public var accountID: AccountID
    public var createTime: Date

    public init(name: String, accountID: AccountID, createTime: Date) {
        self.name = name
        self.accountID = accountID
        self.createTime = createTime
    }
}
