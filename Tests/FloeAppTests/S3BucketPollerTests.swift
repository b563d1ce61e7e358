import FloeApp
import FloeCore
import FloeEngine
import FloeStorage
import FloeTesting
import Foundation
import Logging
import Testing

/// An application whose bucket `media` is on the suite's moto server, with a template bound to a folder of its
/// own in that bucket (the server is shared with other suites).
struct PollerBed {
    /// The application's data folder, removed with the bed.
    let folder = TemporaryFolder("poll")
    let server: MotoServer
    let app: FloeApplication
    /// The bound location's key prefix, `poll-<uuid>/in/`.
    let prefix: String
    let root: String

    init() async throws {
        server = try MotoServer.require()
        app = try await FloeApplication(configuration: FloeConfiguration(
            dataDirectory: folder.url, workerSlots: 1, leaseDuration: .seconds(5), heartbeatInterval: .milliseconds(200),
            s3: S3Backend(configuration: try server.configuration(), buckets: ["media"]), s3PollInterval: .milliseconds(100)))
        root = "poll-\(UUID().uuidString)/"
        prefix = root + "in/"
    }

    /// Saves an Active Automatic template bound to `oss://media/<prefix>` whose activities are `activities`
    /// (YAML lines under `Activities:`) followed by End.
    @discardableResult
    func template(activities: String = "  probe: {Type: MediaInfo}", chain: String = "Start: [probe], probe: [End]") async throws -> WorkflowTemplate {
        let text = """
            Name: poll-\(UUID().uuidString.prefix(8))
            Activities:
              Start: {Type: Start, Parameters: {InputLocation: "oss://media/\(prefix)", TriggerMode: Automatic}}
            \(activities)
              End: {Type: End}
            Dependencies: {\(chain)}
            """
        let template = WorkflowTemplate(document: try TemplateDocument.parse(text), accountID: app.localAccount, now: Date())
        try await app.store.saveTemplate(template)
        return template
    }

    /// A poller of the application's S3 bucket, new as after a restart.
    func poller() -> S3BucketPoller {
        var logger = Logger(label: "poll-test")
        logger.logLevel = .critical
        return S3BucketPoller(buckets: ["media"], objectStore: app.objectStore, trigger: app.trigger, logger: logger)
    }

    /// Puts `count` bytes of `byte` at `key` (under the test's folder) on the S3 server.
    func put(_ key: String, byte: UInt8 = 1, count: Int = 64) async throws {
        try await server.store().put(try StorageLocation(bucket: "media", key: root + key), data: Data(repeating: byte, count: count))
    }

    /// The tasks `poller`'s next pass made.
    static func made(_ poller: S3BucketPoller) async throws -> [TaskID] {
        try await poller.poll().filter(\.created).map(\.taskID)
    }

    func tasks() async throws -> [WorkflowTask] {
        try await app.store.tasks(TaskQuery(page: PageRequest(limit: 100))).items
    }
}

@Suite("S3BucketPoller: new objects in S3 buckets start their workflows once", .motoServer)
struct S3BucketPollerTests {
    @Test("an object in the bound prefix starts one task; a second pass none; a new ETag a new one; a restart none")
    func oncePerVersion() async throws {
        let bed = try await PollerBed()
        try await bed.template()
        let poller = bed.poller()
        try await bed.put("in/a.mp4")
        let first = try await PollerBed.made(poller)
        #expect(first.count == 1)
        let again = try await poller.poll()
        #expect(again.isEmpty, "an unchanged object is not handed twice")

        // A key before the last one listed is still found: each pass lists the whole bound location.
        try await bed.put("in/0-early.mp4")
        let early = try await PollerBed.made(poller)
        #expect(early.count == 1)

        try await bed.put("in/a.mp4", byte: 2)
        let reuploaded = try await PollerBed.made(poller)
        #expect(reuploaded.count == 1, "new content, new ETag: a new task")
        #expect(try await bed.tasks().count == 3)

        // A new poller over the same store, as after a restart: it hands both objects again, and the ledger starts nothing.
        let restarted = try await bed.poller().poll()
        #expect(restarted.count == 2 && restarted.allSatisfy { !$0.created })
        #expect(try await bed.tasks().count == 3)
        let task = try #require(try await bed.tasks().first { $0.input == .oss(try StorageLocation(bucket: "media", key: bed.prefix + "0-early.mp4")) })
        #expect(early == [task.id])
    }

