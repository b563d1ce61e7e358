import FloeClient
import FloeCore
import FloeEngine
import FloeStorePostgres
import FloeTesting
import Foundation
import Testing

/// Scale-out on PostgreSQL, as an operator runs it: two API processes (which also watch the bound locations)
/// and three `floe worker` processes on one database and one storage folder. 100 transcode tasks go in through
/// both APIs; one worker is killed with SIGKILL while it transcodes. Its activity is taken over once its lease
/// expires, every task succeeds, the store's attempt history shows no activity on two workers at once, no
/// output is listed twice, and a file that both watchers see starts one task.
@Suite(.enabled(if: PostgresServer.isAvailable, "PostgreSQL is not installed: run scripts/ensure-deps.sh or set FLOE_POSTGRES_URL"))
struct MultiProcessTests {
    static let transcode = """
        Name: mp-transcode
        Activities:
          Start: {Type: Start}
          mp4: {Type: Transcode, Parameters: {Outputs: [
                 {Name: small, Container: mp4, Video: {Codec: h264, Height: 90, Bitrate: 200, Preset: ultrafast}, Audio: {Codec: aac, Bitrate: 64}}]}}
          End: {Type: End}
        Dependencies: {Start: [mp4], mp4: [End]}
        """

    static let watched = """
        Name: mp-watched
        Activities:
          Start: {Type: Start, Parameters: {InputLocation: "oss://uploads/mp-watch/", TriggerMode: Automatic}}
          thumb: {Type: Snapshot, Parameters: {Time: 0.5, Width: 160, Format: jpg}}
          End: {Type: End}
        Dependencies: {Start: [thumb], thumb: [End]}
        """

