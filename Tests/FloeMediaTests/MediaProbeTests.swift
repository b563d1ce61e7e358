import FloeCore
@testable import FloeMedia
import Testing

@Suite struct MediaProbeTests {
    static let json = """
    {"streams": [
      {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 1920, "height": 1080, "level": 40,
       "r_frame_rate": "30000/1001", "avg_frame_rate": "30000/1001", "bit_rate": "4000000", "nb_frames": "300",
       "has_b_frames": 2, "time_base": "1/30000", "duration": "10.010000",
       "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}],
       "tags": {"language": "eng"}},
      {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "48000", "channels": 2,
       "channel_layout": "stereo", "bit_rate": "128000"},
      {"index": 2, "codec_name": "mjpeg", "codec_type": "video", "width": 600, "height": 600,
       "disposition": {"attached_pic": 1}},
      {"index": 3, "codec_name": "mov_text", "codec_type": "subtitle", "tags": {"language": "fra"}}
    ],
    "format": {"filename": "/tmp/x.mp4", "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "10.010000",
               "size": "5242880", "bit_rate": "4190000"}}
    """

    @Test func fieldsAreIMSStrings() throws {
        let probe = try #require(MediaProbe(ffprobeJSON: Self.json, fileName: "x.mp4"))
        let basic = probe.info.fileBasicInfo
        #expect(basic.fileName == "x.mp4")
        #expect(basic.fileSize == "5242880")
        #expect(basic.formatName == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect(basic.duration == "10.010000")
        #expect(basic.bitrate == "4190")
        // Displayed: the picture is turned a quarter.
        #expect(basic.width == "1080")
        #expect(basic.height == "1920")
        #expect(probe.duration == 10.01)

        let video = try #require(probe.info.videoStreamInfoList.first)
        #expect(video.index == "0")
        #expect(video.width == "1920")
        #expect(video.level == "40")
        #expect(video.fps == "29.97")
        #expect(video.avgFPS == "29.97")
        #expect(video.bitrate == "4000")
        #expect(video.nbFrames == "300")
        #expect(video.numFrames == "300")
        #expect(video.hasBFrames == "2")
        #expect(video.rotate == "90")
        #expect(video.lang == "eng")
        #expect(probe.video == MediaProbe.Video(codecName: "h264", codedWidth: 1920, codedHeight: 1080, rotation: 90))

        let audio = try #require(probe.info.audioStreamInfoList.first)
        #expect(audio.sampleRate == "48000")
        #expect(audio.channels == "2")
        #expect(audio.bitrate == "128")
        #expect(probe.info.subtitleStreamInfoList.first?.lang == "fra")
        // Cover art is listed but is not the main video.
        #expect(probe.info.videoStreamInfoList.count == 2)

        let encoded = try JSONValue(encoding: probe.info)
        #expect(encoded["VideoStreamInfoList"].map { "\($0)" }?.contains("Nb_frames") == true)
        #expect(Self.numbers(in: encoded).isEmpty)
    }

    @Test func coverArtIsNotVideo() throws {
        let json = """
        {"streams": [{"index": 0, "codec_name": "mp3", "codec_type": "audio"},
                     {"index": 1, "codec_name": "png", "codec_type": "video", "width": 500, "height": 500,
                      "disposition": {"attached_pic": 1}}],
         "format": {"format_name": "mp3", "duration": "3.0"}}
        """
        let probe = try #require(MediaProbe(ffprobeJSON: json, fileName: "a.mp3"))
        #expect(probe.video == nil)
        #expect(probe.audio?.codecName == "mp3")
        #expect(probe.info.fileBasicInfo.width == nil)
    }

    @Test func rotationFromTagOrMatrix() {
        #expect(MediaProbe.rotation(["tags": .object(["rotate": .string("270")])]) == 270)
        #expect(MediaProbe.rotation(["side_data_list": .array([.object(["rotation": .number(90)])])]) == 270)
        #expect(MediaProbe.rotation(["side_data_list": .array([.object(["rotation": .number(-180)])])]) == 180)
        #expect(MediaProbe.rotation([:]) == 0)
    }

    @Test func numbersAsText() {
        #expect(MediaProbe.decimal(599.04, places: 3) == "599.04")
        #expect(MediaProbe.decimal(25, places: 3) == "25")
        #expect(MediaProbe.frameRate(.string("0/0")) == nil)
        #expect(MediaProbe.frameRate(.string("25/1")) == "25")
        #expect(MediaProbe(ffprobeJSON: "not json", fileName: "x") == nil)
    }

    /// Paths of every JSON number in `value`.
    static func numbers(in value: JSONValue, path: String = "") -> [String] {
        switch value {
        case .number: [path]
        case .array(let items): items.enumerated().flatMap { numbers(in: $1, path: "\(path)[\($0)]") }
        case .object(let members): members.flatMap { numbers(in: $1, path: "\(path).\($0)") }
        default: []
        }
    }
}
