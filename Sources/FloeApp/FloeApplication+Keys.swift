import FloeAPI
import FloeClient
import FloeCore
import Foundation

extension FloeApplication {
    /// The file the first root AccessKey is written to (`<data>/credentials`, mode 0600).
    public var credentialsFile: URL { configuration.credentialsFile }

    /// Makes the local account's root AccessKey when it has no key yet, and writes it to
    /// ``credentialsFile``. Returns the file when it made one; `nil` when the account already had a key.
    public func ensureRootKey(now: Date = Date()) async throws -> URL? {
        guard try await store.accessKeys(of: localAccount).isEmpty else { return nil }
        let credential = try await keyRing.createKey(accountID: localAccount, isRoot: true,
                                                     description: "root key made on first start", now: now)
        try Self.writeCredentials(credential, to: credentialsFile, now: now)
        return credentialsFile
    }

    /// Writes `credential` as an INI profile, readable by its owner only, atomically.
    static func writeCredentials(_ credential: KeyRing.Credential, to file: URL, now: Date) throws {
        let text = """
        # Floe root AccessKey of account \(credential.key.accountID), made \(WireTime.string(now)).
        # Anyone with this file can do anything in that account: keep it secret.
        [default]
        access_key_id = \(credential.key.id)
        access_key_secret = \(credential.secret)
        user_id = \(credential.key.accountID)

        """
        try PrivateFile.save(text, to: file)
    }
}

