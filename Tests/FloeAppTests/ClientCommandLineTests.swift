import FloeClient
import FloeCore
import FloeTesting
import Foundation
import Testing

/// The client commands (`floe start`, `floe tasks …`) as a user runs them: against a `floe serve` found through
/// its server.json, against an endpoint named explicitly, and in-process when no server runs.
@Suite struct ClientCommandLineTests {
    let cli = CommandLineTests()

    /// A `floe serve --port 0` on a data folder, found through the server.json it writes.
    final class Serve {
        let server: FloeProcess
        let data: String
        let file: ServerFile
        let log: URL

        init(data: String, slots: Int = 2) async throws {
            self.data = data
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            log = URL(filePath: data).appending(path: "serve.log")
            server = try FloeProcess(["serve", "--port", "0", "--data-dir", data, "--slots", String(slots), "--heartbeat", "0.3", "--lease", "3"], log: log)
            let folder = URL(filePath: data)
            try await eventually("floe serve writes server.json", timeout: .seconds(60)) { ServerFile.live(in: folder) != nil }
            file = try #require(ServerFile.live(in: folder))
        }

        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// The root key `floe serve` wrote on its first start.
        var credentials: Credentials {
            get throws { try CredentialsFile.load(URL(filePath: data).appending(path: "credentials")).credentials(profile: "default") }
        }

        /// Stops the server with SIGTERM and waits for it to exit.
        func stop() async throws {
            try await server.terminate()
        }
    }

    /// Puts a 1-second clip at `oss://uploads/clip.mp4` of the data folder.
    func dropClip(into data: String) async throws {
        let clip = try await MediaFixtures.clip(seconds: 1)
        let folder = URL(filePath: data).appending(path: "storage/uploads", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: clip, to: folder.appending(path: "clip.mp4"))
    }

    /// The TaskId that `floe start` printed.
    func taskID(_ result: CommandLineTests.Result) throws -> String {
        let line = try #require(result.output.split(separator: "\n").first { TaskID.isValid(String($0)) }, "\(result.output)")
        return String(line)
    }

    @Test func serveWritesServerJSONWhileListeningAndRemovesItOnSIGTERM() async throws {
        let data = cli.dataDirectory()
        let serve = try await Serve(data: data, slots: 0)
        #expect(serve.file.pid == serve.server.process.processIdentifier)
        let port = try #require(serve.file.endpoint.split(separator: ":").last.flatMap { Int($0) })
        #expect(serve.file.endpoint == "http://127.0.0.1:\(port)")
        #expect(port != 8080 && port > 0)
        try await eventually("the log names the port") { serve.logText.contains("port=\(port)") }
        let path = ServerFile.url(in: URL(filePath: data)).path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!serve.logText.contains("worker pool started"), "--slots 0: the API alone")

        try await serve.stop()
        #expect(serve.server.process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func startAndWatchATaskOfARunningServerToTheEnd() async throws {
        let data = cli.dataDirectory()
        let serve = try await Serve(data: data)
        try await dropClip(into: data)
        let common = ["--data-dir", data]

        let started = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--input", "oss://uploads/clip.mp4"] + common)
        #expect(started.status == 0, "\(started.output)")
        let id = try taskID(started)
        let watched = try await cli.floe(["tasks", "watch", id, "--interval", "0.2"] + common)
        #expect(watched.status == 0, "\(watched.output)\n\(serve.logText)")
        #expect(watched.output.contains("snapshots    Succeed"))
        #expect(watched.output.contains("task Succeed"))

