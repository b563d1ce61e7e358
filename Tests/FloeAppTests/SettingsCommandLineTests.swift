import FloeTesting
import Foundation
import Testing

/// Settings from the environment and a configuration file: a flag beats `FLOE_<KEY>`, which beats the file,
/// which beats the default; bad values and unknown keys stop the command with a message naming their source.
@Suite struct SettingsCommandLineTests {
    let cli = CommandLineTests()

    func configFile(_ text: String) throws -> String {
        let file = cli.folder.appending(path: "config-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func badSettingsAreRefusedWithTheirSource() async throws {
        let data = cli.dataDirectory()
        let unknown = try await cli.floe(["serve", "--config", try configFile("data-dir: \(data)\nslotz: 3\n")])
        #expect(unknown.status != 0 && unknown.output.contains("'slotz' is not a setting"), "\(unknown.output)")
        let nested = try await cli.floe(["serve", "--config", try configFile("data-dir: {a: 1}\n")])
        #expect(nested.status != 0 && nested.output.contains("data-dir: a value or a list of values"), "\(nested.output)")
        let notANumber = try await cli.floe(["serve", "--data-dir", data], environment: ["FLOE_SLOTS": "many"])
        #expect(notANumber.status != 0 && notANumber.output.contains("$FLOE_SLOTS: 'many' is not a valid value"), "\(notANumber.output)")
        let badHardware = try await cli.floe(["serve", "--data-dir", data], environment: ["FLOE_HARDWARE": "maybe"])
        #expect(badHardware.status != 0 && badHardware.output.contains("$FLOE_HARDWARE: 'maybe' is not a valid value"), "\(badHardware.output)")
        let noHardware = try await cli.floe(["workers", "--config", try configFile("data-dir: \(data)\nhardware: false\n")])
        #expect(noHardware.status == 0, "hardware is a setting: \(noHardware.output)")
        let noHardwareFlag = try await cli.floe(["workers", "--data-dir", data, "--no-hardware"])
        #expect(noHardwareFlag.status == 0, "\(noHardwareFlag.output)")
        let config = try configFile("data-dir: \(data)\nslots: 0\n")
        let fromFile = try await cli.floe(["serve", "--roles", "worker"], environment: ["FLOE_CONFIG": config])
        #expect(fromFile.status != 0 && fromFile.output.contains("--roles worker needs --slots of at least 1"), "\(fromFile.output)")
        let badRoles = try await cli.floe(["serve", "--config", try configFile("data-dir: \(data)\nroles: [api, cron]\n")])
        #expect(badRoles.status != 0 && badRoles.output.contains(": roles: 'cron' is not a role"), "\(badRoles.output)")
        // The file's s3- settings reach the S3 backend as the FLOE_S3_ variables they stand for.
        let noEndpoint = try await cli.floe(["serve", "--config", try configFile("data-dir: \(data)\ns3-buckets: [media]\n")])
        #expect(noEndpoint.status != 0 && noEndpoint.output.contains("FLOE_S3_ENDPOINT must be set when FLOE_S3_BUCKETS names buckets"),
                "\(noEndpoint.output)")
        let badEndpoint = try await cli.floe(["serve", "--config", try configFile("""
            data-dir: \(data)
            s3-buckets: [media]
            s3-endpoint: ftp://storage.internal
            s3-access-key-id: floe
            s3-secret-access-key: secret
            """)])
        #expect(badEndpoint.status != 0 && badEndpoint.output.contains("the S3 endpoint must be http(s)://host[:port]"),
                "\(badEndpoint.output)")
        #expect(!badEndpoint.output.contains("secret"), "the secret is never shown")
        let retention = try await cli.floe(["serve", "--data-dir", data, "--callback-retention", "100000"])
        #expect(retention.status != 0 && retention.output.contains("--callback-retention must be between 0 (for ever) and 87600 hours"),
                "\(retention.output)")
        let missing = try await cli.floe(["serve", "--config", "/no/such/floe.yaml"])
        #expect(missing.status != 0 && missing.output.contains("cannot read the configuration file /no/such/floe.yaml"), "\(missing.output)")
    }

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheFile() async throws {
        let data = cli.folder.appending(path: "data", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // The file alone would fail (port 70000); the environment overrides it, and a flag the environment.
        let config = try configFile("""
            data-dir: \(data.path)
            port: 70000
            slots: 3
            roles: [api, worker]
            callback-allow:
              - 127.0.0.0/8
              - 10.0.0.0/8
            """)
        let fileOnly = try await cli.floe(["serve", "--config", config])
        #expect(fileOnly.status != 0 && fileOnly.output.contains("--port must be between 0 and 65535"), "\(fileOnly.output)")

        let log = data.appending(path: "serve.log")
        let server = try FloeProcess(["serve", "--config", config, "--slots", "4"],
                                     log: log, environment: ["FLOE_PORT": "0", "FLOE_SLOTS": "5"])
        try await eventually("floe serve listens", timeout: .seconds(60)) { server.logText.contains("API listening") }
        #expect(server.logText.contains("data=\(data.path)"), "data-dir from the file: \(server.logText)")
        #expect(server.logText.contains("roles=api,worker slots=4"), "roles from the file, slots from the flag: \(server.logText)")
        #expect(!server.logText.contains("port=70000") && !server.logText.contains("port=8080"), "the port from the environment (0: any)")
        try await server.terminate()
    }
}