    @Test(.timeLimit(.minutes(10)))
    func twoAPIsAndThreeWorkersOnOneDatabaseLoseNothingWhenAWorkerIsKilled() async throws {
        let postgres = try await PostgresServer.shared()
        let url = try await postgres.makeDatabaseURL()
        let folder = TemporaryFolder("mp")  // declared before the processes, so it outlives them
        let data = folder.url
        let uploads = data.appending(path: "storage/uploads", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: uploads.appending(path: "mp-watch"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: uploads.appending(path: "mp-in"), withIntermediateDirectories: true)
        let clip = try await MediaFixtures.clip(seconds: 2)
        try FileManager.default.copyItem(at: clip, to: uploads.appending(path: "mp-in/clip.mp4"))

        let common = ["--data-dir", data.path, "--heartbeat", "0.3", "--lease", "3"]
        let environment = ["FLOE_DATABASE_URL": url]
        let serve = ["serve", "--roles", "api,watcher", "--port", "0", "--watch-interval", "0.2", "--settle", "0.5"] + common
        // The first API process makes the root key; the second starts once it has.
        let firstAPI = try FloeProcess(serve, log: data.appending(path: "api-1.log"), environment: environment)
        let firstPort = try await firstAPI.port()
        let secondAPI = try FloeProcess(serve, log: data.appending(path: "api-2.log"), environment: environment)
        let secondPort = try await secondAPI.port()
        let credentials = try Credentials.load(environment: [:], file: data.appending(path: "credentials"))
        func withAPIs<Result: Sendable>(_ body: @Sendable ([RPCClient]) async throws -> Result) async throws -> Result {
            try await HTTPRPCTransport.with(endpoint: "http://127.0.0.1:\(firstPort)") { first in
                try await HTTPRPCTransport.with(endpoint: "http://127.0.0.1:\(secondPort)") { second in
                    try await body([RPCClient(transport: first, credentials: credentials), RPCClient(transport: second, credentials: credentials)])
                }
            }
        }
        var members = [firstAPI, secondAPI]
        let store = try await PostgresWorkflowStore.open(url: url)
        do {
            // Every task is made before a worker starts, so that the workers are still transcoding when the test
            // looks for one to kill, however slowly the APIs answer on a busy host.
            let taskIDs = try await withAPIs { apis in try await makeTasks(apis: apis) }
            let workers = try (1...3).map { index in
                try FloeProcess(["worker", "--slots", "2"] + common, log: data.appending(path: "worker-\(index).log"), environment: environment)
            }
            members += workers
            try await withAPIs { apis in try await run(taskIDs: taskIDs, apis: apis, workers: workers, store: store, uploads: uploads) }
        } catch {
            for member in members { Issue.record("\(member.log.lastPathComponent):\n\(member.logText.suffix(3000))") }
            for member in members { try? await member.terminate(expectingSuccess: false) }
            await store.stop()
            throw error
        }
        for member in members where member.isRunning { try await member.terminate() }
        await store.stop()
        await postgres.dropDatabase(url: url)
    }

    /// 100 transcode tasks of the uploaded clip, started through both APIs in turn.
    func makeTasks(apis: [RPCClient]) async throws -> [TaskID] {
        let workflow = try #require(try await apis[0].call("CreateWorkflow", ["Template": Self.transcode])["WorkflowId"]?.stringValue)
        let input = #"{"Type":"OSS","Media":"oss://uploads/mp-in/clip.mp4"}"#
        var taskIDs: [TaskID] = []
        for index in 0..<100 {
            let answer = try await apis[index % 2].call("StartWorkflow", ["WorkflowId": workflow, "TaskInput": input])
            taskIDs.append(try TaskID(try #require(answer["TaskId"]?.stringValue)))
        }
        return taskIDs
    }

    func run(taskIDs: [TaskID], apis: [RPCClient], workers: [FloeProcess], store: PostgresWorkflowStore, uploads: URL) async throws {
        // Kill a worker while it transcodes: one that holds a running run. (That run may end in the moment
        // before the kill; the worker's other slot, or its next claim, then holds one: the attempt history
        // below says which were interrupted.)
        var victim: FloeProcess?
        try await eventually("a worker is transcoding", timeout: .seconds(120), interval: .milliseconds(20)) {
            for id in taskIDs {
                for run in try await store.activityRuns(of: id) where run.status == .running {
                    if let member = workers.first(where: { run.leaseOwner?.contains(":\($0.pid):") == true }) {
                        victim = member
                        return true
                    }
                }
            }
            return false
        }
        let killed = try #require(victim)
        killed.signal(SIGKILL)

        try await eventually("every task ends", timeout: .seconds(400), interval: .milliseconds(200)) {
            let statistics = try await store.statistics()
            return statistics.tasks[.succeed, default: 0] + statistics.tasks[.failed, default: 0] >= taskIDs.count
        }
        for id in taskIDs {
            let task = try #require(try await store.task(id))
            #expect(task.status == .succeed, "\(id): \(task.message ?? "")")
        }

        // The store's attempt history: no activity ever ran on two workers at once; the killed worker's
        // attempts either succeeded before the kill or ended Lost when their lease was taken back, and each lost
        // one was taken over as a new attempt by another worker. (The times are each process's clock before its
        // transaction, so a few milliseconds of tolerance.)
        var attempts: [ActivityAttempt] = []
        for id in taskIDs { attempts += try await store.attempts(of: id) }
        #expect(attempts.count >= taskIDs.count + 1, "one attempt per task, and the killed one again")
        #expect(attempts.allSatisfy { !$0.isOpen }, "every attempt ended")
        #expect(ActivityAttempt.overlapping(attempts, tolerance: 0.05).isEmpty, "no activity on two workers at once")
        let ofKilled = attempts.filter { $0.owner.contains(":\(killed.pid):") }
        let lost = ofKilled.filter { $0.outcome == .lost }
        #expect(!lost.isEmpty, "the killed worker was transcoding: \(ofKilled)")
        #expect(ofKilled.allSatisfy { $0.outcome == .succeeded || $0.outcome == .lost }, "\(ofKilled)")
        for attempt in lost {
            let takenOver = try #require(try await store.activityRuns(of: attempt.taskID).first { $0.name == attempt.name })
            #expect(takenOver.status == .succeed && takenOver.attempt > attempt.attempt,
                    "the killed worker's transcode was taken over and counted as a new attempt")
            #expect(takenOver.leaseOwner?.contains(":\(killed.pid):") != true)
        }
        #expect(Set(attempts.filter { $0.outcome == .succeeded }.map(\.runID)).count == taskIDs.count)

        // Every output listed once: one media asset for the one input, its source and 100 renditions.
        var mediaIDs: Set<MediaID> = []
        for id in taskIDs { mediaIDs.insert(try #require(try await store.task(id)).mediaID) }
        #expect(mediaIDs.count == 1)
        let mediaID = try #require(mediaIDs.first)
        let media = try #require(try await store.media(mediaID))
        #expect(media.files.count == 101, "the source and one rendition per task")
        #expect(Set(media.files.map(\.location)).count == media.files.count, "no output listed twice")

        // A file both watchers see starts one task.
        let watched = try #require(try await apis[1].call("CreateWorkflow", ["Template": Self.watched])["WorkflowId"]?.stringValue)
        let watchedID = try WorkflowID(watched)
        try FileManager.default.copyItem(at: uploads.appending(path: "mp-in/clip.mp4"), to: uploads.appending(path: "mp-watch/drop.mp4"))
        try await eventually("the dropped file starts a task", timeout: .seconds(60)) {
            try await store.tasks(TaskQuery(workflowID: watchedID)).items.count >= 1
        }
        try await Task.sleep(for: .seconds(3))  // ten scans of each watcher, and the settle interval
        #expect(try await store.tasks(TaskQuery(workflowID: watchedID)).items.count == 1, "one task, however many watchers")
    }
}
