import ArgumentParser
import FloeApp
import FloeClient
import FloeCore
import Foundation

/// A client command's connection to a server, and what it knows of it.
///
/// Every client command goes through ``run(_:_:_:)``, which picks the transport:
/// 1. `--endpoint` or `$FLOE_ENDPOINT`: HTTP to it;
/// 2. else `<data>/server.json` of a `floe serve` that is alive: HTTP to it (a file left by a killed server is
///    ignored);
/// 3. else in-process: the data folder's application and RPC endpoint in this process, signed with the local
///    account's root key (made, with the credentials file, if the folder has no key yet).
///
/// The requests are the same signed RPC requests either way.
struct ClientSession {
    let client: RPCClient
    /// `--json`: print raw answers.
    let json: Bool
    /// The data folder whose local buckets hold the server's files, when the server is known to use it
    /// (in-process, or the `floe serve` of server.json); `nil` for an endpoint named explicitly.
    let localDataDirectory: URL?
    /// Whether requests go to an endpoint in this process (no server runs on the data folder).
    var isInProcess = false

    /// Runs `body` with a session to the server the options choose. A server's error is printed as
    /// `Code: Message (RequestId …)` on standard error, and the command exits with status 1.
    static func run<Result>(
        _ clientOptions: ClientOptions, _ options: GlobalOptions, _ body: (ClientSession) async throws -> Result
    ) async throws -> Result {
        do {
            return try await connect(clientOptions, options, body)
        } catch let error as RPCClientError {
            printError(error.description)
            throw ExitCode.failure
        } catch let error as CredentialsError {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        }
    }

    private static func connect<Result>(
        _ clientOptions: ClientOptions, _ options: GlobalOptions, _ body: (ClientSession) async throws -> Result
    ) async throws -> Result {
        let configuration = try options.configuration()
        let data = configuration.dataDirectory
        let timeout = Duration.milliseconds(Int64(clientOptions.timeout * 1000))
        if let endpoint = clientOptions.explicitEndpoint ?? ServerFile.live(in: data)?.endpoint {
            let isLocal = clientOptions.explicitEndpoint == nil
            return try await HTTPRPCTransport.with(endpoint: endpoint, timeout: timeout) { transport in
                let credentials = try clientOptions.credentials(file: configuration.credentialsFile)
                return try await body(ClientSession(client: RPCClient(transport: transport, credentials: credentials),
                                                    json: clientOptions.json, localDataDirectory: isLocal ? data : nil))
            }
        }
        let app = try await FloeApplication(configuration: configuration)
        _ = try await app.ensureRootKey()
        let credentials = try clientOptions.credentials(file: app.credentialsFile)
        return try await body(inProcess(app, credentials: credentials, json: clientOptions.json, logger: options))
    }

    /// A session to `app`'s endpoint in this process, signing with `credentials`.
    static func inProcess(_ app: FloeApplication, credentials: Credentials, json: Bool, logger options: GlobalOptions) -> ClientSession {
        let transport = EndpointRPCTransport(endpoint: app.rpcEndpoint(logger: options.logger("floe", fallback: .error)))
        return ClientSession(client: RPCClient(transport: transport, credentials: credentials), json: json,
                             localDataDirectory: app.configuration.dataDirectory, isInProcess: true)
    }

    /// Calls `action`; with `--json`, prints the raw answer.
    @discardableResult
    func call(_ action: String, _ parameters: [String: String] = [:], printJSON: Bool = true) async throws -> [String: JSONValue] {
        let answer = try await client.call(action, parameters)
        if json && printJSON { print(JSONValue.object(answer).jsonText) }
        return answer
    }

    /// The string member `name` of `answer`.
    ///
    /// - Throws: ``RPCClientError`` `invalidResponse` when it is missing.
    func member(_ name: String, of answer: [String: JSONValue]) throws(RPCClientError) -> String {
        guard let value = answer[name]?.stringValue, !value.isEmpty else {
            throw RPCClientError(kind: .invalidResponse, code: RPCClientError.TransportCode.invalidResponse,
                                 message: "\(client.transport.endpointDescription) answered without \(name)")
        }
        return value
    }

    /// The local file of `url` (`oss://bucket/key`) when the server's buckets are this data folder's and the
    /// file is there.
    func localPath(of url: String) -> String? {
        guard let data = localDataDirectory, let location = try? StorageLocation(parsing: url), !location.key.isEmpty else { return nil }
        let path = data.appending(path: "storage/\(location.bucket)/\(location.key)").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Says on standard error, in-process, that nothing will move until a server runs.
    func warnIfNothingRuns(_ what: String) {
        if isInProcess {
            Self.printError("No `floe serve` runs on this data folder: \(what) waits for one (or use `floe run`).")
        }
    }

    /// Writes `text` and a newline to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
