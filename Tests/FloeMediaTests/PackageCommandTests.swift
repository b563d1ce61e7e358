import FloeCore
import FloeEngine
@testable import FloeMedia
import Testing

@Suite struct PackageCommandTests {
    let probe = MediaProbe(info: MediaFileInfo(fileBasicInfo: .init()), duration: 10, video: .init(codecName: "h264", codedWidth: 1920, codedHeight: 1080),
                           audio: .init(codecName: "aac"))

    func command(_ parameters: PackageParameters, probe: MediaProbe? = nil) throws -> [String] {
        try PackageCommand(input: "/in.mp4", probe: probe ?? self.probe, parameters: parameters, renditions: parameters.renditions,
                           folder: "/out", baseName: "master").arguments
    }

    @Test func encoderOptionsApplyToTheirOwnStream() {
        #expect(PackageCommand.streamSpecific(["-c:v", "libx264", "-preset", "veryfast", "-b:v", "800k"], stream: "v:2")
                == ["-c:v:2", "libx264", "-preset:v:2", "veryfast", "-b:v:2", "800k"])
        #expect(PackageCommand.streamSpecific(["-c:a", "aac", "-b:a", "96k"], stream: "a:1") == ["-c:a:1", "aac", "-b:a:1", "96k"])
    }

    @Test func oneDecodeSplitIntoEveryRenditionWithAlignedKeyframes() throws {
        let parameters = PackageParameters(segmentDuration: 4, renditions: ["h264-1080p", "h264-720p", "h264-360p"].map {
            TranscodeOutput(preset: TranscodePreset.named($0)!)
        })
        let arguments = try command(parameters)
        #expect(arguments.filter { $0 == "-i" }.count == 1, "one input, decoded once")
        let graph = try #require(arguments.firstIndex(of: "-filter_complex").map { arguments[$0 + 1] })
        #expect(graph.hasPrefix("[0:V:0]split=3[vs0][vs1][vs2];"))
        #expect(graph.contains("[0:a:0]asplit=3[as0][as1][as2]"))
        #expect(graph.contains("scale=-2:720"))
        #expect(arguments.contains("-b:v:1") && arguments[arguments.firstIndex(of: "-b:v:1")! + 1] == "2800k")
        #expect(arguments.contains("expr:gte(t,n_forced*4)"))
        let map = try #require(arguments.firstIndex(of: "-var_stream_map").map { arguments[$0 + 1] })
        #expect(map == "v:0,a:0,name:h264-1080p v:1,a:1,name:h264-720p v:2,a:2,name:h264-360p")
        #expect(arguments.last == "/out/master_%v.m3u8")
        #expect(arguments.contains("/out/master_%v_%05d.m4s"))
    }

    @Test func renditionsWithoutAudioAndTransportStreamSegments() throws {
        let parameters = PackageParameters(segmentFormat: .ts, renditions: [
            TranscodeOutput(name: "a", container: .mp4, video: VideoSettings(codec: .h264, height: 360), audio: AudioSettings(codec: .none)),
            TranscodeOutput(name: "b", container: .mp4, video: VideoSettings(codec: .h264, height: 180)),
        ])
        let arguments = try command(parameters)
        #expect(arguments[arguments.firstIndex(of: "-var_stream_map")! + 1] == "v:0,name:a v:1,a:0,name:b")
        #expect(arguments.contains("mpegts") && arguments.contains("/out/master_%v_%05d.ts"))
        #expect(!arguments.contains("-hls_fmp4_init_filename"))
    }

    @Test func dashPutsVideoAndAudioInTwoAdaptationSets() throws {
        let parameters = PackageParameters(format: .dash, renditions: [TranscodeOutput(preset: TranscodePreset.named("h264-360p")!)])
        let arguments = try command(parameters)
        #expect(arguments[arguments.firstIndex(of: "-adaptation_sets")! + 1] == "id=0,streams=v id=1,streams=a")
        #expect(arguments.last == "/out/master.mpd")
        let silent = MediaProbe(info: MediaFileInfo(fileBasicInfo: .init()), duration: 10, video: probe.video, audio: nil)
        let noAudio = try command(parameters, probe: silent)
        #expect(noAudio[noAudio.firstIndex(of: "-adaptation_sets")! + 1] == "id=0,streams=v")
    }

    @Test func anInputWithoutVideoCannotBePackaged() throws {
        let audioOnly = MediaProbe(info: MediaFileInfo(fileBasicInfo: .init()), duration: 10, video: nil, audio: .init(codecName: "mp3"))
        let error = #expect(throws: ActivityError.self) {
            try command(PackageParameters(renditions: [TranscodeOutput(preset: TranscodePreset.named("h264-360p")!)]), probe: audioOnly)
        }
        #expect(error?.code == .invalidInput && error?.isTransient == false)
    }

    @Test func renditionsLargerThanTheInputAreLeftOutUnlessUpscaling() {
        let ladder = ["h264-1080p", "h264-720p", "h264-360p"].map { TranscodeOutput(preset: TranscodePreset.named($0)!) }
        let small = MediaProbe(info: MediaFileInfo(fileBasicInfo: .init()), duration: 10, video: .init(codecName: "h264", codedWidth: 1280, codedHeight: 720), audio: nil)
        let kept = PackageActivity.renditions(PackageParameters(renditions: ladder), for: small)
        #expect(kept.kept.map(\.name) == ["h264-720p", "h264-360p"] && kept.skipped == ["h264-1080p"])
        let upscaled = PackageActivity.renditions(PackageParameters(renditions: ladder, upscale: true), for: small)
        #expect(upscaled.kept.count == 3 && upscaled.skipped.isEmpty)
        let tiny = MediaProbe(info: MediaFileInfo(fileBasicInfo: .init()), duration: 10, video: .init(codecName: "h264", codedWidth: 160, codedHeight: 90), audio: nil)
        let smallest = PackageActivity.renditions(PackageParameters(renditions: ladder), for: tiny)
        #expect(smallest.kept.map(\.name) == ["h264-360p"], "the smallest is kept when every rendition is larger")
        // A portrait input: a rendition's height is compared with the displayed height.
        let portrait = MediaProbe(info: MediaFileInfo(fileBasicInfo: .init()), duration: 10, video: .init(codecName: "h264", codedWidth: 1920, codedHeight: 1080, rotation: 90), audio: nil)
        #expect(PackageActivity.renditions(PackageParameters(renditions: ladder), for: portrait).kept.count == 3)
    }

    @Test func playlistsAreRead() {
        let master = HLSPlaylist("""
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-STREAM-INF:BANDWIDTH=3220800,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
            m_720p.m3u8
            """)
        #expect(master.variants == [.init(uri: "m_720p.m3u8", bandwidth: 3_220_800, resolution: "1280x720")])
        let media = HLSPlaylist("""
            #EXTM3U
            #EXT-X-TARGETDURATION:4
            #EXT-X-MAP:URI="m_720p_init.mp4"
            #EXTINF:4.000000,
            m_720p_00000.m4s
            #EXTINF:2.5,
            m_720p_00001.m4s
            #EXT-X-ENDLIST
            """)
        #expect(media.segments == [.init(uri: "m_720p_00000.m4s", duration: 4), .init(uri: "m_720p_00001.m4s", duration: 2.5)])
        #expect(media.uris == ["m_720p_init.mp4", "m_720p_00000.m4s", "m_720p_00001.m4s"])
    }
}
