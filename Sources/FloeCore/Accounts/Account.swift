import Foundation

/// An account as stored: its id and when it was made.
public struct Account: Hashable, Sendable {
    public var id: AccountID
    public var createTime: Date

    public init(id: AccountID, createTime: Date) {
        self.id = id
        self.createTime = createTime
    }
}
