import FloeApp
import FloeCore
import FloeEngine
import FloeStorage
import FloeTesting
import Foundation
import Logging
import Testing

/// A real workflow (audio-to-mp3: MediaInfo, then Transcode) whose input and output buckets are on S3 (moto on loopback): FFmpeg reads the input from a
/// presigned URL and the outputs are uploaded; nothing lands in the local storage folder.
@Suite("S3 buckets end to end", .motoServer)
struct S3EndToEndTests {
    @Test("a workflow reads its input from S3 (probe and transcode through a presigned URL) and writes its output to S3")
    func workflowOnS3() async throws {
        let server = try MotoServer.require()
        let folder = TemporaryFolder("app-s3")
        let backend = S3Backend(configuration: try server.configuration(), buckets: ["floe-input", "floe-output"])
        let app = try await FloeApplication(configuration: FloeConfiguration(
            dataDirectory: folder.url, workerSlots: 2, leaseDuration: .seconds(5), heartbeatInterval: .milliseconds(200), s3: backend
        ))
        let clip = try await MediaFixtures.clip(seconds: 1, width: 320, height: 180)
        let media = try await app.importFile(clip)
        #expect(try app.localPath(of: media.inputURL) == nil)
        #expect(try await server.store().head(media.inputURL)?.size == Int64(try Data(contentsOf: clip).count))

        let id = try await app.launcher.start(workflowID: SystemTemplates.audioToMP3ID, input: .media(media.id),
                                              accountID: app.localAccount, now: Date()).id
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        try await whileRunning(app.backgroundServices(logger: logger)) {
            try await eventually("task \(id) ends", timeout: .seconds(120), interval: .milliseconds(100)) {
                try await app.store.task(id)?.status.isTerminal == true
            }
        }
        let task = try #require(await app.store.task(id))
        #expect(task.status == .succeed, "\(task.message ?? "")")
        let stored = try #require(await app.store.media(task.mediaID))
        let outputs = stored.files.filter { $0.fileType == .transcodeFile }
        #expect(outputs.count == 1)
        for output in outputs {
            #expect(output.location.bucket == "floe-output")
            #expect(try await server.store().head(output.location) != nil, "\(output.location) is on S3")
        }
        let output = try #require(outputs.first)
        let url = try await app.objectStore.readURL(output.location, expiresIn: .seconds(300))
        #expect(try await probeStream(url, "a") == ["mp3", "44100"])
        let local = (try? FileManager.default.subpathsOfDirectory(atPath: app.configuration.storageDirectory.path)) ?? []
        #expect(local.filter { !$0.hasPrefix(".tmp") }.isEmpty, "local storage holds \(local)")
    }
}
