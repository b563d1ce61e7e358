import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

@Suite struct TranscodeActivityTests {
    /// Runs a transcode of `input` into `outputs` and returns the result and each output's probe.
    func transcode(_ input: URL, _ outputs: [TranscodeOutput], location: String? = nil,
                   in bed: MediaTestBed) async throws -> (ActivityResult, [MediaProbe]) {
        let stored = try await bed.put(input)
        let parameters = try TranscodeParameters(outputLocation: location.map { try OutputLocationTemplate($0) }, outputs: outputs)
        let context = try bed.context(input: stored, encoding: parameters, activityName: "renditions")
        let result = try await TranscodeActivity(objectStore: bed.store).run(context: context)
        var probes: [MediaProbe] = []
        for file in result.files { probes.append(try await bed.probe(file.location)) }
        return (result, probes)
    }

    @Test func twoRenditionsFromOneDecode() async throws {
        let bed = try MediaTestBed()
        let (result, probes) = try await transcode(MediaFixtures.clip(), [
            TranscodeOutput(name: "144p", container: .mp4, video: VideoSettings(codec: .h264, height: 144, bitrate: 300, preset: "ultrafast"), audio: AudioSettings(codec: .aac, bitrate: 64)),
            TranscodeOutput(name: "90p", container: .mp4, video: VideoSettings(codec: .h265, height: 90, crf: 30, preset: "ultrafast")),
        ], in: bed)
        #expect(result.files.map(\.location.description) == [
            "oss://media-out/\(bed.taskID)/renditions/144p.mp4",
            "oss://media-out/\(bed.taskID)/renditions/90p.mp4",
        ])
        #expect(result.files.allSatisfy { $0.fileType == .transcodeFile && $0.activityName == "renditions" })
        #expect(result.files.map { $0.info?.fileBasicInfo.fileType } == ["transcode_file", "transcode_file"])
        #expect(probes.map { $0.video?.codecName } == ["h264", "hevc"])
        #expect(probes.map { $0.video?.displayHeight } == [144, 90])
        #expect(probes.map { $0.video?.displayWidth } == [256, 160])
        #expect(probes.map { $0.audio?.codecName } == ["aac", "aac"])
        #expect(result.files[1].info?.videoStreamInfoList.first?.codecTagString == "hvc1")
        #expect(result.files[0].info == probes[0].info.with(fileType: "transcode_file", url: result.files[0].location))
        #expect(bed.progress.latest == 100)
        #expect(result.data?["Outputs"] != nil)
    }

    @Test func webmWithVP9AndOpus() async throws {
        let bed = try MediaTestBed()
        let (result, probes) = try await transcode(MediaFixtures.clip(seconds: 1, width: 160, height: 90), [
            TranscodeOutput(name: "web", container: .webm, video: VideoSettings(codec: .vp9, crf: 40, preset: "8"), audio: AudioSettings(codec: .opus, bitrate: 48)),
        ], in: bed)
        #expect(result.files.first?.location.fileExtension == "webm")
        #expect(probes.first?.video?.codecName == "vp9")
        #expect(probes.first?.audio?.codecName == "opus")
        #expect(probes.first?.info.fileBasicInfo.formatName == "matroska,webm")
    }

    @Test func audioOnlyOutputs() async throws {
        let bed = try MediaTestBed()
        let (result, probes) = try await transcode(MediaFixtures.clip(seconds: 1), [
            TranscodeOutput(name: "music", container: .m4a, audio: AudioSettings(codec: .aac, bitrate: 96)),
            TranscodeOutput(name: "speech", container: .mp3, audio: AudioSettings(codec: .mp3, bitrate: 64, sampleRate: 22050, channels: 1)),
        ], location: "oss://media-out/audio/{FileName}-{OutputName}.{Ext}", in: bed)
        #expect(result.files.map(\.location.key) == ["audio/clip-1.0s-320x180-25fps-music.m4a", "audio/clip-1.0s-320x180-25fps-speech.mp3"])
        #expect(probes.allSatisfy { $0.video == nil && $0.info.videoStreamInfoList.isEmpty })
        #expect(probes.map { $0.audio?.codecName } == ["aac", "mp3"])
        #expect(probes[1].info.audioStreamInfoList.first?.sampleRate == "22050")
        #expect(probes[1].info.audioStreamInfoList.first?.channels == "1")
    }

    @Test func inputWithoutAudio() async throws {
        let bed = try MediaTestBed()
        let input = try await MediaFixtures.clip(seconds: 1, audio: false)
        let (_, probes) = try await transcode(input, [TranscodeOutput(name: "v", container: .mp4, video: VideoSettings(codec: .h264, width: 160, preset: "ultrafast"))], in: bed)
        #expect(probes.first?.video?.displayWidth == 160)
        #expect(probes.first?.audio == nil)

        let error = await activityError { try await transcode(input, [TranscodeOutput(name: "sound", container: .m4a)], in: bed) }
        #expect(error?.code == .invalidInput)
        #expect(error?.isTransient == false)
    }

    @Test func audioOnlyInput() async throws {
        let bed = try MediaTestBed()
        let input = try await MediaFixtures.audioOnly(seconds: 1, format: .mp3)
        let (result, probes) = try await transcode(input, [
            TranscodeOutput(name: "video", container: .mp4, video: VideoSettings(codec: .h264, height: 360)),
            TranscodeOutput(name: "copy", container: .mp3, audio: AudioSettings(codec: .copy)),
        ], in: bed)
        #expect(result.files.count == 2)
        #expect(probes.map { $0.video == nil } == [true, true])
        #expect(probes.map { $0.audio?.codecName } == ["aac", "mp3"])

        let error = await activityError {
            try await transcode(input, [TranscodeOutput(name: "mute", container: .mp4, audio: AudioSettings(codec: .none))], in: bed)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("'mute'") == true)
    }

    @Test(arguments: [(width: 180, height: 320, rotate: Int?.none), (width: 320, height: 180, rotate: 90)])
    func portraitOutputIsSizedAsDisplayed(width: Int, height: Int, rotate: Int?) async throws {
        let bed = try MediaTestBed()
        let input = try await MediaFixtures.clip(seconds: 1, width: width, height: height, audio: false, rotate: rotate)
        let (_, probes) = try await transcode(input, [
            TranscodeOutput(name: "h", container: .mp4, video: VideoSettings(codec: .h264, height: 160, preset: "ultrafast")),
            TranscodeOutput(name: "full", container: .mov, video: VideoSettings(codec: .h264, preset: "ultrafast")),
        ], in: bed)
        #expect(probes.map { $0.video?.rotation } == [0, 0])
        #expect(probes.map { $0.video?.displayWidth } == [90, 180])
        #expect(probes.map { $0.video?.displayHeight } == [160, 320])
    }

    @Test func streamCopy() async throws {
        let bed = try MediaTestBed()
        let (_, probes) = try await transcode(MediaFixtures.clip(seconds: 1), [
            TranscodeOutput(name: "remux", container: .mkv, video: VideoSettings(codec: .copy), audio: AudioSettings(codec: .copy)),
            TranscodeOutput(name: "ts", container: .ts, video: VideoSettings(codec: .copy), audio: AudioSettings(codec: .aac, bitrate: 32)),
        ], in: bed)
        #expect(probes.map { $0.video?.codecName } == ["h264", "h264"])
        #expect(probes.map { $0.video?.codedWidth } == [320, 320])
        #expect(probes.map { $0.audio?.codecName } == ["aac", "aac"])
        #expect(probes.map(\.info.fileBasicInfo.formatName) == ["matroska,webm", "mpegts"])
    }

    @Test(arguments: ["zero", "truncated"])
    func corruptInputFails(kind: String) async throws {
        let bed = try MediaTestBed()
        let input = kind == "zero" ? try MediaFixtures.zeroBytes() : try await MediaFixtures.truncatedMP4()
        let outputs = [TranscodeOutput(name: "o", container: .mp4)]
        let first = await activityError { try await transcode(input, outputs, in: bed) }
        let second = await activityError { try await transcode(input, outputs, in: bed) }
        #expect(first?.code == .invalidInput)
        #expect(first?.isTransient == false)
        #expect(first?.message.contains(input.lastPathComponent) == true)
        #expect(first == second)
    }
}

extension MediaFileInfo {
    func with(fileType: String, url: StorageLocation) -> MediaFileInfo {
        var copy = self
        copy.fileBasicInfo.fileType = fileType
        copy.fileBasicInfo.fileUrl = url.description
        copy.fileBasicInfo.fileName = url.fileName
        return copy
    }
}
