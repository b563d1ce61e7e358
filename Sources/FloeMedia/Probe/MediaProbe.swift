import FloeCore
import Foundation

/// What ffprobe read of a file: the IMS `FileInfo` (every number a string), and the few facts the
/// activities act on.
public struct MediaProbe: Hashable, Sendable {
    /// The main video stream: the first video stream that is not an attached picture (cover art).
    public struct Video: Hashable, Sendable {
        public var codecName: String
        /// Width and height as stored.
        public var codedWidth: Int
        public var codedHeight: Int
        /// Clockwise rotation applied on display: 0, 90, 180 or 270.
        public var rotation: Int
        /// ffprobe's `color_transfer`, such as `bt709`, `smpte2084` (PQ) or `arib-std-b67` (HLG).
        public var colorTransfer: String?

        public init(codecName: String, codedWidth: Int, codedHeight: Int, rotation: Int = 0, colorTransfer: String? = nil) {
            self.codecName = codecName
            self.codedWidth = codedWidth
            self.codedHeight = codedHeight
            self.rotation = rotation
            self.colorTransfer = colorTransfer
        }

        /// True for high dynamic range video: a PQ (`smpte2084`) or HLG (`arib-std-b67`) transfer.
        public var isHDR: Bool { colorTransfer == "smpte2084" || colorTransfer == "arib-std-b67" }

        /// Width as displayed, after rotation.
        public var displayWidth: Int { rotation % 180 == 0 ? codedWidth : codedHeight }
        /// Height as displayed, after rotation.
        public var displayHeight: Int { rotation % 180 == 0 ? codedHeight : codedWidth }
    }

    /// The main audio stream: the first one.
    public struct Audio: Hashable, Sendable {
        public var codecName: String
        /// Samples per second, when known.
        public var sampleRate: Int?

        public init(codecName: String, sampleRate: Int? = nil) {
            self.codecName = codecName
            self.sampleRate = sampleRate
        }
    }

    /// The file's `FileInfo`. `FileBasicInfo.Width`/`Height` are the main video stream's as displayed;
    /// each stream's `Width`/`Height` are as stored, with `Rotate` beside them.
    public var info: MediaFileInfo
    /// Duration in seconds, when known.
    public var duration: Double?
    public var video: Video?
    public var audio: Audio?

    public init(info: MediaFileInfo, duration: Double?, video: Video?, audio: Audio?) {
        self.info = info
        self.duration = duration
        self.video = video
        self.audio = audio
    }
}

extension MediaProbe {
    /// Reads the output of `ffprobe -print_format json -show_format -show_streams`.
    ///
    /// - Parameter fileName: the name reported as `FileName`.
    /// - Returns: `nil` when the text is not such output.
    init?(ffprobeJSON text: String, fileName: String) {
        guard let root = try? JSONValue(jsonText: text), let format = root["format"]?.objectValue else { return nil }
        let streams: [[String: JSONValue]] = switch root["streams"] {
        case .array(let items)?: items.compactMap(\.objectValue)
        default: []
        }

        var info = MediaFileInfo(fileBasicInfo: FileBasicInfo())
        var video: Video?
        var audio: Audio?
        for stream in streams {
            switch stream["codec_type"]?.stringValue {
            case "video":
                let item = Self.videoStreamInfo(stream)
                info.videoStreamInfoList.append(item)
                let attachedPicture = Self.number(stream["disposition"]?["attached_pic"]) == 1
                if video == nil, !attachedPicture, let width = Int(item.width ?? ""), let height = Int(item.height ?? "") {
                    video = Video(codecName: item.codecName ?? "unknown", codedWidth: width, codedHeight: height,
                                  rotation: Int(item.rotate ?? "") ?? 0, colorTransfer: stream["color_transfer"]?.stringValue)
                }
            case "audio":
                let item = Self.audioStreamInfo(stream)
                info.audioStreamInfoList.append(item)
                if audio == nil { audio = Audio(codecName: item.codecName ?? "unknown", sampleRate: Int(item.sampleRate ?? "")) }
            case "subtitle":
                info.subtitleStreamInfoList.append(Self.subtitleStreamInfo(stream))
            default:
                continue
            }
        }

        let formatDuration = Self.number(format["duration"])
        let streamDuration = streams.compactMap { Self.number($0["duration"]) }.max()
        let duration = formatDuration ?? streamDuration

        var basic = FileBasicInfo()
        basic.fileName = fileName
        basic.fileSize = Self.text(format["size"])
        basic.fileStatus = "Normal"
        basic.formatName = Self.text(format["format_name"])
        basic.duration = Self.text(format["duration"]) ?? duration.map { Self.decimal($0, places: 6) }
        basic.bitrate = Self.number(format["bit_rate"]).map { Self.decimal($0 / 1000, places: 3) }
        if let video {
            basic.width = String(video.displayWidth)
            basic.height = String(video.displayHeight)
        }
        info.fileBasicInfo = basic
        self.init(info: info, duration: duration, video: video, audio: audio)
    }

