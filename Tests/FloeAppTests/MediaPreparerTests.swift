import FloeCore
import FloeEngine
import FloeMedia
import FloeStorage
import FloeTesting
import Foundation
import Logging
import Testing

/// `MediaPreparer` on a SQLite store and a local object store, with clips made by FFmpeg.
@Suite struct MediaPreparerTests {
    let engine: EngineHarness
    let objects: FileSystemObjectStore

    init() throws {
        engine = try EngineHarness()
        objects = try FileSystemObjectStore(root: engine.directory.appending(path: "storage", directoryHint: .isDirectory))
    }

    func preparer(pollInterval: Duration = .seconds(600), maxAttempts: Int = 3, probeTimeout: Duration = .seconds(60),
                  ffmpeg: FFmpegConfiguration = FFmpegConfiguration(), now: @escaping @Sendable () -> Date = { Date() }) -> MediaPreparer {
        var logger = Logger(label: "preparer-test")
        logger.logLevel = .critical
        return MediaPreparer(store: engine.store, objectStore: objects, ffmpeg: ffmpeg,
                             configuration: .init(pollInterval: pollInterval, staleAfter: .seconds(120), maxAttempts: maxAttempts,
                                                  probeTimeout: probeTimeout),
                             logger: logger, now: now)
    }

    /// Registers `key` in the `uploads` bucket (copying `file` there when given) as an `Init` asset.
    func register(_ key: String, file: URL? = nil, mediaType: String = "video", at time: Date = Date()) async throws -> MediaAsset {
        let location = try StorageLocation(bucket: "uploads", key: key)
        if let file { try await objects.put(location, file: file) }
        let media = MediaAsset(accountID: Samples.account, inputURL: location, mediaType: mediaType, title: location.fileName,
                               createTime: time, files: [MediaFile(location: location, fileType: .sourceFile)])
        try await engine.store.createMedia(media)
        return media
    }

    func media(_ id: MediaID) async throws -> MediaAsset {
        try #require(await engine.store.media(id))
    }

    /// Waits until the asset leaves `Init` and `Preparing`, and returns it.
    func prepared(_ id: MediaID) async throws -> MediaAsset {
        try await eventually("media \(id) is prepared") {
            let status = try await media(id).status
            return status == .normal || status == .prepareFail
        }
        return try await media(id)
    }

