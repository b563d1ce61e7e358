import FloeCore
import FloeEngine
import Foundation

/// Access keys with their secrets: makes keys (the secret sealed at rest with a ``SecretBox``, bound to the
/// key's id) and opens a key's secret to verify a request's signature. A secret is returned once, when its
/// key is made, and never logged.
public struct KeyRing: Sendable {
    let store: any WorkflowStore
    let box: SecretBox

    public init(store: any WorkflowStore, box: SecretBox) {
        self.store = store
        self.box = box
    }

    /// A key and its secret in plain text.
    public struct Credential: Sendable {
        public var key: AccessKey
        public var secret: String
    }

    /// Makes a key for `accountID`. The account must exist. `policy` is a RAM policy document; a root key
    /// takes none.
    public func createKey(accountID: AccountID, isRoot: Bool, policy: String? = nil, description: String? = nil,
                          now: Date) async throws -> Credential {
        if let policy {
            _ = try Policy(jsonText: policy)
        }
        let secret = Self.randomSecret()
        let id = AccessKey.randomID()
        let key = AccessKey(id: id, accountID: accountID, sealedSecret: try box.seal(secret, context: id), isRoot: isRoot,
                            policy: isRoot ? nil : policy, description: description, createTime: now)
        try await store.createAccessKey(key)
        return Credential(key: key, secret: secret)
    }

    /// The key `id` with its secret, or `nil` when there is no such key. A secret that does not open (a
    /// different key file) is an error, not a missing key.
    public func credential(for id: String) async throws -> Credential? {
        guard AccessKey.isValidID(id), let key = try await store.accessKey(id) else { return nil }
        return Credential(key: key, secret: try box.open(key.sealedSecret, context: key.id))
    }

    /// 30 characters of `A-Z`, `a-z` and `0-9` from the system's secure generator.
    static func randomSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<30).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
