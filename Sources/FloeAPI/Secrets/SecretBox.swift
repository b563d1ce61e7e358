import Crypto
import FloeCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Encrypts short secrets (AccessKey secrets) for storage with AES-256-GCM, under a key kept in a file.
///
/// Sealed text is `v1:` followed by the Base64 of nonce ‖ ciphertext ‖ tag. An optional `context`
/// (for example the AccessKey ID) is authenticated with it, so a sealed secret copied to another row
/// does not open there. The key and the plaintexts never appear in an error or a description.
public struct SecretBox: Sendable {
    private static let prefix = "v1:"
    private let key: SymmetricKey

    /// Uses `key` (it must be 256 bits).
    ///
    /// - Throws: ``SecretBoxError`` `invalidKey` for a key of another size.
    public init(key: SymmetricKey) throws(SecretBoxError) {
        guard key.bitCount == 256 else { throw SecretBoxError(.invalidKey, "the key must be 256 bits") }
        self.key = key
    }

    /// Loads the key from `keyFile` (Base64 of 32 bytes), creating the file first when it does not exist:
    /// a fresh random key written to a temporary file with mode 0600, then linked into place, so a reader
    /// never sees a partial file and two processes starting at once end up with the same key.
    ///
    /// - Throws: ``SecretBoxError`` `keyFile` when the file cannot be read or written, `invalidKey`
    ///   when it does not hold a 256-bit key.
    public static func loadOrCreate(keyFile: URL) throws(SecretBoxError) -> SecretBox {
        if !FileManager.default.fileExists(atPath: keyFile.path) {
            try createKeyFile(at: keyFile)
        }
        return try load(keyFile: keyFile)
    }

    /// Loads the key from an existing `keyFile`.
    public static func load(keyFile: URL) throws(SecretBoxError) -> SecretBox {
        let contents: Data
        do {
            contents = try Data(contentsOf: keyFile)
        } catch {
            throw SecretBoxError(.keyFile, "cannot read the key file \(keyFile.path)")
        }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
            throw SecretBoxError(.invalidKey, "the key file \(keyFile.path) does not hold a Base64 256-bit key")
        }
        return try SecretBox(key: SymmetricKey(data: bytes))
    }

    /// Encrypts `plaintext`, binding it to `context`; returns text safe to store.
    public func seal(_ plaintext: String, context: String = "") throws(SecretBoxError) -> String {
        do {
            let box = try AES.GCM.seal(Array(plaintext.utf8), using: key, authenticating: Array(context.utf8))
            guard let combined = box.combined else { throw SecretBoxError(.sealFailed, "AES-GCM produced no output") }
            return Self.prefix + combined.base64EncodedString()
        } catch let error as SecretBoxError {
            throw error
        } catch {
            throw SecretBoxError(.sealFailed, "AES-GCM encryption failed")
        }
    }

    /// Decrypts text made by ``seal(_:context:)`` with the same key and context.
    ///
    /// - Throws: ``SecretBoxError`` `malformed` for text that is not sealed text, `authenticationFailed`
    ///   for another key, another context or tampered text.
    public func open(_ sealed: String, context: String = "") throws(SecretBoxError) -> String {
        guard sealed.hasPrefix(Self.prefix),
              let combined = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
              combined.count >= 12 + 16
        else { throw SecretBoxError(.malformed, "the sealed secret is not in the v1 format") }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            plaintext = try AES.GCM.open(box, using: key, authenticating: Array(context.utf8))
        } catch {
            throw SecretBoxError(.authenticationFailed,
                                 "the sealed secret does not open with this key (wrong key, wrong context or tampered)")
        }
        guard let text = String(data: plaintext, encoding: .utf8) else {
            throw SecretBoxError(.malformed, "the sealed secret is not UTF-8 text")
        }
        return text
    }

    private static func createKeyFile(at keyFile: URL) throws(SecretBoxError) {
        let directory = keyFile.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(keyFile.lastPathComponent).\(UUID().uuidString).tmp")
        let keyText = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        let descriptor = Glibc_open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SecretBoxError(.keyFile, "cannot create a key file in \(directory.path) (errno \(errno))")
        }
        defer { unlink(temporary.path) }
        let bytes = Array(keyText.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0 else {
            throw SecretBoxError(.keyFile, "cannot write the key file \(keyFile.path)")
        }
        // link(2) fails if the key file appeared meanwhile: then the other process's key is the one to use.
        if link(temporary.path, keyFile.path) != 0, errno != EEXIST {
            throw SecretBoxError(.keyFile, "cannot create the key file \(keyFile.path) (errno \(errno))")
        }
    }
}

/// `open(2)` under a name that does not collide with ``SecretBox/open(_:context:)``.
private func Glibc_open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

/// Why a secret could not be sealed or opened, or the key not loaded. Never contains key material or a
/// plaintext.
public struct SecretBoxError: CodedError {
    public typealias Code = ErrorCode<SecretBoxError>

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension ErrorCode where Domain == SecretBoxError {
    /// The key file cannot be read or created.
    public static var keyFile: Self { Self("KeyFile") }
    /// The key is not a 256-bit key.
    public static var invalidKey: Self { Self("InvalidKey") }
    /// Text that is not sealed text.
    public static var malformed: Self { Self("MalformedSealedSecret") }
    /// Sealed text that does not authenticate: another key, another context, or tampered.
    public static var authenticationFailed: Self { Self("AuthenticationFailed") }
    /// Encryption failed.
    public static var sealFailed: Self { Self("SealFailed") }
}