    @Test func aRegisteredClipBecomesNormalWithItsFileInfo() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1, width: 320, height: 180)
        try await whileRunning([preparer()]) {
            // The preparer polls every 10 minutes: only a registration's wake-up can prepare this in time. A
            // registration made just before the preparer starts waiting is missed until the next one, so a
            // (missing) file is registered on each check until the clip is done.
            let registered = try await register("in/clip.mp4", file: clip)
            var nudges = 0
            try await eventually("the clip is prepared", interval: .milliseconds(200)) {
                let status = try await media(registered.id).status
                guard status == .initial || status == .preparing else { return true }
                nudges += 1
                _ = try await register("nudge/\(nudges).mp4")
                return false
            }
            let asset = try await media(registered.id)
            #expect(asset.status == .normal)
            #expect(asset.files.count == 1)
            let source = try #require(asset.files.first)
            #expect(source.location == registered.inputURL && source.fileType == .sourceFile)
            let info = try #require(source.info)
            let basic = info.fileBasicInfo
            #expect(basic.width == "320" && basic.height == "180")
            #expect(abs((Double(basic.duration ?? "") ?? 0) - 1) < 0.2)
            #expect(basic.fileName == "clip.mp4" && basic.fileUrl == "oss://uploads/in/clip.mp4")
            #expect(basic.fileType == "source_file" && basic.fileStatus == "Normal")
            #expect(basic.fileSize == String(try FileManager.default.attributesOfItem(atPath: clip.path)[.size] as? Int ?? -1))
            #expect(basic.modifiedTime != nil && basic.createTime != nil)
            #expect(info.videoStreamInfoList.first?.codecName == "h264")
            #expect(info.audioStreamInfoList.first?.codecName == "aac")
        }
    }

    @Test func aMissingFileAndAGarbageFileFailPreparation() async throws {
        let missing = try await register("in/missing.mp4")
        let garbage = try await register("in/noise.mp4", file: try MediaFixtures.randomBytes())
        let empty = try await register("in/empty.mp4", file: try MediaFixtures.zeroBytes())
        let preparer = preparer()
        let claimed = await preparer.prepareWaiting()
        #expect(claimed == 3)
        for id in [missing.id, garbage.id, empty.id] {
            let media = try await media(id)
            #expect(media.status == .prepareFail, "\(media.inputURL)")
            #expect(media.files.first?.info == nil)
        }
        // Nothing is left to retry.
        let again = await preparer.prepareWaiting()
        #expect(again == 0)
    }

    @Test func aStalePreparationIsTakenOverAndAFreshOneIsLeftAlone() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1)
        let media = try await register("in/stale.mp4", file: clip, at: Samples.time(0))
        // A preparer claimed it at time(10), then died.
        let dead = try await engine.store.claimPreparation(media.id, staleBefore: Samples.time(0), now: Samples.time(10))
        #expect(dead != nil)

        let soon = await preparer(now: { Samples.time(60) }).prepareWaiting()
        #expect(soon == 0)
        let untouched = try await self.media(media.id)
        #expect(untouched.status == .preparing)

        let later = await preparer(now: { Samples.time(10 + 121) }).prepareWaiting()
        #expect(later == 1)
        let taken = try await self.media(media.id)
        #expect(taken.status == .normal)
        #expect(taken.files.first?.info?.fileBasicInfo.width == "320")
    }

    @Test func anAssetClaimedTooOftenFailsWithoutAnotherProbe() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1)
        let media = try await register("in/crashes.mp4", file: clip, at: Samples.time(0))
        // Two preparers died on it.
        for minute in 1...2 {
            let claim = try await engine.store.claimPreparation(media.id, staleBefore: Samples.time(minute * 600 - 1), now: Samples.time(minute * 600))
            #expect(claim != nil)
        }
        let claimed = await preparer(maxAttempts: 2, now: { Samples.time(3 * 600) }).prepareWaiting()
        #expect(claimed == 1)
        let failed = try await self.media(media.id)
        #expect(failed.status == .prepareFail)
        #expect(failed.files.first?.info == nil, "the file was not probed a third time")
    }

    @Test func aProbeThatNeverEndsFailsAfterTheTimeout() async throws {
        // An "ffprobe" that never answers.
        let hang = engine.directory.appending(path: "hanging-ffprobe")
        try Data("#!/bin/sh\nexec sleep 600\n".utf8).write(to: hang)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hang.path)
        let clip = try await MediaFixtures.clip(seconds: 1)
        let media = try await register("in/hangs.mp4", file: clip)
        let ffmpeg = FFmpegConfiguration(ffprobePath: hang.path, terminationGracePeriod: .milliseconds(100))
        let claimed = await preparer(probeTimeout: .milliseconds(300), ffmpeg: ffmpeg).prepareWaiting()
        #expect(claimed == 1)
        let failed = try await self.media(media.id)
        #expect(failed.status == .prepareFail)
    }

    @Test func aTextAssetIsNotProbed() async throws {
        let subtitles = engine.directory.appending(path: "subtitles.srt")
        try Data("1\n00:00:00,000 --> 00:00:01,000\nHello\n".utf8).write(to: subtitles)
        let media = try await register("in/subtitles.srt", file: subtitles, mediaType: "text")
        let claimed = await preparer().prepareWaiting()
        #expect(claimed == 1)
        let prepared = try await self.media(media.id)
        #expect(prepared.status == .normal)
        let basic = try #require(prepared.files.first?.info?.fileBasicInfo)
        #expect(basic.fileSize == "38" && basic.fileName == "subtitles.srt" && basic.fileType == "source_file")
        #expect(basic.duration == nil)
    }

    @Test func floeServeRunsAPreparer() async throws {
        let harness = try await AppHarness()
        let clip = try await MediaFixtures.clip(seconds: 1)
        try await whileRunning(harness.services) {
            let media = try await harness.app.importFile(clip)
            try await eventually("imported media is prepared") {
                try await harness.app.store.media(media.id)?.status == .normal
            }
        }
    }
}
