import Crypto
@testable import FloeAPI
import FloeTesting
import Foundation
import Testing

@Suite("SecretBox")
struct SecretBoxTests {
    @Test("a sealed secret opens to the same text; sealing twice gives different text")
    func roundTrip() throws {
        let box = try SecretBox(key: SymmetricKey(size: .bits256))
        for secret in ["testSecret", "", "ünïcødé secret with spaces", String(repeating: "x", count: 200)] {
            let sealed = try box.seal(secret)
            #expect(sealed.hasPrefix("v1:"))
            #expect(!sealed.contains(secret) || secret.isEmpty)
            #expect(try box.open(sealed) == secret)
        }
        #expect(try box.seal("a") != (try box.seal("a")))
    }

    @Test("another key, another context or tampered text does not open")
    func failures() throws {
        let box = try SecretBox(key: SymmetricKey(size: .bits256))
        let other = try SecretBox(key: SymmetricKey(size: .bits256))
        let sealed = try box.seal("testSecret", context: "LTAIkey1")
        #expect(try box.open(sealed, context: "LTAIkey1") == "testSecret")
        #expect(throws: SecretBoxError.self) { try other.open(sealed, context: "LTAIkey1") }
        #expect(throws: SecretBoxError.self) { try box.open(sealed, context: "LTAIkey2") }
        #expect(throws: SecretBoxError.self) { try box.open(sealed) }

        var bytes = Array(Data(base64Encoded: String(sealed.dropFirst(3)))!)
        for index in [0, 12, bytes.count - 1] {
            let original = bytes[index]
            bytes[index] ^= 0x01
            let tampered = "v1:" + Data(bytes).base64EncodedString()
            do {
                _ = try box.open(tampered, context: "LTAIkey1")
                Issue.record("tampered byte \(index) opened")
            } catch {
                #expect(error.code == .authenticationFailed)
                #expect(!error.message.contains("testSecret"))
            }
            bytes[index] = original
        }
        for malformed in ["", "testSecret", "v1:", "v1:!!!", "v2:" + sealed.dropFirst(3), "v1:AAAA"] {
            #expect(throws: SecretBoxError.self) { try box.open(malformed, context: "LTAIkey1") }
        }
    }

    @Test("only 256-bit keys")
    func keySize() {
        #expect(throws: SecretBoxError.self) { try SecretBox(key: SymmetricKey(size: .bits128)) }
    }

    @Test("the key file is created once with mode 0600 and reused")
    func keyFile() throws {
        let folder = TemporaryFolder("secretbox")
        let directory = folder.url
        let keyFile = directory.appendingPathComponent("secret.key")
        let first = try SecretBox.loadOrCreate(keyFile: keyFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let contents = try String(contentsOf: keyFile, encoding: .utf8)
        #expect(Data(base64Encoded: contents.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.key"])

        let sealed = try first.seal("s3cret")
        let again = try SecretBox.loadOrCreate(keyFile: keyFile)
        #expect(try again.open(sealed) == "s3cret")
        #expect(try String(contentsOf: keyFile, encoding: .utf8) == contents)

        let elsewhere = try SecretBox.loadOrCreate(keyFile: directory.appendingPathComponent("other.key"))
        #expect(throws: SecretBoxError.self) { try elsewhere.open(sealed) }
    }

    @Test("a key file that does not hold a key, or cannot be created, is an error")
    func badKeyFile() throws {
        let folder = TemporaryFolder("secretbox")
        let directory = folder.url
        let keyFile = directory.appendingPathComponent("bad.key")
        try Data("not a key\n".utf8).write(to: keyFile)
        #expect {
            try SecretBox.loadOrCreate(keyFile: keyFile)
        } throws: { error in
            (error as? SecretBoxError)?.code == .invalidKey
        }
        #expect {
            try SecretBox.loadOrCreate(keyFile: directory.appendingPathComponent("missing/dir/k.key"))
        } throws: { error in
            (error as? SecretBoxError)?.code == .keyFile
        }
    }

    @Test("concurrent creators agree on one key")
    func concurrentCreation() async throws {
        let folder = TemporaryFolder("secretbox")
        let directory = folder.url
        let keyFile = directory.appendingPathComponent("k.key")
        let sealed = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try SecretBox.loadOrCreate(keyFile: keyFile).seal("same") }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        let box = try SecretBox.load(keyFile: keyFile)
        for text in sealed { #expect(try box.open(text) == "same") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["k.key"])
    }
}
