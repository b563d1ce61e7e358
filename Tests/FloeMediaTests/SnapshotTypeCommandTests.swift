import FloeCore
import FloeEngine
@testable import FloeMedia
import Testing

@Suite struct SnapshotTypeCommandTests {
    static let probe = MediaProbe(
        info: MediaFileInfo(fileBasicInfo: FileBasicInfo()), duration: 4,
        video: .init(codecName: "h264", codedWidth: 320, codedHeight: 180), audio: nil
    )

    func after(_ flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).map { arguments[$0 + 1] }
    }

    @Test func normalIsUnchanged() {
        let arguments = SnapshotCommand(input: "/in.mp4", parameters: SnapshotParameters(time: 1, width: 160), folder: "/f").arguments
        #expect(arguments == ["-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats",
                              "-ss", "1", "-i", "/in.mp4", "-map", "0:V:0", "-vf", "scale=160:-1", "-frames:v", "1",
                              "-c:v", "mjpeg", "-q:v", "2", "-f", "image2", "-start_number", "1", "/f/%05d.jpg"])
    }

    @Test func coverWithoutTimePicksARepresentativeFrame() {
        let arguments = SnapshotCommand(input: "/in.mp4", parameters: SnapshotParameters(type: .cover, width: 160), folder: "/f").arguments
        #expect(!arguments.contains("-ss"))
        #expect(after("-vf", in: arguments) == "thumbnail,scale=160:-1")
        #expect(after("-frames:v", in: arguments) == "1")
        let timed = SnapshotCommand(input: "/in.mp4", parameters: SnapshotParameters(type: .cover, time: 2), folder: "/f").arguments
        #expect(after("-ss", in: timed) == "2")
        #expect(!timed.contains("-vf"))
    }

    @Test func keyframesSkipEveryOtherFrame() {
        let arguments = SnapshotCommand(input: "/in.mp4", parameters: SnapshotParameters(type: .keyframes, format: .png), folder: "/f").arguments
        let skip = arguments.firstIndex(of: "-skip_frame")
        #expect(skip.map { arguments[$0 + 1] } == "nokey")
        #expect(skip.map { $0 < arguments.firstIndex(of: "-i")! } == true)
        #expect(after("-fps_mode", in: arguments) == "vfr")
        #expect(after("-frames:v", in: arguments) == "100")
    }

    @Test func spriteDrawsSheetsAndListsTiles() throws {
        let parameters = SnapshotParameters(type: .sprite, interval: 0.5, width: 64, columns: 3, rows: 2)
        let plan = try SpritePlan(parameters: parameters, probe: Self.probe)
        #expect(plan == SpritePlan(columns: 3, rows: 2, tileWidth: 64, tileHeight: 36, interval: 0.5, maximumTiles: 1000))
        let arguments = SnapshotCommand(input: "/in.mp4", parameters: parameters, folder: "/f", sprite: plan).arguments
        #expect(after("-filter_complex", in: arguments) == "[0:V:0]fps=1/0.5,select='lt(n\\,1000)',scale=64:36,setsar=1,split=2[tiles][times];[tiles]tile=3x2[sheets]")
        #expect(Array(arguments.suffix(7)) == ["-map", "[times]", "-fps_mode", "passthrough", "-f", "framecrc", "/f/tiles.framecrc"])
        #expect(arguments.contains("/f/%05d.jpg"))
    }

    @Test func spriteTileSizeAndSpread() throws {
        let portrait = MediaProbe(info: Self.probe.info, duration: 10, video: .init(codecName: "h264", codedWidth: 320, codedHeight: 180, rotation: 90), audio: nil)
        let byDefault = try SpritePlan(parameters: SnapshotParameters(type: .sprite), probe: portrait)
        #expect((byDefault.tileWidth, byDefault.tileHeight) == (160, 284))
        #expect(byDefault.interval == 10)
        let spread = try SpritePlan(parameters: SnapshotParameters(type: .sprite, count: 20, height: 90), probe: portrait)
        #expect((spread.tileWidth, spread.tileHeight) == (50, 90))
        #expect(spread.interval == 0.5)
        #expect(spread.maximumTiles == 20)
    }

    @Test func tilePlaces() {
        let plan = SpritePlan(columns: 3, rows: 2, tileWidth: 64, tileHeight: 36, interval: 1, maximumTiles: 100)
        #expect(plan.place(ofTile: 0) == (1, 0, 0, 64, 36))
        #expect(plan.place(ofTile: 4) == (1, 64, 36, 64, 36))
        #expect(plan.place(ofTile: 6) == (2, 0, 0, 64, 36))
    }

    @Test func framecrcTimes() {
        let text = """
            #software: Lavf59.27.100
            #tb 0: 7/10
            #media_type 0: video
            0,          0,          0,        1,     3456, 0x886a990e
            0,          1,          1,        1,     3456, 0xf5b6968a
            0,          2,          2,        1,     3456, 0xe47e976d
            """
        #expect(SpriteTrack.frameTimes(framecrc: text) == [0, 0.7, 1.4])
        #expect(SpriteTrack.frameTimes(framecrc: "0, 0, 0, 1, 1, 0x0") == nil)
    }

    @Test func trackCuesAreContiguousAndEndAtTheDuration() {
        let plan = SpritePlan(columns: 2, rows: 1, tileWidth: 64, tileHeight: 36, interval: 1.5, maximumTiles: 100)
        let track = SpriteTrack.webVTT(times: [0.02, 1.5, 3, 4.5], duration: 4, plan: plan) { "s\($0).jpg" }
        #expect(track == """
            WEBVTT

            00:00:00.000 --> 00:00:01.500
            s1.jpg#xywh=0,0,64,36

            00:00:01.500 --> 00:00:03.000
            s1.jpg#xywh=64,0,64,36

            00:00:03.000 --> 00:00:04.000
            s2.jpg#xywh=0,0,64,36

            """)
        #expect(SpriteTrack.timestamp(3723.4567) == "01:02:03.457")
    }

    @Test func trackNamesSheetsBesideIt() throws {
        let track = try StorageLocation(parsing: "oss://out/t/sprite.vtt")
        #expect(SnapshotActivity.relativeName(of: try StorageLocation(parsing: "oss://out/t/00001.jpg"), from: track) == "00001.jpg")
        #expect(SnapshotActivity.relativeName(of: try StorageLocation(parsing: "oss://out/u/00001.jpg"), from: track) == "oss://out/u/00001.jpg")
    }
}
