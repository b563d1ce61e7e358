import FloeApp
import FloeCore
import FloeTesting
import Foundation
import Testing

@Suite struct KeysTests {
    @Test func theFirstStartWritesARootKeyReadableByItsOwnerOnly() async throws {
        let harness = try await AppHarness()
        let app = harness.app
        let file = try #require(try await app.ensureRootKey())
        var info = stat()
        #expect(stat(file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let text = try String(contentsOf: file, encoding: .utf8)
        let fields = Dictionary(uniqueKeysWithValues: text.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        })
        let id = try #require(fields["access_key_id"])
        let credential = try #require(await app.keyRing.credential(for: id))
        #expect(fields["access_key_secret"] == credential.secret)
        #expect(fields["user_id"] == app.localAccount.rawValue)
        #expect(credential.key.isRoot)
        #expect(try await app.ensureRootKey() == nil, "made once")
        let keyFile = app.configuration.secretKeyFile
        #expect(stat(keyFile.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(!(try String(contentsOf: app.configuration.databaseFile, encoding: .isoLatin1)).contains(credential.secret),
                "the database never holds a secret in the clear")
    }

    @Test func keysCommandsMakeListDisableAndDelete() async throws {
        let cli = CommandLineTests()
        let data = cli.dataDirectory()
        let policy = cli.folder.appending(path: "policy.json")
        try #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ice:GetWorkflowTask","Resource":"*"}]}"#
            .write(to: policy, atomically: true, encoding: .utf8)
        let made = try await cli.floe(["keys", "create", "--data-dir", data, "--policy", policy.path, "--description", "reader"])
        #expect(made.status == 0, "\(made.output)")
        let id = try #require(made.output.split(separator: "\n").first { $0.hasPrefix("AccessKeyId") }?.split(separator: " ").last.map(String.init))
        #expect(made.output.contains("Type             RAM"))

        let other = try await cli.floe(["keys", "create", "--data-dir", data, "--new-account"])
        #expect(other.output.contains("Type             root"))

        var listed = try await cli.floe(["keys", "list", "--data-dir", data])
        #expect(listed.output.contains(id))
        #expect(listed.output.contains("reader"))
        #expect(!listed.output.contains("AccessKeySecret"))
        #expect(listed.output.split(separator: "\n").count == 2)

        #expect(try await cli.floe(["keys", "disable", "--data-dir", data, id]).status == 0)
        listed = try await cli.floe(["keys", "list", "--data-dir", data])
        #expect(listed.output.contains("Inactive"))
        #expect(try await cli.floe(["keys", "delete", "--data-dir", data, id]).status == 0)
        let again = try await cli.floe(["keys", "delete", "--data-dir", data, id])
        #expect(again.status != 0)
        #expect(again.output.contains("no AccessKey \(id)"))

        let bad = try await cli.floe(["keys", "create", "--data-dir", data, "--root", "--policy", policy.path])
        #expect(bad.status != 0)
        let badPolicy = cli.folder.appending(path: "bad-policy.json")
        try #"{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}"#.write(to: badPolicy, atomically: true, encoding: .utf8)
        let refused = try await cli.floe(["keys", "create", "--data-dir", data, "--policy", badPolicy.path])
        #expect(refused.status != 0)
        #expect(refused.output.contains("Effect"))
    }
}
