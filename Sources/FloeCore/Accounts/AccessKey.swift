import Foundation

/// An access key of an account, as stored: the AccessKeyId, its sealed secret and what it may do.
///
/// The secret is sealed (encrypted) by the caller before it reaches the store; the store never sees a plain
/// secret. The policy is kept as text and interpreted by the API layer.
public struct AccessKey: Hashable, Sendable {
    /// Whether a key may be used.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case active = "Active"
        case inactive = "Inactive"
    }

    /// The AccessKeyId: `LTAI` and 20 characters of `[A-Za-z0-9]`.
    public var id: String
    public var accountID: AccountID
    /// The secret, already encrypted by the caller.
    public var sealedSecret: String
    /// A root key may do everything in its account; its policy is not consulted.
    public var isRoot: Bool
    /// A RAM policy document (JSON), kept as text.
    public var policy: String?
    public var status: Status
    public var description: String?
    public var createTime: Date

    public init(id: String = AccessKey.randomID(), accountID: AccountID, sealedSecret: String, isRoot: Bool,
                policy: String? = nil, status: Status = .active, description: String? = nil, createTime: Date) {
        self.id = id
        self.accountID = accountID
        self.sealedSecret = sealedSecret
        self.isRoot = isRoot
        self.policy = policy
        self.status = status
        self.description = description
        self.createTime = createTime
    }

    static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A new random AccessKeyId: `LTAI` and 20 random characters of `[A-Za-z0-9]`.
    public static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "LTAI" + String((0..<20).map { _ in idAlphabet.randomElement(using: &generator)! })
    }

    /// True when `value` has the shape of an AccessKeyId: `LTAI` and 20 characters of `[A-Za-z0-9]`.
    public static func isValidID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 24, value.hasPrefix("LTAI") else { return false }
        return bytes.dropFirst(4).allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }
}
