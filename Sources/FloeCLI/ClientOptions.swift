import ArgumentParser
import FloeClient
import Foundation

/// Options of the commands that talk to a server: which server, which AccessKey, and the output form.
struct ClientOptions: ParsableArguments {
    @Option(help: "The server, http://HOST:PORT (default: $FLOE_ENDPOINT, else the `floe serve` running on the data folder, else in-process).")
    var endpoint: String?

    @Option(name: .customLong("access-key-id"), help: "The AccessKey ID to sign with (default: $FLOE_ACCESS_KEY_ID, $ALIBABA_CLOUD_ACCESS_KEY_ID, else the data folder's credentials file).")
    var accessKeyID: String?

    @Option(name: .customLong("access-key-secret"), help: "The AccessKey secret (prefer $FLOE_ACCESS_KEY_SECRET: a command line is visible to other users).")
    var accessKeySecret: String?

    @Option(help: "The profile of the credentials file to use (default: default; naming one skips the environment).")
    var profile: String?

    @Option(help: "Seconds to wait for each answer from the server.")
    var timeout: Double = 30

    @Flag(help: "Print the server's raw JSON answer.")
    var json = false

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds") }
    }

    /// The endpoint named by `--endpoint` or `$FLOE_ENDPOINT`, if any.
    var explicitEndpoint: String? {
        let named = endpoint ?? ProcessInfo.processInfo.environment["FLOE_ENDPOINT"]
        guard let named = named?.trimmingCharacters(in: .whitespaces), !named.isEmpty else { return nil }
        return named
    }

    /// The credentials these options give, the credentials file `file` being the last resort.
    func credentials(file: URL) throws -> Credentials {
        try Credentials.load(accessKeyID: accessKeyID, accessKeySecret: accessKeySecret, profile: profile, file: file)
    }
}
