import FloeClient
import FloeCore
import FloeTesting
import Foundation
import Testing

/// PostgreSQL going away while `floe serve` runs, and coming back: the process stays up, `/readyz` says
/// NotReady meanwhile, and once the database is back it is Ready again and runs tasks. The server is one of its
/// own (scripts/throwaway-postgres.sh), since the test stops it.
@Suite(.enabled(if: PostgresServer.isAvailable, "PostgreSQL is not installed: run scripts/ensure-deps.sh"))
struct DatabaseOutageTests {
    @Test(.timeLimit(.minutes(5)))
    func floeServeWaitsOutADatabaseOutage() async throws {
        let folder = TemporaryFolder("outage")  // the data folder, removed after the server process has gone
        let data = folder.url
        try await ThrowawayPostgres.withServer { url, postgres in
            let uploads = data.appending(path: "storage/uploads", directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: try await MediaFixtures.clip(seconds: 1), to: uploads.appending(path: "clip.mp4"))
            let log = data.appending(path: "serve.log")
            // Debug logs: should it not stop, the log says which service still runs.
            let serve = try FloeProcess(["serve", "--data-dir", data.path, "--port", "0", "--heartbeat", "0.3", "--lease", "3", "--log-level", "debug"],
                                        log: log, environment: ["FLOE_DATABASE_URL": url])
            let port = try await serve.port()
            let base = "http://127.0.0.1:\(port)"
            #expect(try await HTTPProbe.get(base + "/readyz").status == 200)

            try await ThrowawayPostgres.run("pause", postgres)
            let down = try await HTTPProbe.get(base + "/readyz")
            #expect(down.status == 503 && down.body.contains("NotReady"), "\(down.body)")
            try await Task.sleep(for: .seconds(3))  // the workers, reaper and notifier meet the outage too
            #expect(serve.process.isRunning, "the process waits the outage out")
            #expect(try await HTTPProbe.get(base + "/healthz").status == 200, "and stays live")

            try await ThrowawayPostgres.run("resume", postgres)
            try await eventually("ready again once the database is back", timeout: .seconds(60), interval: .milliseconds(500)) {
                try await HTTPProbe.get(base + "/readyz").status == 200
            }
            let credentials = try Credentials.load(environment: [:], file: data.appending(path: "credentials"))
            try await HTTPRPCTransport.with(endpoint: base) { transport in
                let api = RPCClient(transport: transport, credentials: credentials)
                let started = try await api.call("StartWorkflow", ["WorkflowId": SystemTemplates.snapshotsID.rawValue,
                                                                   "TaskInput": #"{"Type":"OSS","Media":"oss://uploads/clip.mp4"}"#])
                let taskID = try #require(started["TaskId"]?.stringValue)
                try await eventually("a task started after the outage succeeds", timeout: .seconds(90), interval: .milliseconds(200)) {
                    let task = try await api.call("GetWorkflowTask", ["TaskId": taskID])
                    return task["WorkflowTask"]?.objectValue?["Status"]?.stringValue == "Succeed"
                }
            }
            try await serve.terminate()
        }
    }
}
