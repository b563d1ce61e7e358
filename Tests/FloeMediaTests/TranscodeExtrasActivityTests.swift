import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

@Suite struct TranscodeExtrasActivityTests {
    func transcode(_ input: URL, _ outputs: [TranscodeOutput], in bed: MediaTestBed) async throws -> (ActivityResult, [MediaProbe]) {
        let stored = try await bed.put(input)
        let parameters = TranscodeParameters(outputLocation: try OutputLocationTemplate("oss://media-out/x/{OutputName}.{Ext}"), outputs: outputs)
        let context = try bed.context(input: stored, encoding: parameters, activityName: "extras")
        let result = try await TranscodeActivity(objectStore: bed.store).run(context: context)
        var probes: [MediaProbe] = []
        for file in result.files { probes.append(try await bed.probe(file.location)) }
        return (result, probes)
    }

    static let fast = VideoSettings(codec: .h264, preset: "ultrafast")

    @Test func clipCutsTheInput() async throws {
        let bed = try MediaTestBed()
        let (_, probes) = try await transcode(MediaFixtures.clip(seconds: 3), [
            TranscodeOutput(name: "middle", container: .mp4, video: Self.fast, clip: TranscodeClip(start: 1, duration: 1)),
            TranscodeOutput(name: "tail", container: .mp4, video: Self.fast, clip: TranscodeClip(start: 2)),
            TranscodeOutput(name: "whole", container: .mp4, video: Self.fast),
        ], in: bed)
        let durations = probes.map { $0.duration ?? 0 }
        #expect(abs(durations[0] - 1) < 0.1, "\(durations)")
        #expect(abs(durations[1] - 1) < 0.1, "\(durations)")
        #expect(abs(durations[2] - 3) < 0.1, "\(durations)")
    }

