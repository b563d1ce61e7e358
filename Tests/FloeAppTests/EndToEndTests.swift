import FloeApp
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// Real workflows on the embedded default: SQLite, local buckets, FFmpeg.
@Suite struct EndToEndTests {
    @Test func theRenditionsTemplateMakesTwoMP4sAndACover() async throws {
        let harness = try await AppHarness()
        let clip = try await MediaFixtures.clip(seconds: 2, width: 1280, height: 720)
        let id = try await harness.start(SystemTemplates.mp4RenditionsID, on: clip)
        try await whileRunning(harness.services) {
            let task = try await harness.finished(id)
            #expect(task.status == .succeed, "\(task.message ?? "")")
        }
        let task = try #require(await harness.app.store.task(id))
        let media = try #require(await harness.app.store.media(task.mediaID))
        let outputs = media.files.filter { $0.fileType != .sourceFile }
        #expect(Set(media.files.map(\.location)).count == media.files.count, "no file is listed twice")
        #expect(outputs.filter { $0.fileType == .transcodeFile }.count == 2)
        #expect(outputs.filter { $0.fileType == .snapshot }.count == 1)
        #expect(media.files.first { $0.fileType == .sourceFile }?.info?.videoStreamInfoList.first?.height == "720",
                "MediaInfo filled in the source file's FileInfo")

        for (name, height) in [("720p", "720"), ("360p", "360")] {
            let file = try #require(outputs.first { $0.location.key.hasSuffix("/mp4/\(name).mp4") })
            let path = try #require(try harness.app.localPath(of: file.location))
            let video = try await probeStream(path, "v")
            #expect(video.first == "h264")
            #expect(video.last == height)
            let audio = try await probeStream(path, "a")
            #expect(audio.first == "aac")
            #expect(file.info?.videoStreamInfoList.first?.height == height)
        }
        let cover = try #require(outputs.first { $0.fileType == .snapshot })
        let coverPath = try #require(try harness.app.localPath(of: cover.location))
        #expect(try await probeStream(coverPath, "v") == ["mjpeg", "640", "360"])
    }

    @Test func brokenInputsFailClearlyAndTheEngineKeepsServing() async throws {
        let harness = try await AppHarness()
        let broken: [(String, URL)] = [
            ("zero bytes", try MediaFixtures.zeroBytes()),
            ("random bytes", try MediaFixtures.randomBytes()),
            ("truncated", try await MediaFixtures.truncatedMP4()),
        ]
        try await whileRunning(harness.services) {
            for (what, file) in broken {
                let id = try await harness.start(SystemTemplates.mp4RenditionsID, on: file)
                let task = try await harness.finished(id)
                #expect(task.status == .failed, "\(what)")
                #expect(task.message?.contains("activity 'probe' failed") == true, "\(what): \(task.message ?? "no message")")
                let probe = try #require(await harness.app.store.activityRuns(of: id).first { $0.name == "probe" })
                #expect(probe.attempt == 1, "\(what): a deterministic failure is not retried")
                #expect(probe.error?.isTransient == false)
            }
            let audio = try await MediaFixtures.audioOnly(seconds: 1)
            let mp3 = try await harness.finished(try await harness.start(SystemTemplates.audioToMP3ID, on: audio))
            #expect(mp3.status == .succeed, "the engine still runs tasks after broken inputs: \(mp3.message ?? "")")
        }
    }
}
