import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

@Suite struct FFprobeTests {
    let ffprobe = FFprobe()

    @Test func probesAClip() async throws {
        let clip = try await MediaFixtures.clip(seconds: 2, width: 320, height: 180)
        let probe = try await ffprobe.probe(clip, name: "oss://in/clip.mp4")
        let basic = probe.info.fileBasicInfo
        #expect(basic.fileName == "clip.mp4")
        #expect(basic.width == "320")
        #expect(basic.height == "180")
        #expect(basic.formatName == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect(basic.fileSize == String(try FileManager.default.attributesOfItem(atPath: clip.path)[.size] as! Int))
        #expect(Double(basic.duration ?? "").map { abs($0 - 2) < 0.1 } == true)
        #expect(Double(basic.bitrate ?? "") != nil)

        let video = try #require(probe.info.videoStreamInfoList.first)
        #expect(video.codecName == "h264")
        #expect(video.avgFPS == "25")
        #expect(video.fps == "25")
        #expect(video.nbFrames == "50")
        #expect(video.pixFmt == "yuv420p")
        #expect(video.rotate == "0")
        let audio = try #require(probe.info.audioStreamInfoList.first)
        #expect(audio.codecName == "aac")
        #expect(audio.sampleRate == "44100")
        #expect(audio.channels == "1")
    }

    @Test func rotatedClipReportsDisplayedSize() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1, width: 320, height: 180, audio: false, rotate: 90)
        let probe = try await ffprobe.probe(clip, name: "rotated.mp4")
        let video = try #require(probe.video)
        #expect(video.rotation == 90 || video.rotation == 270)
        #expect(probe.info.videoStreamInfoList.first?.rotate == String(video.rotation))
        #expect(probe.info.fileBasicInfo.width == "180")
        #expect(probe.info.fileBasicInfo.height == "320")
        #expect(probe.info.audioStreamInfoList.isEmpty)
    }

    @Test func probesAudioOnly() async throws {
        let probe = try await ffprobe.probe(MediaFixtures.audioOnly(format: .wav), name: "a.wav")
        #expect(probe.video == nil)
        #expect(probe.audio?.codecName == "pcm_s16le")
        #expect(probe.info.fileBasicInfo.formatName == "wav")
        #expect(probe.info.audioStreamInfoList.first?.channels == "2")
    }

    @Test(arguments: ["zero", "noise", "truncated"])
    func corruptInputsFailDeterministically(kind: String) async throws {
        let file = switch kind {
        case "zero": try MediaFixtures.zeroBytes()
        case "noise": try MediaFixtures.randomBytes()
        default: try await MediaFixtures.truncatedMP4()
        }
        let name = "oss://uploads/\(kind).mp4"
        let first = await activityError { try await ffprobe.probe(file, name: name) }
        let second = await activityError { try await ffprobe.probe(file, name: name) }
        let error = try #require(first)
        #expect(error.code == .invalidInput)
        #expect(!error.isTransient)
        #expect(error.message.contains(name))
        #expect(!error.message.contains(file.path))
        #expect(!error.message.contains("0x"))
        #expect(first == second)
    }
}