    @Test func clipStartingPastTheEndFails() async throws {
        let bed = try MediaTestBed()
        let error = await activityError {
            try await transcode(MediaFixtures.clip(seconds: 1), [TranscodeOutput(name: "late", container: .mp4, clip: TranscodeClip(start: 5))], in: bed)
        }
        #expect(error?.code == .invalidParameter)
        #expect(error?.isTransient == false)
        #expect(error?.message.contains("'late': Clip.Start 5 s is past the end of the input") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [(Watermark.Position.topLeft, 12, 12), (.bottomRight, 320 - 12, 180 - 12)])
    func watermarkIsDrawn(position: Watermark.Position, x: Int, y: Int) async throws {
        let bed = try MediaTestBed()
        // A red square, 10% of 320 = 32 px wide, 4 px from the edges: (12, 12) lies inside it at top left.
        let logo = try await bed.put(MediaFixtures.solidImage(color: "red", width: 64, height: 64), key: "brand/logo.png")
        let video = VideoSettings(codec: .h264, preset: "ultrafast", watermark: Watermark(location: logo, position: position, margin: 4, scale: 0.1))
        let (result, _) = try await transcode(MediaFixtures.clip(seconds: 1), [
            TranscodeOutput(name: "marked", container: .mp4, video: video),
            TranscodeOutput(name: "plain", container: .mp4, video: Self.fast),
        ], in: bed)
        let marked = try await MediaMeasurements.pixel(try bed.file(result.files[0].location), x: min(x, 319), y: min(y, 179))
        let plain = try await MediaMeasurements.pixel(try bed.file(result.files[1].location), x: min(x, 319), y: min(y, 179))
        #expect(marked.red > 200 && marked.green < 60 && marked.blue < 60, "\(marked)")
        #expect(!(plain.red > 200 && plain.green < 60 && plain.blue < 60), "\(plain)")
    }

    @Test func missingWatermarkIsAnInvalidParameter() async throws {
        let bed = try MediaTestBed()
        let missing = try StorageLocation(bucket: MediaTestBed.inputBucket, key: "brand/none.png")
        let video = VideoSettings(codec: .h264, watermark: Watermark(location: missing))
        let error = await activityError {
            try await transcode(MediaFixtures.clip(seconds: 1), [TranscodeOutput(name: "m", container: .mp4, video: video)], in: bed)
        }
        #expect(error?.code == .invalidParameter)
        #expect(error?.isTransient == false)
        #expect(error?.message == "Outputs[0].Video.Watermark.Location: there is no object at oss://media-in/brand/none.png")
    }

    /// Lets every account use only the input bucket.
    struct InputBucketOnly: BucketAccessPolicy {
        func mayUse(account: AccountID, bucket: String) -> Bool { bucket == MediaTestBed.inputBucket }
    }

    @Test func watermarkOfAnotherAccountsBucketIsRefused() async throws {
        let bed = try MediaTestBed()
        let image = try await MediaFixtures.solidImage()
        let theirs = try StorageLocation(bucket: "someone-else", key: "logo.png")
        try await bed.store.put(theirs, file: image)
        let ours = try await bed.put(image, key: "brand/logo.png")
        let stored = try await bed.put(MediaFixtures.clip(seconds: 1))
        let account = AccountID.random()
        func run(_ location: StorageLocation) async throws -> ActivityResult {
            let parameters = TranscodeParameters(outputs: [TranscodeOutput(name: "m", container: .mp4, video: VideoSettings(codec: .h264, preset: "ultrafast", watermark: Watermark(location: location)))])
            let context = try bed.context(input: stored, encoding: parameters, accountID: account)
            return try await TranscodeActivity(objectStore: bed.store, bucketAccess: InputBucketOnly()).run(context: context)
        }
        let error = await activityError { try await run(theirs) }
        #expect(error?.code == .invalidParameter)
        #expect(error?.isTransient == false)
        #expect(error?.message == "Outputs[0].Video.Watermark.Location: bucket someone-else is not one of the task's account's buckets")
        #expect(try await run(ours).files.count == 1)
    }

    @Test func loudnormChangesTheLoudness() async throws {
        let bed = try MediaTestBed()
        let input = try await MediaFixtures.clip(seconds: 3)
        let (result, probes) = try await transcode(input, [
            TranscodeOutput(name: "loud", container: .m4a, audio: AudioSettings(codec: .aac, loudnorm: Loudnorm(integrated: -16))),
        ], in: bed)
        let before = try await MediaMeasurements.loudness(input)
        let after = try await MediaMeasurements.loudness(try bed.file(result.files[0].location))
        #expect(abs(after - -16) < 1.5, "\(before) → \(after)")
        #expect(abs(after - before) > 3, "\(before) → \(after)")
        #expect(probes[0].info.audioStreamInfoList.first?.sampleRate == "44100")
    }

    @Test func deinterlaceKeepsTheFrameRate() async throws {
        let bed = try MediaTestBed()
        let video = VideoSettings(codec: .h264, preset: "ultrafast", deinterlace: true)
        let (_, probes) = try await transcode(MediaFixtures.clip(seconds: 1), [TranscodeOutput(name: "p", container: .mp4, video: video)], in: bed)
        #expect(probes[0].info.videoStreamInfoList.first?.fps == "25")
        #expect(probes[0].info.videoStreamInfoList.first?.numFrames == "25")
    }

    @Test func hdrIsToneMappedToBT709() async throws {
        let bed = try MediaTestBed()
        let input = try await MediaFixtures.hdrClip()
        #expect(try await FFprobe().probe(input, name: "hdr").video?.isHDR == true)
        let (result, probes) = try await transcode(input, [TranscodeOutput(name: "sdr", container: .mp4, video: Self.fast)], in: bed)
        let file = try bed.file(result.files[0].location)
        #expect(try await MediaMeasurements.videoEntry(file, "color_transfer") == "bt709")
        #expect(try await MediaMeasurements.videoEntry(file, "pix_fmt") == "yuv420p")
        #expect(probes[0].video?.isHDR == false)
    }

    @Test func hdrFailRefusesHDRInput() async throws {
        let bed = try MediaTestBed()
        let video = VideoSettings(codec: .h264, preset: "ultrafast", hdr: .fail)
        let error = await activityError {
            try await transcode(MediaFixtures.hdrClip(hlg: true), [TranscodeOutput(name: "strict", container: .mp4, video: video)], in: bed)
        }
        #expect(error?.code == .unsupported)
        #expect(error?.isTransient == false)
        #expect(error?.message.contains("HDR input (arib-std-b67 transfer) is not supported (Video.HDR: Fail)") == true, "\(error?.message ?? "")")
    }

    @Test func portraitPhoneClipIsUpright() async throws {
        let bed = try MediaTestBed()
        // Stored 320x180, displayed 180x320: the output is upright, 180 wide and 320 high.
        let input = try await MediaFixtures.clip(seconds: 1, audio: false, rotate: 90)
        #expect([90, 270].contains(try await FFprobe().probe(input, name: "phone").video?.rotation ?? 0))
        let (_, probes) = try await transcode(input, [
            TranscodeOutput(name: "upright", container: .mp4, video: Self.fast),
            TranscodeOutput(name: "small", container: .mp4, video: VideoSettings(codec: .h264, height: 160, preset: "ultrafast")),
        ], in: bed)
        #expect(probes.map { $0.video?.rotation } == [0, 0])
        #expect(probes.map { $0.video?.displayWidth } == [180, 90])
        #expect(probes.map { $0.video?.displayHeight } == [320, 160])
    }
}
