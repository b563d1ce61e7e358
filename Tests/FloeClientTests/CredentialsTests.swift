import FloeClient
import FloeTesting
import Foundation
import Testing

/// Where credentials come from, in order, and the credentials file's format.
@Suite struct CredentialsTests {
    let folder = TemporaryFolder("credentials")
    let file: URL

    init() throws {
        file = folder.appending(path: "credentials")
        try """
        # Floe root AccessKey of account 1000000000000001.
        ; a comment in the other style

        [default]
        access_key_id = LTAIfile0000000000000000
        access_key_secret = fileSecret
        user_id = 1000000000000001

        [ci]
          Access_Key_Id=LTAIci00000000000000000
        access_key_secret = "ci secret = with # and ;"
        """.write(to: file, atomically: true, encoding: .utf8)
    }

    let floeEnvironment = ["FLOE_ACCESS_KEY_ID": "LTAIenv00000000000000000", "FLOE_ACCESS_KEY_SECRET": "envSecret"]
    let alibabaEnvironment = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIali00000000000000000", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "aliSecret"]

    @Test func explicitValuesComeFirst() throws {
        let credentials = try Credentials.load(accessKeyID: "LTAIexplicit000000000000", accessKeySecret: "explicitSecret",
                                               environment: floeEnvironment, file: file)
        #expect(credentials.accessKeyID == "LTAIexplicit000000000000")
        #expect(credentials.accessKeySecret == "explicitSecret")
        #expect(credentials.source == .explicit)
    }

    @Test func thenFloesEnvironmentThenAlibabaCloudsThenTheFile() throws {
        let both = try Credentials.load(environment: floeEnvironment.merging(alibabaEnvironment) { $1 }, file: file)
        #expect(both.accessKeyID == "LTAIenv00000000000000000")
        #expect(both.source == .environment("FLOE_ACCESS_KEY_ID"))
        let alibaba = try Credentials.load(environment: alibabaEnvironment, file: file)
        #expect(alibaba.accessKeyID == "LTAIali00000000000000000")
        #expect(alibaba.accessKeySecret == "aliSecret")
        let fromFile = try Credentials.load(environment: [:], file: file)
        #expect(fromFile.accessKeyID == "LTAIfile0000000000000000")
        #expect(fromFile.accessKeySecret == "fileSecret")
        #expect(fromFile.source == .file(path: file.path, profile: "default"))
    }

    @Test func aNamedProfileIsReadFromTheFileEvenWithTheEnvironmentSet() throws {
        let credentials = try Credentials.load(profile: "ci", environment: floeEnvironment, file: file)
        #expect(credentials.accessKeyID == "LTAIci00000000000000000")
        #expect(credentials.accessKeySecret == "ci secret = with # and ;")
    }

    @Test func halfAPairIsAnError() throws {
        let explicit = try #require(throws: CredentialsError.self) {
            try Credentials.load(accessKeyID: "LTAIexplicit000000000000", environment: floeEnvironment, file: file)
        }
        #expect(explicit.code == .incomplete)
        let environment = try #require(throws: CredentialsError.self) {
            try Credentials.load(environment: ["FLOE_ACCESS_KEY_SECRET": "s"], file: file)
        }
        #expect(environment.code == .incomplete)
        #expect(environment.message == "$FLOE_ACCESS_KEY_SECRET is set but $FLOE_ACCESS_KEY_ID is not")
    }

    @Test func noFileNoProfileAndNoKeyAreClearErrors() throws {
        let missing = file.deletingLastPathComponent().appending(path: "nothing-here")
        let notFound = try #require(throws: CredentialsError.self) { try Credentials.load(environment: [:], file: missing) }
        #expect(notFound.code == .notFound)
        #expect(notFound.message.contains(missing.path))
        #expect(notFound.message.contains("floe serve"))

        let profile = try #require(throws: CredentialsError.self) { try Credentials.load(profile: "prod", environment: [:], file: file) }
        #expect(profile.code == .profileNotFound)
        #expect(profile.message == "no profile [prod] in \(file.path) (it has [default], [ci])")

        let partial = try CredentialsFile(parsing: "[default]\naccess_key_id = LTAIx\n", path: "creds")
        let missingKey = try #require(throws: CredentialsError.self) { try partial.credentials(profile: "default") }
        #expect(missingKey.code == .missingKey)
        #expect(missingKey.message == "profile [default] of creds has no access_key_secret")
    }

    @Test(arguments: [
        ("[default]\naccess_key_id LTAIx supersecret\n", 2),
        ("access_key_secret = supersecret\n[default]\n", 1),
        ("[default]\n[unclosed supersecret\n", 2),
        ("[default]\n = supersecret\n", 2),
    ])
    func malformedLinesAreNamedByNumberWithoutTheirText(_ text: String, _ line: Int) throws {
        let error = try #require(throws: CredentialsError.self) { try CredentialsFile(parsing: text, path: "creds") }
        #expect(error.code == .malformed)
        #expect(error.message.hasPrefix("line \(line) of creds"))
        #expect(!error.message.contains("supersecret"))
    }

    @Test func aSecretIsNeverInADescription() throws {
        let credentials = try Credentials.load(environment: [:], file: file)
        for text in [credentials.description, credentials.debugDescription, String(describing: credentials), "\(credentials)"] {
            #expect(!text.contains("fileSecret"))
            #expect(text.contains("LTAIfile0000000000000000"))
        }
    }
}
