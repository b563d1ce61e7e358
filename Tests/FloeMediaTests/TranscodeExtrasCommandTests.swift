import FloeCore
import FloeEngine
@testable import FloeMedia
import Testing

@Suite struct TranscodeExtrasCommandTests {
    static let landscape = TranscodeCommandTests.landscape
    static let hdr = MediaProbe(
        info: landscape.info, duration: 2,
        video: .init(codecName: "hevc", codedWidth: 1280, codedHeight: 720, colorTransfer: "smpte2084"), audio: .init(codecName: "aac", sampleRate: 44100)
    )
    static let logo = try! StorageLocation(parsing: "oss://brand/logo.png")

    func command(_ probe: MediaProbe = landscape, _ targets: TranscodeCommand.Target...) throws(ActivityError) -> [String] {
        try TranscodeCommand(input: "/in/a.mp4", probe: probe, targets: targets).arguments
    }

    func target(_ output: TranscodeOutput, watermark: String? = nil) -> TranscodeCommand.Target {
        TranscodeCommand.Target(output: output, path: "/out/\(output.name).\(output.container.rawValue)", watermarkPath: watermark)
    }

    func graph(_ arguments: [String]) -> String? {
        arguments.firstIndex(of: "-filter_complex").map { arguments[$0 + 1] }
    }

