/// What IMS reports of one file (`FileInfoList[]` of `GetMediaInfo`): every number is a string.
public struct MediaFileInfo: Hashable, Sendable, Codable {
    public var fileBasicInfo: FileBasicInfo
    public var videoStreamInfoList: [VideoStreamInfo]
    public var audioStreamInfoList: [AudioStreamInfo]
    public var subtitleStreamInfoList: [SubtitleStreamInfo]

    public init(fileBasicInfo: FileBasicInfo, videoStreamInfoList: [VideoStreamInfo] = [],
                audioStreamInfoList: [AudioStreamInfo] = [], subtitleStreamInfoList: [SubtitleStreamInfo] = []) {
        self.fileBasicInfo = fileBasicInfo
        self.videoStreamInfoList = videoStreamInfoList
        self.audioStreamInfoList = audioStreamInfoList
        self.subtitleStreamInfoList = subtitleStreamInfoList
    }

    enum CodingKeys: String, CodingKey {
        case fileBasicInfo = "FileBasicInfo"
        case videoStreamInfoList = "VideoStreamInfoList"
        case audioStreamInfoList = "AudioStreamInfoList"
        case subtitleStreamInfoList = "SubtitleStreamInfoList"
    }
}

/// `FileBasicInfo`: all strings.
public struct FileBasicInfo: Hashable, Sendable, Codable {
    public var fileName: String?
    public var fileUrl: String?
    public var fileSize: String?
    public var fileStatus: String?
    public var fileType: String?
    public var formatName: String?
    public var duration: String?
    public var bitrate: String?
    public var width: String?
    public var height: String?
    public var region: String?
    public var createTime: String?
    public var modifiedTime: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case fileName = "FileName", fileUrl = "FileUrl", fileSize = "FileSize", fileStatus = "FileStatus"
        case fileType = "FileType", formatName = "FormatName", duration = "Duration", bitrate = "Bitrate"
        case width = "Width", height = "Height", region = "Region", createTime = "CreateTime", modifiedTime = "ModifiedTime"
    }
}

/// `VideoStreamInfoList[]`: all strings; note IMS's spellings `AvgFPS` and `Nb_frames`.
public struct VideoStreamInfo: Hashable, Sendable, Codable {
    public var index, codecName, codecLongName, codecTag, codecTagString, codecTimeBase: String?
    public var profile, level, pixFmt, width, height, dar, sar, fps, avgFPS, bitrate: String?
    public var duration, startTime, timebase, numFrames, nbFrames, hasBFrames, rotate, lang: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case index = "Index", codecName = "CodecName", codecLongName = "CodecLongName", codecTag = "CodecTag"
        case codecTagString = "CodecTagString", codecTimeBase = "CodecTimeBase", profile = "Profile", level = "Level"
        case pixFmt = "PixFmt", width = "Width", height = "Height", dar = "Dar", sar = "Sar", fps = "Fps"
        case avgFPS = "AvgFPS", bitrate = "Bitrate", duration = "Duration", startTime = "StartTime"
        case timebase = "Timebase", numFrames = "NumFrames", nbFrames = "Nb_frames", hasBFrames = "HasBFrames"
        case rotate = "Rotate", lang = "Lang"
    }
}

/// `AudioStreamInfoList[]`: all strings.
public struct AudioStreamInfo: Hashable, Sendable, Codable {
    public var index, codecName, codecLongName, codecTag, codecTagString, codecTimeBase: String?
    public var profile, sampleFmt, sampleRate, channels, channelLayout, bitrate: String?
    public var duration, startTime, timebase, numFrames, fps, lang: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case index = "Index", codecName = "CodecName", codecLongName = "CodecLongName", codecTag = "CodecTag"
        case codecTagString = "CodecTagString", codecTimeBase = "CodecTimeBase", profile = "Profile"
        case sampleFmt = "SampleFmt", sampleRate = "SampleRate", channels = "Channels", channelLayout = "ChannelLayout"
        case bitrate = "Bitrate", duration = "Duration", startTime = "StartTime", timebase = "Timebase"
        case numFrames = "NumFrames", fps = "Fps", lang = "Lang"
    }
}

/// `SubtitleStreamInfoList[]`: all strings.
public struct SubtitleStreamInfo: Hashable, Sendable, Codable {
    public var index, codecName, codecLongName, codecTag, codecTagString, codecTimeBase: String?
    public var duration, startTime, timebase, lang: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case index = "Index", codecName = "CodecName", codecLongName = "CodecLongName", codecTag = "CodecTag"
        case codecTagString = "CodecTagString", codecTimeBase = "CodecTimeBase", duration = "Duration"
        case startTime = "StartTime", timebase = "Timebase", lang = "Lang"
    }
}

/// The fields every `*StreamInfoList[]` item has.
public protocol StreamInfoFields {
    var index: String? { get set }
    var codecName: String? { get set }
    var codecLongName: String? { get set }
    var codecTag: String? { get set }
    var codecTagString: String? { get set }
    var codecTimeBase: String? { get set }
    var duration: String? { get set }
    var startTime: String? { get set }
    var timebase: String? { get set }
    var lang: String? { get set }
}

extension VideoStreamInfo: StreamInfoFields {}
extension AudioStreamInfo: StreamInfoFields {}
extension SubtitleStreamInfo: StreamInfoFields {}
