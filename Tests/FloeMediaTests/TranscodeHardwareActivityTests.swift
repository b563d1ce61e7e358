import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

/// The `Transcode` activity with `Video.Hardware` on a worker without hardware encoders.
@Suite struct TranscodeHardwareActivityTests {
    func run(_ video: VideoSettings, in bed: MediaTestBed) async throws -> ActivityResult {
        let stored = try await bed.put(try await MediaFixtures.clip(seconds: 1, width: 160, height: 90))
        let parameters = TranscodeParameters(outputs: [TranscodeOutput(name: "small", container: .mp4, video: video)])
        let context = try bed.context(input: stored, encoding: parameters, activityName: "renditions")
        return try await TranscodeActivity(objectStore: bed.store, hardware: DetectedHardware(.none)).run(context: context)
    }

    @Test func autoEncodesInSoftwareAndSaysSo() async throws {
        let bed = try MediaTestBed()
        let result = try await run(VideoSettings(codec: .h264, preset: "ultrafast", hardware: .auto), in: bed)
        #expect(result.data?["Notes"] == .array([.string("no hardware encoder for h264; encoded in software")]))
        #expect(result.data?["Outputs"]?.arrayValue?.first?["VideoEncoder"] == .string("libx264"))
    }

    @Test func offSaysNothingButItsEncoder() async throws {
        let bed = try MediaTestBed()
        let result = try await run(VideoSettings(codec: .h264, preset: "ultrafast"), in: bed)
        #expect(result.data?["Notes"] == nil)
        #expect(result.data?["Outputs"]?.arrayValue?.first?["VideoEncoder"] == .string("libx264"))
    }

    /// Claims by capability keep such a run from such a worker; should one run it anyway, it fails at once.
    @Test func aRequiredEncoderTheWorkerLacksIsUnsupported() async throws {
        let bed = try MediaTestBed()
        for hardware in [VideoHardware.nvenc, .required] {
            let error = await activityError { try await run(VideoSettings(codec: .h264, hardware: hardware), in: bed) }
            #expect(error?.code == .unsupported && error?.isTransient == false, "\(String(describing: error))")
        }
    }
}