    /// Fills the fields every kind of stream has.
    private static func fillCommonFields(of item: inout some StreamInfoFields, from stream: [String: JSONValue]) {
        item.index = text(stream["index"])
        item.codecName = text(stream["codec_name"])
        item.codecLongName = text(stream["codec_long_name"])
        item.codecTag = text(stream["codec_tag"])
        item.codecTagString = text(stream["codec_tag_string"])
        item.codecTimeBase = text(stream["codec_time_base"])
        item.duration = text(stream["duration"])
        item.startTime = text(stream["start_time"])
        item.timebase = text(stream["time_base"])
        item.lang = stream["tags"]?["language"]?.stringValue
    }

    private static func videoStreamInfo(_ stream: [String: JSONValue]) -> VideoStreamInfo {
        var item = VideoStreamInfo()
        fillCommonFields(of: &item, from: stream)
        item.profile = text(stream["profile"])
        item.level = text(stream["level"])
        item.pixFmt = text(stream["pix_fmt"])
        item.width = text(stream["width"])
        item.height = text(stream["height"])
        item.dar = text(stream["display_aspect_ratio"])
        item.sar = text(stream["sample_aspect_ratio"])
        item.fps = frameRate(stream["r_frame_rate"])
        item.avgFPS = frameRate(stream["avg_frame_rate"])
        item.bitrate = number(stream["bit_rate"]).map { decimal($0 / 1000, places: 3) }
        item.numFrames = text(stream["nb_frames"])
        item.nbFrames = item.numFrames
        item.hasBFrames = text(stream["has_b_frames"])
        item.rotate = String(rotation(stream))
        return item
    }

    private static func audioStreamInfo(_ stream: [String: JSONValue]) -> AudioStreamInfo {
        var item = AudioStreamInfo()
        fillCommonFields(of: &item, from: stream)
        item.profile = text(stream["profile"])
        item.sampleFmt = text(stream["sample_fmt"])
        item.sampleRate = text(stream["sample_rate"])
        item.channels = text(stream["channels"])
        item.channelLayout = text(stream["channel_layout"])
        item.bitrate = number(stream["bit_rate"]).map { decimal($0 / 1000, places: 3) }
        item.numFrames = text(stream["nb_frames"])
        return item
    }

    private static func subtitleStreamInfo(_ stream: [String: JSONValue]) -> SubtitleStreamInfo {
        var item = SubtitleStreamInfo()
        fillCommonFields(of: &item, from: stream)
        return item
    }

    /// Clockwise display rotation, 0..<360, from the display matrix side data (counter-clockwise in
    /// ffprobe) or, for older files, the `rotate` tag (clockwise).
    static func rotation(_ stream: [String: JSONValue]) -> Int {
        var degrees = 0.0
        if case .array(let sideData)? = stream["side_data_list"],
           let matrix = sideData.first(where: { number($0["rotation"]) != nil }), let value = number(matrix["rotation"]) {
            degrees = -value
        } else if let value = number(stream["tags"]?["rotate"]) {
            degrees = value
        }
        let quarter = Int((degrees / 90).rounded()) * 90
        return ((quarter % 360) + 360) % 360
    }

    /// A JSON string as is, or a number as text (integers without a fraction).
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .number(let number)?: number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag)?: String(flag)
        default: nil
        }
    }

    /// A number, or a string holding one; `nil` for `N/A` and the like.
    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .number(let number)?: number
        case .string(let text)?: Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: nil
        }
    }

    /// `30000/1001` → `29.97`; `nil` for `0/0`.
    static func frameRate(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue else { return nil }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]),
              numerator > 0, denominator > 0
        else { return nil }
        return decimal(numerator / denominator, places: 3)
    }

    /// `value` with at most `places` decimals and no trailing zeros: `599.04`, `25`.
    static func decimal(_ value: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