        let listed = try await cli.floe(["tasks", "list"] + common)
        #expect(listed.status == 0)
        #expect(listed.output.contains("\(id)  Succeed"))
        let shown = try await cli.floe(["tasks", "show", id] + common)
        #expect(shown.status == 0)
        #expect(shown.output.contains("Status      Succeed"))
        #expect(shown.output.contains("Workflow    snapshots (\(SystemTemplates.snapshotsID))"))
        #expect(shown.output.contains("oss://floe-output/\(id)/snapshots/00001.jpg"))
        #expect(shown.output.contains("\(data)/storage/floe-output/\(id)/snapshots/00001.jpg"), "the local file of a local server")
        #expect(!shown.output.contains("source_file"), "the input is not an output")
        let json = try await cli.floe(["tasks", "show", id, "--json"] + common)
        let answer = try JSONValue(jsonText: json.output)
        #expect(answer["WorkflowTask"]?["TaskId"] == .string(id))

        // start --watch: one command from start to end.
        let oneShot = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--input", "oss://uploads/clip.mp4",
                                          "--user-data", #"{"Note":"one shot"}"#, "--watch", "--interval", "0.2"] + common)
        #expect(oneShot.status == 0, "\(oneShot.output)")
        #expect(oneShot.output.contains("task Succeed"))
        let second = try taskID(oneShot)
        let secondShown = try await cli.floe(["tasks", "show", second] + common)
        #expect(secondShown.output.contains(#"UserData    {"Note":"one shot"}"#))
        try await serve.stop()
    }

    @Test func listShowCancelAndWatchInProcessWithNoServer() async throws {
        let data = cli.dataDirectory()
        let common = ["--data-dir", data]
        try await dropClip(into: data)
        let started = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--input", "oss://uploads/clip.mp4"] + common)
        #expect(started.status == 0, "\(started.output)")
        let id = try taskID(started)
        #expect(FileManager.default.fileExists(atPath: "\(data)/credentials"), "in-process signs with the root key it made")
        #expect(!FileManager.default.fileExists(atPath: "\(data)/server.json"))

        let listed = try await cli.floe(["tasks", "list", "--workflow", SystemTemplates.snapshotsID.rawValue] + common)
        #expect(listed.output.contains("\(id)  Init"), "no workers in-process: the task waits")
        let filtered = try await cli.floe(["tasks", "list", "--key-text", "no-such-input"] + common)
        #expect(filtered.status == 0)
        #expect(!filtered.output.contains(id))
        let shown = try await cli.floe(["tasks", "show", id] + common)
        #expect(shown.output.contains("Status      Init"))
        #expect(shown.output.contains(#"Input       {"Media":"oss://uploads/clip.mp4","Type":"OSS"}"#))

        let canceled = try await cli.floe(["tasks", "cancel", id] + common)
        #expect(canceled.status == 0, "\(canceled.output)")
        #expect(canceled.output.contains("\(id) Canceled"))
        let again = try await cli.floe(["tasks", "cancel", id] + common)
        #expect(again.status == 1)
        #expect(again.output.contains("IncorrectTaskStatus: The workflow task \"\(id)\" has already ended"))
        #expect(again.output.contains("(RequestId "))
        let watched = try await cli.floe(["tasks", "watch", id] + common)
        #expect(watched.status == 1)
        #expect(watched.output.contains("task Canceled"))
        #expect(watched.output.contains("No `floe serve` runs on this data folder"))
        let unknown = try await cli.floe(["tasks", "show", "0123456789abcdef0123456789abcdef"] + common)
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("EntityNotExist.WorkflowTask: "))
    }

    @Test func anAPIOnlyServerAnswersAClientNamingItsEndpoint() async throws {
        let serve = try await Serve(data: cli.dataDirectory(), slots: 0)
        try await dropClip(into: serve.data)
        let credentials = try serve.credentials
        // Another data folder, with no credentials file: everything comes from the endpoint and the environment.
        let elsewhere = ["--data-dir", cli.dataDirectory(), "--endpoint", serve.file.endpoint]
        let environment = ["FLOE_ACCESS_KEY_ID": credentials.accessKeyID, "FLOE_ACCESS_KEY_SECRET": credentials.accessKeySecret]

        let started = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--input", "oss://uploads/clip.mp4"] + elsewhere,
                                         environment: environment)
        #expect(started.status == 0, "\(started.output)")
        let id = try taskID(started)
        let listed = try await cli.floe(["tasks", "list"] + elsewhere, environment: environment)
        #expect(listed.output.contains("\(id)  Init"))
        let canceled = try await cli.floe(["tasks", "cancel", id] + elsewhere, environment: environment)
        #expect(canceled.output.contains("\(id) Canceled"))
        let shown = try await cli.floe(["tasks", "show", id] + elsewhere, environment: environment)
        #expect(shown.output.contains("Status      Canceled"))
        let viaFlags = try await cli.floe(["tasks", "list", "--access-key-id", credentials.accessKeyID,
                                           "--access-key-secret", credentials.accessKeySecret] + elsewhere)
        #expect(viaFlags.output.contains("\(id)  Canceled"))

        let unknownKey = try await cli.floe(["tasks", "list", "--access-key-id", "LTAI00000000000000000000", "--access-key-secret", "x"] + elsewhere)
        #expect(unknownKey.status == 1)
        #expect(unknownKey.output.contains("InvalidAccessKeyId.NotFound: "))
        let wrongSecret = try await cli.floe(["tasks", "list"] + elsewhere,
                                             environment: environment.merging(["FLOE_ACCESS_KEY_SECRET": "wrong"]) { $1 })
        #expect(wrongSecret.status == 1)
        #expect(wrongSecret.output.contains("SignatureDoesNotMatch: "))
        #expect(!wrongSecret.output.contains(credentials.accessKeySecret))
        let noCredentials = try await cli.floe(["tasks", "list"] + elsewhere)
        #expect(noCredentials.status == 1)
        #expect(noCredentials.output.contains("no credentials"))
        try await serve.stop()
    }

    @Test func aLiveServerJSONIsUsedAndAStaleOneIgnored() async throws {
        let data = cli.dataDirectory()
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        // A live process (this one) that listens nowhere: the CLI goes to its endpoint, and says it cannot connect.
        try ServerFile(endpoint: "http://127.0.0.1:1", pid: getpid()).write(in: URL(filePath: data))
        let refused = try await cli.floe(["tasks", "list", "--data-dir", data],
                                         environment: ["FLOE_ACCESS_KEY_ID": "LTAI00000000000000000000", "FLOE_ACCESS_KEY_SECRET": "x"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("cannot connect to http://127.0.0.1:1: connection refused"))
        // The same file from a server that was killed: ignored, the command runs in-process.
        try ServerFile(endpoint: "http://127.0.0.1:1", pid: Int32.max).write(in: URL(filePath: data))
        let stale = try await cli.floe(["tasks", "list", "--data-dir", data])
        #expect(stale.status == 0, "\(stale.output)")
    }

    @Test func badInputIsRefusedWithAMessage() async throws {
        let common = ["--data-dir", cli.dataDirectory()]
        let both = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--media", "0123456789abcdef0123456789abcdef",
                                       "--input", "oss://a/b.mp4"] + common)
        #expect(both.status != 0)
        #expect(both.output.contains("give exactly one of --media and --input"))
        let userData = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--input", "oss://a/b.mp4",
                                           "--user-data", "[1]"] + common)
        #expect(userData.output.contains("--user-data must be a JSON object"))
        let workflow = try await cli.floe(["start", "--workflow", "nope", "--input", "oss://a/b.mp4"] + common)
        #expect(workflow.status != 0)
        #expect(workflow.output.contains("not a valid workflow id"))
        let endpoint = try await cli.floe(["tasks", "list", "--endpoint", "ftp://x"] + common)
        #expect(endpoint.status == 1)
        #expect(endpoint.output.contains("'ftp://x' is not a server endpoint"))
        let missing = try await cli.floe(["start", "--workflow", SystemTemplates.snapshotsID.rawValue, "--input", "oss://uploads/none.mp4"] + common)
        #expect(missing.status == 1)
        #expect(missing.output.contains("InvalidParameter: "))
    }
}
