import FloeCore
import Foundation

/// Who made an authenticated request, and when it is being handled.
public struct Caller: Sendable {
    /// The account every action of this request acts in.
    public var accountID: AccountID
    /// The AccessKey ID that signed the request.
    public var accessKeyID: String
    /// The server's clock when the request arrived.
    public var now: Date

    /// The caller of a request authenticated with `accessKeyID`, acting in `accountID`.
    public init(accountID: AccountID, accessKeyID: String, now: Date) {
        self.accountID = accountID
        self.accessKeyID = accessKeyID
        self.now = now
    }
}
