import FloeAPI
import FloeCore
import Foundation

extension FloeApplication {
    /// The file the first root AccessKey is written to (`<data>/credentials`, mode 0600).
    public var credentialsFile: URL { configuration.dataDirectory.appending(path: "credentials") }

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
        let partial = file.deletingLastPathComponent().appending(path: ".\(file.lastPathComponent).\(UUID().uuidString)")
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw FloeError(.storage, "cannot write \(partial.path): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(partial.path, file.path) == 0 else {
            unlink(partial.path)
            throw FloeError(.storage, "cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
    }
}

