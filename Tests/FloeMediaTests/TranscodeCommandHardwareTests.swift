import FloeCore
import FloeEngine
@testable import FloeMedia
import Testing

/// ``TranscodeCommand`` with the video encoder chosen for each output.
@Suite struct TranscodeCommandHardwareTests {
    let probe = TranscodeCommandTests.landscape

    func command(_ targets: [TranscodeCommand.Target]) throws -> [String] {
        try TranscodeCommand(input: "/in/a.mp4", probe: probe, targets: targets).arguments
    }

    func value(_ flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).map { arguments[$0 + 1] }
    }

    static let output720 = TranscodeOutput(name: "720p", container: .mp4, video: VideoSettings(codec: .h264, height: 720, bitrate: 2500, hardware: .auto),
                                           audio: AudioSettings(codec: .aac))
    static let output360 = TranscodeOutput(name: "360p", container: .mp4, video: VideoSettings(codec: .h264, height: 360, crf: 28),
                                           audio: AudioSettings(codec: .aac))

    @Test func theDefaultEncoderIsTheSoftwareOne() throws {
        let target = TranscodeCommand.Target(output: Self.output720, path: "/out/720p.mp4")
        #expect(target.videoEncoder == .software(.h264))
        let arguments = try command([target])
        #expect(value("-c:v", in: arguments) == "libx264")
        #expect(!arguments.contains("-vaapi_device"))
    }

    @Test func nvencOutputBesideASoftwareOne() throws {
        let arguments = try command([
            TranscodeCommand.Target(output: Self.output720, path: "/out/720p.mp4", videoEncoder: .hardware(HardwareEncoder(.nvenc, .h264))),
            TranscodeCommand.Target(output: Self.output360, path: "/out/360p.mp4"),
        ])
        #expect(value("-filter_complex", in: arguments)?.hasPrefix("[0:V:0]split=2[vs0][vs1];[vs0]scale=-2:720,format=yuv420p[v0];[vs1]scale=-2:360,format=yuv420p[v1]") == true)
        let first = Array(arguments.drop { $0 != "[v0]" }.prefix { $0 != "/out/720p.mp4" })
        #expect(first.starts(with: ["[v0]", "-c:v", "h264_nvenc", "-b:v", "2500k"]))
        let second = Array(arguments.drop { $0 != "[v1]" }.prefix { $0 != "/out/360p.mp4" })
        #expect(second.starts(with: ["[v1]", "-c:v", "libx264", "-crf", "28"]))
    }

    @Test func vaapiOpensItsDeviceBeforeTheInputAndUploads() throws {
        let arguments = try command([
            TranscodeCommand.Target(output: Self.output720, path: "/out/720p.mp4", videoEncoder: .hardware(HardwareEncoder(.vaapi, .h264))),
        ])
        let input = try #require(arguments.firstIndex(of: "-i"))
        #expect(Array(arguments[(input - 2)...(input + 1)]) == ["-vaapi_device", "/dev/dri/renderD128", "-i", "/in/a.mp4"])
        #expect(value("-filter_complex", in: arguments)?.hasPrefix("[0:V:0]scale=-2:720,format=nv12,hwupload[v0]") == true)
        #expect(value("-c:v", in: arguments) == "h264_vaapi")
    }

    @Test func qsvConvertsToNV12() throws {
        let arguments = try command([
            TranscodeCommand.Target(output: Self.output720, path: "/out/720p.mp4", videoEncoder: .hardware(HardwareEncoder(.qsv, .h264))),
        ])
        #expect(value("-filter_complex", in: arguments)?.hasPrefix("[0:V:0]scale=-2:720,format=nv12[v0]") == true)
        #expect(value("-c:v", in: arguments) == "h264_qsv")
    }
}
