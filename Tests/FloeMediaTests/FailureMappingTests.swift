import FloeCore
import FloeEngine
import FloeMedia
import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite struct FailureMappingTests {
    @Test func storageFailuresAreTransient() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.clip(seconds: 1))
        let store = WriteHookedObjectStore(base: bed.store) { _ in throw FloeError(.storage, "disk full") }
        let transcode = try bed.context(input: input, encoding: TranscodeParameters(outputs: [TranscodeOutput(name: "a", container: .m4a)]))
        let error = await activityError { try await TranscodeActivity(objectStore: store).run(context: transcode) }
        #expect(error?.code == .storage)
        #expect(error?.isTransient == true)
        #expect(error?.message.contains("disk full") == true)

        let snapshot = try bed.context(input: input, encoding: SnapshotParameters())
        let snapshotError = await activityError { try await SnapshotActivity(objectStore: store).run(context: snapshot) }
        #expect(snapshotError?.code == .storage)
        #expect(snapshotError?.isTransient == true)
    }

    @Test func missingBinaryIsReported() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.clip(seconds: 1))
        let configuration = FFmpegConfiguration(ffmpegPath: "/nonexistent/ffmpeg", ffprobePath: "/nonexistent/ffprobe")
        let error = await activityError { try await MediaInfoActivity(objectStore: bed.store, configuration: configuration).run(context: bed.context(input: input)) }
        #expect(error?.code == .internalError)
        #expect(error?.message.contains("/nonexistent/ffprobe") == true)
    }

    @Test func configurationFindsToolsOnPath() {
        let configuration = FFmpegConfiguration()
        #expect(configuration.ffmpegPath.hasSuffix("/ffmpeg"))
        #expect(configuration.ffprobePath.hasSuffix("/ffprobe"))
        #expect(FFmpegConfiguration.locate("ffmpeg", path: "/nonexistent:") == nil)
    }

    @Test func ffmpegFailureIsDeterministic() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.clip(seconds: 1, audio: false))
        // SVT-AV1 refuses pictures under 64x64.
        let parameters = TranscodeParameters(outputs: [TranscodeOutput(name: "tiny", container: .mp4, video: VideoSettings(codec: .av1, width: 16, height: 16))])
        var errors: [ActivityError?] = []
        for _ in 0..<2 {
            let context = try bed.context(input: input, encoding: parameters)
            errors.append(await activityError { try await TranscodeActivity(objectStore: bed.store).run(context: context) })
        }
        let error = try #require(errors[0])
        #expect(error.code == .processFailed)
        #expect(!error.isTransient)
        #expect(error.message.hasPrefix("ffmpeg exited with status 1: "))
        #expect(error.message.contains("at least 64"))
        #expect(errors[0] == errors[1])
    }

    @Test func badParametersAreRejected() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.clip(seconds: 1))
        let context = try bed.context(input: input, parameters: .object(["Outputs": .array([.object(["Name": .string("x"), "Container": .string("avi")])])]))
        let error = await activityError { try await TranscodeActivity(objectStore: bed.store).run(context: context) }
        #expect(error?.code == .invalidParameter)
        #expect(error?.isTransient == false)
    }
}