    @Test("text files, objects outside the bound prefix and objects Floe wrote never trigger; a media name without extension does")
    func ignored() async throws {
        let bed = try await PollerBed()
        try await bed.template()
        try await bed.app.store.recordOutput(try StorageLocation(bucket: "media", key: bed.prefix + "out/rendition.mp4"), now: Date())
        for key in ["in/notes.txt", "in/cover.jpg", "outside.mp4", "other/b.mp4", "in-not/c.mp4", "in/out/rendition.mp4", "in/take"] {
            try await bed.put(key)
        }
        let poller = bed.poller()
        let made = try await PollerBed.made(poller)
        #expect(made.count == 1, "only the media file with no extension")
        let inputs = try await bed.tasks().map(\.input)
        #expect(inputs == [.oss(try StorageLocation(bucket: "media", key: bed.prefix + "take"))])
    }

    @Test("a poller over buckets that are not on S3 lists nothing, even when a template binds them")
    func localBucketsAreNotPolled() async throws {
        let bed = try await PollerBed()
        try await bed.template()
        try await bed.put("in/a.mp4")
        var logger = Logger(label: "poll-test")
        logger.logLevel = .critical
        let poller = S3BucketPoller(buckets: ["uploads"], objectStore: bed.app.objectStore, trigger: bed.app.trigger, logger: logger)
        let made = try await PollerBed.made(poller)
        #expect(made.isEmpty)
        let polled = try await PollerBed.made(bed.poller())
        #expect(polled.count == 1, "the same object in a polled bucket")
    }

    @Test("floe serve's services: an object put on S3 starts one task that succeeds; its output, in the bound location, starts none")
    func endToEnd() async throws {
        let bed = try await PollerBed()
        let template = try await bed.template(activities: """
              mp3:
                Type: Transcode
                Parameters:
                  OutputLocation: "oss://media/\(bed.prefix)out/{MediaId}.{Ext}"
                  Outputs:
                    - {Name: audio, Container: mp3, Audio: {Codec: mp3, Bitrate: 64}}
            """, chain: "Start: [mp3], mp3: [End]")
        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        try await bed.server.store().put(try StorageLocation(bucket: "media", key: bed.prefix + "clip.mp4"), file: clip)
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        let services = bed.app.backgroundServices(logger: logger)
        #expect(services.contains { $0 is S3BucketPoller })
        try await whileRunning(services) {
            try await eventually("the S3 object starts a task", timeout: .seconds(60)) { try await bed.tasks().count == 1 }
            let task = try #require(try await bed.tasks().first)
            #expect(task.workflowID == template.id)
            try await eventually("the task ends", timeout: .seconds(120), interval: .milliseconds(100)) {
                try await bed.app.store.task(task.id)?.status.isTerminal == true
            }
            let ended = try #require(await bed.app.store.task(task.id))
            #expect(ended.status == .succeed, "\(ended.message ?? "")")
            let output = try StorageLocation(bucket: "media", key: bed.prefix + "out/\(task.mediaID).mp3")
            #expect(try await bed.server.store().head(output) != nil, "the output lies in the bound location, on S3")
        }
        // A pass after the output was written: it is handed to the trigger, which starts nothing.
        let after = try await bed.poller().poll()
        #expect(after.count == 1 && after.allSatisfy { !$0.created }, "only the clip matches, already triggered")
        #expect(try await bed.tasks().count == 1)
    }

    @Test("floe upload writes into an S3 bucket when FLOE_S3_BUCKETS names it")
    func uploadToS3() async throws {
        let server = try MotoServer.require()
        let cli = CommandLineTests()
        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        let key = "upload-\(UUID().uuidString)/clip.mp4"
        let result = try await cli.floe(["upload", clip.path, "oss://media/\(key)", "--data-dir", cli.dataDirectory()], environment: [
            "FLOE_S3_BUCKETS": "media", "FLOE_S3_ENDPOINT": server.endpoint.absoluteString,
            "FLOE_S3_ACCESS_KEY_ID": server.accessKeyID, "FLOE_S3_SECRET_ACCESS_KEY": server.secretAccessKey,
        ])
        #expect(result.status == 0, "\(result.output)")
        let info = try #require(try await server.store().head(try StorageLocation(bucket: "media", key: key)))
        #expect(info.size == Int64(try Data(contentsOf: clip).count))
        #expect(result.output.contains("oss://media/\(key)  \(info.size) bytes  ETag \(info.etag)"), "\(result.output)")
    }
}
