import FloeCore
import FloeEngine
@testable import FloeMedia
import Testing

@Suite struct TranscodeCommandTests {
    static let landscape = MediaProbe(
        info: MediaFileInfo(fileBasicInfo: FileBasicInfo()), duration: 2,
        video: .init(codecName: "h264", codedWidth: 1280, codedHeight: 720), audio: .init(codecName: "aac")
    )
    static let silent = MediaProbe(info: landscape.info, duration: 2, video: landscape.video, audio: nil)
    static let audioOnly = MediaProbe(info: landscape.info, duration: 2, video: nil, audio: .init(codecName: "mp3"))

    func command(_ probe: MediaProbe = landscape, _ outputs: TranscodeOutput...) throws -> [String] {
        let targets = outputs.map { TranscodeCommand.Target(output: $0, path: "/out/\($0.name).\($0.container.rawValue)") }
        return try TranscodeCommand(input: "/in/a.mp4", probe: probe, targets: targets).arguments
    }

    /// The value after the first occurrence of `flag`.
    func value(_ flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).map { arguments[$0 + 1] }
    }

    @Test func twoOutputsShareOneDecode() throws {
        let arguments = try command(
            Self.landscape,
            TranscodeOutput(name: "720p", container: .mp4, video: VideoSettings(codec: .h264, height: 720, bitrate: 2500), audio: AudioSettings(codec: .aac, bitrate: 128)),
            TranscodeOutput(name: "360p", container: .mp4, video: VideoSettings(codec: .h264, height: 360, crf: 28, preset: "fast", profile: "main", gop: 50), audio: AudioSettings(codec: .aac, bitrate: 96))
        )
        #expect(arguments.filter { $0 == "-i" }.count == 1)
        #expect(value("-filter_complex", in: arguments) == [
            "[0:V:0]split=2[vs0][vs1]",
            "[vs0]scale=-2:720,format=yuv420p[v0]",
            "[vs1]scale=-2:360,format=yuv420p[v1]",
            "[0:a:0]asplit=2[as0][as1]",
            "[as0]anull[a0]",
            "[as1]anull[a1]",
        ].joined(separator: ";"))
        let second = Array(arguments.drop { $0 != "/out/720p.mp4" }.dropFirst())
        #expect(Array(arguments.prefix(10)) == ["-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats", "-i", "/in/a.mp4"])
        #expect(arguments.contains("2500k"))
        #expect(second == [
            "-map", "[v1]", "-c:v", "libx264", "-preset", "fast", "-profile:v", "main", "-crf", "28", "-g", "50",
            "-map", "[a1]", "-c:a", "aac", "-b:a", "96k", "-f", "mp4", "-movflags", "+faststart", "/out/360p.mp4",
        ])
    }

    @Test func oneOutputNeedsNoSplit() throws {
        let arguments = try command(Self.landscape, TranscodeOutput(name: "w", container: .mkv, video: VideoSettings(codec: .h264, width: 640, fps: 29.97)))
        #expect(value("-filter_complex", in: arguments) == "[0:V:0]scale=640:-2,fps=29.97,format=yuv420p[v0];[0:a:0]anull[a0]")
        #expect(value("-f", in: arguments) == "matroska")
        #expect(!arguments.contains("-movflags"))
    }

    @Test func bothSidesGiveExactSizeWithSquarePixels() throws {
        let arguments = try command(Self.landscape, TranscodeOutput(name: "sq", container: .mp4, video: VideoSettings(codec: .h264, width: 200, height: 200), audio: AudioSettings(codec: .none)))
        #expect(value("-filter_complex", in: arguments) == "[0:V:0]scale=200:200,setsar=1,format=yuv420p[v0]")
        #expect(!arguments.contains("-c:a"))
    }

    @Test func oddPicturesAreMadeEven() throws {
        let odd = MediaProbe(info: Self.landscape.info, duration: 1, video: .init(codecName: "h264", codedWidth: 321, codedHeight: 181), audio: nil)
        let arguments = try command(odd, TranscodeOutput(name: "o", container: .mp4))
        #expect(value("-filter_complex", in: arguments) == "[0:V:0]scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p[v0]")
    }

    @Test func h265IsTaggedHvc1OnlyInMP4AndMOV() throws {
        let mp4 = try command(Self.landscape, TranscodeOutput(name: "a", container: .mp4, video: VideoSettings(codec: .h265, profile: "main10")))
        #expect(value("-tag:v", in: mp4) == "hvc1")
        #expect(value("-c:v", in: mp4) == "libx265")
        #expect(value("-filter_complex", in: mp4)?.contains("format=yuv420p10le") == true)
        let mkv = try command(Self.landscape, TranscodeOutput(name: "b", container: .mkv, video: VideoSettings(codec: .h265)))
        #expect(!mkv.contains("-tag:v"))
    }

    @Test func vp9AndAv1Settings() throws {
        let webm = try command(Self.landscape, TranscodeOutput(name: "w", container: .webm, video: VideoSettings(codec: .vp9), audio: AudioSettings(codec: .opus, bitrate: 64, sampleRate: 48000, channels: 2)))
        #expect(value("-c:v", in: webm) == "libvpx-vp9")
        #expect(value("-crf", in: webm) == "32")
        #expect(value("-b:v", in: webm) == "0")
        #expect(value("-c:a", in: webm) == "libopus")
        #expect(value("-filter_complex", in: webm)?.hasSuffix("[0:a:0]aresample=48000,aformat=channel_layouts=stereo[a0]") == true)
        #expect(value("-f", in: webm) == "webm")
        let av1 = try command(Self.landscape, TranscodeOutput(name: "v", container: .mkv, video: VideoSettings(codec: .av1, bitrate: 900, preset: "10", gop: 120)))
        #expect(value("-c:v", in: av1) == "libsvtav1")
        #expect(value("-preset", in: av1) == "10")
        #expect(value("-b:v", in: av1) == "900k")
        #expect(value("-g", in: av1) == "120")
    }

    @Test func copyMapsStreamsDirectly() throws {
        let arguments = try command(Self.landscape, TranscodeOutput(name: "c", container: .ts, video: VideoSettings(codec: .copy), audio: AudioSettings(codec: .copy)))
        #expect(!arguments.contains("-filter_complex"))
        #expect(Array(arguments.drop { $0 != "-map" }) == ["-map", "0:V:0", "-c:v", "copy", "-map", "0:a:0", "-c:a", "copy", "-f", "mpegts", "/out/c.ts"])
    }

    @Test func copyAndEncodeMix() throws {
        let arguments = try command(
            Self.landscape,
            TranscodeOutput(name: "c", container: .mkv, video: VideoSettings(codec: .copy), audio: AudioSettings(codec: .copy)),
            TranscodeOutput(name: "e", container: .mp4, video: VideoSettings(codec: .h264, height: 360))
        )
        #expect(value("-filter_complex", in: arguments) == "[0:V:0]scale=-2:360,format=yuv420p[v1];[0:a:0]anull[a1]")
    }

    @Test func audioOnlyOutputs() throws {
        let arguments = try command(
            Self.landscape,
            TranscodeOutput(name: "m4a", container: .m4a),
            TranscodeOutput(name: "mp3", container: .mp3, audio: AudioSettings(codec: .mp3, bitrate: 128, channels: 1))
        )
        #expect(value("-filter_complex", in: arguments) == "[0:a:0]asplit=2[as0][as1];[as0]anull[a0];[as1]aformat=channel_layouts=mono[a1]")
        #expect(!arguments.contains("-c:v"))
        #expect(arguments.contains("ipod"))
        #expect(arguments.contains("libmp3lame"))
    }

    @Test func inputWithoutAudioSkipsAudio() throws {
        let arguments = try command(Self.silent, TranscodeOutput(name: "v", container: .mp4))
        #expect(value("-filter_complex", in: arguments) == "[0:V:0]format=yuv420p[v0]")
        #expect(!arguments.contains("-c:a"))
        let error = #expect(throws: ActivityError.self) { try command(Self.silent, TranscodeOutput(name: "sound", container: .m4a)) }
        #expect(error?.code == .invalidInput)
        #expect(error?.isTransient == false)
        #expect(error?.message.contains("'sound'") == true)
    }

    @Test func audioOnlyInputKeepsAudioOfVideoOutputs() throws {
        let arguments = try command(Self.audioOnly, TranscodeOutput(name: "v", container: .mp4, video: VideoSettings(codec: .h264, height: 720)))
        #expect(value("-filter_complex", in: arguments) == "[0:a:0]anull[a0]")
        #expect(!arguments.contains("-c:v"))
        let error = #expect(throws: ActivityError.self) {
            try command(Self.audioOnly, TranscodeOutput(name: "mute", container: .mp4, audio: AudioSettings(codec: .none)))
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("no video stream") == true)
    }

    @Test func audioCopyMustFitTheContainer() throws {
        let error = #expect(throws: ActivityError.self) {
            try command(Self.landscape, TranscodeOutput(name: "a", container: .mp3, audio: AudioSettings(codec: .copy)))
        }
        #expect(error?.code == .unsupported)
        _ = try command(Self.audioOnly, TranscodeOutput(name: "a", container: .mp3, audio: AudioSettings(codec: .copy)))
    }
}
