import FloeApp
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Logging
import Testing

/// `floe serve`'s worker services with the watcher: a clip copied into a bound folder is processed once, and
/// what Floe writes, even into a bound location, starts nothing.
@Suite struct TriggerEndToEndTests {
    @Test func aCopiedClipIsProcessedOnceAndItsOutputsTriggerNothing() async throws {
        let folder = TemporaryFolder("trigger")
        let app = try await FloeApplication(configuration: FloeConfiguration(
            dataDirectory: folder.url, workerSlots: 2, leaseDuration: .seconds(5), heartbeatInterval: .milliseconds(200),
            watchInterval: .milliseconds(50), settleInterval: .milliseconds(300)))
        // The transcode writes its rendition inside the template's own bound location.
        let text = """
            Name: drop-box
            Activities:
              Start: {Type: Start, Parameters: {InputLocation: "oss://drop/in/", TriggerMode: Automatic}}
              small:
                Type: Transcode
                Parameters:
                  OutputLocation: "oss://drop/in/out/{MediaId}.{Ext}"
                  Outputs:
                    - {Name: small, Container: mp4, Video: {Codec: h264, Height: 90, Bitrate: 200, Preset: ultrafast}, Audio: {Codec: aac, Bitrate: 64}}
              End: {Type: End}
            Dependencies: {Start: [small], small: [End]}
            """
        let template = WorkflowTemplate(document: try TemplateDocument.parse(text), accountID: app.localAccount, now: Date())
        try await app.store.saveTemplate(template)
        // A template on the input bucket that `floe run` imports into: imports are Floe's writes too.
        let imports = text.replacingOccurrences(of: "Name: drop-box", with: "Name: imports")
            .replacingOccurrences(of: "oss://drop/in/\"", with: "oss://\(app.configuration.inputBucket)/\"")
        try await app.store.saveTemplate(WorkflowTemplate(document: try TemplateDocument.parse(imports), accountID: app.localAccount, now: Date()))

        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        try await whileRunning(app.backgroundServices(logger: logger)) {
            _ = try await app.importFile(clip)
            let target = app.configuration.storageDirectory.appending(path: "drop/in/clip.mp4")
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: clip, to: target)

            try await eventually("the copied clip starts a task") {
                try await app.store.tasks(TaskQuery()).items.count == 1
            }
            let task = try #require(try await app.store.tasks(TaskQuery()).items.first)
            #expect(task.workflowID == template.id)
            try await eventually("the task ends", timeout: .seconds(120), interval: .milliseconds(100)) {
                try await app.store.task(task.id)?.status.isTerminal == true
            }
            let ended = try #require(await app.store.task(task.id))
            #expect(ended.status == .succeed, "\(ended.message ?? "")")
            let output = try StorageLocation(parsing: "oss://drop/in/out/\(task.mediaID).mp4")
            #expect(try await app.objectStore.head(output) != nil, "the rendition lies in the bound location")
            // Give the watcher many scans past the settle interval; the rendition must start nothing.
            try await Task.sleep(for: .seconds(1))
        }
        #expect(try await app.store.tasks(TaskQuery()).items.count == 1)
    }
}