    @Test func clipSeeksOnTheInputSide() throws {
        let arguments = try command(Self.landscape, target(TranscodeOutput(name: "c", container: .mp4, clip: TranscodeClip(start: 0.5, duration: 1))))
        #expect(Array(arguments.prefix(14)) == ["-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats",
                                                "-ss", "0.5", "-t", "1", "-i", "/in/a.mp4"])
        #expect(arguments.filter { $0 == "-i" }.count == 1)
    }

    @Test func outputsWithDifferentClipsReadTheirOwnInput() throws {
        let arguments = try command(
            Self.landscape,
            target(TranscodeOutput(name: "whole", container: .mp4)),
            target(TranscodeOutput(name: "tail", container: .mp4, clip: TranscodeClip(start: 1))),
            target(TranscodeOutput(name: "whole2", container: .mkv))
        )
        #expect(Array(arguments[8...13]) == ["-i", "/in/a.mp4", "-ss", "1", "-i", "/in/a.mp4"])
        let text = try #require(graph(arguments))
        #expect(text.contains("[0:V:0]split=2[vs0][vs2]"))
        #expect(text.contains("[1:V:0]format=yuv420p[v1]"))
        #expect(text.contains("[1:a:0]anull[a1]"))
    }

    @Test func clipStartPastTheEndIsAnInvalidParameter() throws {
        #expect(throws: ActivityError.self) {
            try command(Self.landscape, target(TranscodeOutput(name: "late", container: .mp4, clip: TranscodeClip(start: 2))))
        }
        do {
            _ = try command(Self.landscape, target(TranscodeOutput(name: "late", container: .mp4, clip: TranscodeClip(start: 3))))
        } catch {
            #expect(error.code == .invalidParameter)
            #expect(!error.isTransient)
            #expect(error.message.contains("Clip.Start 3 s is past the end"))
        }
    }

    @Test(arguments: [
        (Watermark.Position.topLeft, "x=8:y=8"), (.topRight, "x=W-w-8:y=8"), (.bottomLeft, "x=8:y=H-h-8"),
        (.bottomRight, "x=W-w-8:y=H-h-8"), (.center, "x=(W-w)/2:y=(H-h)/2"),
    ])
    func watermarkIsOverlaidAfterScaling(position: Watermark.Position, xy: String) throws {
        let video = VideoSettings(codec: .h264, height: 360, watermark: Watermark(location: Self.logo, position: position, margin: 8, scale: 0.25))
        let arguments = try command(Self.landscape, target(TranscodeOutput(name: "w", container: .mp4, video: video), watermark: "/tmp/logo.png"))
        #expect(Array(arguments[8...11]) == ["-i", "/in/a.mp4", "-i", "/tmp/logo.png"])
        // 1280x720 scaled to height 360 is 640 wide; a quarter of it is 160.
        #expect(graph(arguments) == [
            "[0:V:0]scale=-2:360,format=yuv420p[vw0]", "[0:a:0]anull[a0]",
            "[1:v:0]scale=160:-1,format=rgba[wm0]", "[vw0][wm0]overlay=\(xy):eof_action=repeat,format=yuv420p[v0]",
        ].joined(separator: ";"))
        #expect(arguments.contains("[v0]"))
    }

    @Test func twoWatermarkedOutputsEachOpenTheImage() throws {
        let mark = Watermark(location: Self.logo)
        let arguments = try command(
            Self.landscape,
            target(TranscodeOutput(name: "a", container: .mp4, video: VideoSettings(codec: .h264, watermark: mark)), watermark: "/w.png"),
            target(TranscodeOutput(name: "b", container: .mp4, video: VideoSettings(codec: .h264, width: 640, watermark: mark)), watermark: "/w.png")
        )
        #expect(arguments.filter { $0 == "/w.png" }.count == 2)
        let text = try #require(graph(arguments))
        #expect(text.contains("[1:v:0]format=rgba[wm0]"))
        #expect(text.contains("[2:v:0]format=rgba[wm1]"))
        #expect(text.contains("[vw1][wm1]overlay=x=W-w-10:y=10:eof_action=repeat,format=yuv420p[v1]"))
    }

    @Test func deinterlaceComesBeforeScaling() throws {
        let arguments = try command(Self.landscape, target(TranscodeOutput(name: "d", container: .mp4, video: VideoSettings(codec: .h264, height: 360, deinterlace: true), audio: AudioSettings(codec: .none))))
        #expect(graph(arguments) == "[0:V:0]bwdif=mode=send_frame,scale=-2:360,format=yuv420p[v0]")
    }

    @Test func hdrIsToneMappedAndTaggedBT709() throws {
        let arguments = try command(Self.hdr, target(TranscodeOutput(name: "sdr", container: .mp4, video: VideoSettings(codec: .h264, height: 360), audio: AudioSettings(codec: .none))))
        #expect(graph(arguments) == "[0:V:0]zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p,scale=-2:360,format=yuv420p[v0]")
        #expect(arguments.contains("-color_trc"))
        #expect(TranscodeCommandTests().value("-color_trc", in: arguments) == "bt709")
        // SDR input: no tone mapping, no tags.
        let sdr = try command(Self.landscape, target(TranscodeOutput(name: "sdr", container: .mp4, video: VideoSettings(codec: .h264), audio: AudioSettings(codec: .none))))
        #expect(graph(sdr)?.contains("zscale") == false)
        #expect(!sdr.contains("-color_trc"))
    }

    @Test func hdrFailIsUnsupported() throws {
        do {
            _ = try command(Self.hdr, target(TranscodeOutput(name: "strict", container: .mp4, video: VideoSettings(codec: .h264, hdr: .fail))))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.message.contains("HDR input (smpte2084 transfer) is not supported (Video.HDR: Fail)"))
        }
        // Audio only from an HDR input needs no video decision.
        #expect(throws: Never.self) {
            try command(Self.hdr, target(TranscodeOutput(name: "m", container: .m4a, video: VideoSettings(codec: .none, hdr: nil))))
        }
    }

    @Test func loudnormResamplesBack() throws {
        let loud = try command(Self.hdr, target(TranscodeOutput(name: "l", container: .m4a, audio: AudioSettings(codec: .aac, loudnorm: Loudnorm(integrated: -16, truePeak: -1.5, range: 11)))))
        #expect(graph(loud) == "[0:a:0]loudnorm=I=-16:TP=-1.5:LRA=11,aformat=sample_rates=44100[a0]")
        let asked = try command(Self.hdr, target(TranscodeOutput(name: "l", container: .m4a, audio: AudioSettings(codec: .aac, sampleRate: 48000, loudnorm: Loudnorm()))))
        #expect(graph(asked) == "[0:a:0]loudnorm=I=-23:TP=-1:LRA=7,aformat=sample_rates=48000[a0]")
    }

    @Test func outputWidthFollowsTheDisplayedPicture() {
        let portrait = MediaProbe(info: Self.landscape.info, duration: 2, video: .init(codecName: "h264", codedWidth: 320, codedHeight: 180, rotation: 90), audio: nil)
        #expect(TranscodeCommand.outputWidth(VideoSettings(codec: .h264), probe: portrait) == 180)
        #expect(TranscodeCommand.outputWidth(VideoSettings(codec: .h264, height: 640), probe: portrait) == 360)
        #expect(TranscodeCommand.outputWidth(VideoSettings(codec: .h264, width: 100), probe: portrait) == 100)
    }

    @Test func progressFollowsTheLongestClip() {
        let outputs = [
            TranscodeOutput(name: "a", container: .mp4, clip: TranscodeClip(start: 1, duration: 2)),
            TranscodeOutput(name: "b", container: .mp4, clip: TranscodeClip(start: 8)),
        ]
        #expect(TranscodeActivity.longestOutput(outputs, inputDuration: 10) == 2)
        #expect(TranscodeActivity.longestOutput(outputs + [TranscodeOutput(name: "c", container: .mp4)], inputDuration: 10) == 10)
    }

    @Test(arguments: [("smpte2084", true), ("arib-std-b67", true), ("bt709", false)])
    func probeReadsTheTransfer(transfer: String, hdr: Bool) throws {
        let json = """
            {"format": {"duration": "1.0"}, "streams": [
              {"codec_type": "video", "codec_name": "hevc", "width": 320, "height": 180, "color_transfer": "\(transfer)"},
              {"codec_type": "audio", "codec_name": "aac", "sample_rate": "48000"}]}
            """
        let probe = try #require(MediaProbe(ffprobeJSON: json, fileName: "a.mp4"))
        #expect(probe.video?.colorTransfer == transfer)
        #expect(probe.video?.isHDR == hdr)
        #expect(probe.audio?.sampleRate == 48000)
    }
}
