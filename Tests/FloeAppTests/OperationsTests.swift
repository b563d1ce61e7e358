import FloeApp
import FloeClient
import FloeCore
import FloeEngine
import FloeMedia
import FloeNotify
import FloeTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// Roles, `floe worker`, and what `/metrics` shows.
@Suite struct OperationsTests {
    /// The value of the sample of `name` whose labels include every one of `labels` (`key="value"`), in a
    /// Prometheus text page; nil when there is none.
    static func sample(_ page: String, _ name: String, _ labels: [String] = []) -> Double? {
        for line in page.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            let series = parts[0]
            let metric = series.split(separator: "{", maxSplits: 1).first.map(String.init) ?? ""
            guard metric == name, labels.allSatisfy({ series.contains($0) }) else { continue }
            return Double(parts[1])
        }
        return nil
    }

    @Test func metricsCountRequestsActivitiesAndWhatTheStoreHolds() async throws {
        let harness = try await AppHarness()
        let clip = try await MediaFixtures.clip(seconds: 1)
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        let endpoint = harness.app.rpcEndpoint(logger: logger)
        try await whileRunning(harness.services) {
            let task = try await harness.finished(try await harness.start(SystemTemplates.snapshotsID, on: clip))
            #expect(task.status == .succeed)
            // Unsigned calls: a known action (refused for its signature) and an unknown one.
            for query in ["Action=ListWorkflowTasks&Version=2020-11-09", "Action=NoSuchAction&Version=2020-11-09"] {
                _ = await endpoint.respond(method: "POST", path: "/", rawQuery: query, headers: [], body: [], sourceIP: nil)
            }
        }
        let page = await harness.app.metricsPage()
        #expect(Self.sample(page, "floe_tasks", [#"status="Succeed""#]) == 1, "\(page)")
        #expect(Self.sample(page, "floe_tasks", [#"status="Failed""#]) == 0)
        #expect(Self.sample(page, "floe_runs_ready") == 0 && Self.sample(page, "floe_runs_running") == 0)
        #expect(Self.sample(page, "floe_activity_attempts_total", [#"type="Snapshot""#, #"outcome="succeeded""#]) == 1)
        #expect(Self.sample(page, "floe_activity_duration_seconds_count", [#"type="Snapshot""#]) == 1)
        #expect(Self.sample(page, "floe_activities_running", [#"type="Snapshot""#]) == 0)
        #expect(Self.sample(page, "floe_api_requests_total", [#"action="ListWorkflowTasks""#, #"code="IncompleteSignature""#]) == 1)
        #expect(Self.sample(page, "floe_api_requests_total", [#"action="Unknown""#, #"code="InvalidAction.NotFound""#]) == 1)
        #expect(!page.contains("NoSuchAction"), "a client's action name never becomes a label")
        #expect(Self.sample(page, "floe_ffmpeg_processes") != nil, "the count itself: ProcessRunnerTests")
        #expect(Self.sample(page, "floe_store_up") == 1)
        #expect(Self.sample(page, "floe_callback_events", [#"state="Pending""#]) == 0)
    }

    @Test(arguments: [
        ([Role.api], ["LeaseReaper"]),
        ([.worker], ["LeaseReaper", "WorkerPool", "MediaPreparer"]),
        ([.watcher], ["LeaseReaper", "LocalFolderWatcher"]),
        ([.notifier], ["LeaseReaper", "Notifier"]),
        (Role.allCases, ["LeaseReaper", "WorkerPool", "MediaPreparer", "LocalFolderWatcher", "Notifier"]),
    ])
    func rolesPickTheServices(_ roles: [Role], _ expected: [String]) async throws {
        let folder = TemporaryFolder("roles")
        var configuration = FloeConfiguration(dataDirectory: folder.url)
        configuration.roles = Set(roles)
        let app = try await FloeApplication(configuration: configuration)
        let services = app.backgroundServices(logger: Logger(label: "floe-test"))
        #expect(services.map { String(describing: type(of: $0)) } == expected)
    }

    @Test func roleLists() throws {
        #expect(try Role.list("api, Worker") == [.api, .worker])
        #expect(throws: RoleListError.self) { try Role.list("api,nope") }
        #expect(throws: RoleListError.self) { try Role.list("") }
        #expect(throws: RoleListError.self) { try Role.list("api,") }
    }

    @Test func badRoleOptionsAreRefused() async throws {
        let cli = CommandLineTests()
        let unknown = try await cli.floe(["serve", "--data-dir", cli.dataDirectory(), "--roles", "api,cron"])
        #expect(unknown.status != 0 && unknown.output.contains("'cron' is not a role"), "\(unknown.output)")
        let noSlots = try await cli.floe(["serve", "--data-dir", cli.dataDirectory(), "--roles", "worker", "--slots", "0"])
        #expect(noSlots.status != 0 && noSlots.output.contains("--roles worker needs --slots of at least 1"), "\(noSlots.output)")
        let badPort = try await cli.floe(["worker", "--data-dir", cli.dataDirectory(), "--port", "70000"])
        #expect(badPort.status != 0 && badPort.output.contains("--port must be between 0 and 65535"), "\(badPort.output)")
    }

    @Test func aWorkerProcessRunsTasksAndAnswersProbesButNotTheAPI() async throws {
        let folder = TemporaryFolder("worker")  // declared before the worker process, so it outlives it
        let data = folder.url
        let log = data.appending(path: "worker.log")
        let clip = try await MediaFixtures.clip(seconds: 1)
        // Queue a task without running it, then let `floe worker` run it.
        let cli = CommandLineTests()
        let queued = try await cli.floe(["run", "--detach", "--data-dir", data.path, "--template", SystemTemplates.snapshotsID.rawValue, clip.path])
        #expect(queued.status == 0, "\(queued.output)")
        let worker = try FloeProcess(["worker", "--data-dir", data.path, "--heartbeat", "0.3", "--lease", "3"], log: log)
        let port = try await worker.port("health and metrics listening")
        let store = try await FloeApplication(configuration: FloeConfiguration(dataDirectory: data)).store
        try await eventually("the worker runs the queued task", timeout: .seconds(60)) {
            try await store.tasks(TaskQuery(page: PageRequest())).items.first?.status == .succeed
        }
        let base = "http://127.0.0.1:\(port)"
        #expect(try await HTTPProbe.get(base + "/healthz").status == 200)
        #expect(try await HTTPProbe.get(base + "/readyz").status == 200)
        let metrics = try await HTTPProbe.get(base + "/metrics")
        #expect(Self.sample(metrics.body, "floe_activity_attempts_total", [#"type="Snapshot""#, #"outcome="succeeded""#]) == 1)
        let api = try await HTTPProbe.get(base + "/?Action=ListWorkflowTasks&Version=2020-11-09")
        #expect(api.status == 404 && api.body.contains("serves no API"))
        #expect(ServerFile.live(in: data) == nil, "a worker is no server for client commands")
        #expect(worker.logText.contains("worker pool started") && !worker.logText.contains("notifier started"), "the worker role only")

        // `floe workers` lists it from the store: its slots and kinds, live; gone once it stops.
        let listed = try await cli.floe(["workers", "--data-dir", data.path])
        #expect(listed.status == 0 && listed.output.contains(":\(worker.pid):") && listed.output.contains("Snapshot")
                && listed.output.contains("Transcode") && listed.output.contains("hardware: ") && listed.output.contains("live")
                && listed.output.contains("1 live worker,"), "\(listed.output)")
        let json = try await cli.floe(["workers", "--json", "--data-dir", data.path])
        guard case .array(let records) = try JSONValue(jsonText: json.output) else { Issue.record("\(json.output)"); return }
        #expect(records.count == 1 && records.first?["Live"] == .bool(true) && records.first?["Hardware"]?.arrayValue != nil, "\(json.output)")
        try await worker.terminate()
        let after = try await cli.floe(["workers", "--data-dir", data.path])
        #expect(after.status == 0 && after.output.contains("0 live workers, 0 slots"), "\(after.output)")
        let none = try await cli.floe(["workers", "--data-dir", data.appending(path: "nothing-here").path])
        #expect(none.status == 0 && none.output.contains("0 live workers"), "\(none.output)")
    }
}
