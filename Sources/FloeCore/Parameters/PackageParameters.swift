/// The `Package` activity's parameters: an adaptive streaming set (HLS or DASH) of several renditions,
/// encoded in one pass from one decode of the input.
public struct PackageParameters: Hashable, Sendable, Codable {
    /// The streaming format.
    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        case hls, dash

        /// The master playlist's (or manifest's) extension.
        public var manifestExtension: String { self == .hls ? "m3u8" : "mpd" }
        /// The master playlist's `{OutputName}`.
        public var manifestName: String { self == .hls ? "master" : "manifest" }
    }

    /// How segments are stored.
    public enum SegmentFormat: String, Hashable, Sendable, Codable, CaseIterable {
        /// Fragmented MP4 (CMAF): one init segment and `.m4s` media segments per rendition.
        case fmp4
        /// MPEG transport stream `.ts` segments; HLS only.
        case ts

        /// The video codecs segments of this format can hold.
        public var videoCodecs: Set<VideoSettings.Codec> { self == .fmp4 ? [.h264, .h265, .av1] : [.h264, .h265] }
        /// The audio codecs segments of this format can hold.
        public var audioCodecs: Set<AudioSettings.Codec> { self == .fmp4 ? [.aac, .opus, .none] : [.aac, .mp3, .none] }
    }

    /// Where the master playlist (HLS) or manifest (DASH) goes, with `{OutputName}` `master` or
    /// `manifest`; every other file of the set goes into the same folder, named after it.
    public var outputLocation: OutputLocationTemplate?
    public var format: Format
    public var segmentFormat: SegmentFormat
    /// Target segment duration in seconds; keyframes are forced at every multiple of it.
    public var segmentDuration: Double
    /// The renditions, from any `Transcode` output (`Name`, `TemplateId`, `Video`, `Audio`), each with video.
    public var renditions: [TranscodeOutput]
    /// When false (the default), renditions taller (or wider) than the input are left out, keeping at least
    /// the smallest one.
    public var upscale: Bool

    public init(outputLocation: OutputLocationTemplate? = nil, format: Format = .hls, segmentFormat: SegmentFormat = .fmp4,
                segmentDuration: Double = 6, renditions: [TranscodeOutput], upscale: Bool = false) {
        self.outputLocation = outputLocation
        self.format = format
        self.segmentFormat = segmentFormat
        self.segmentDuration = segmentDuration
        self.renditions = renditions
        self.upscale = upscale
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outputLocation = "OutputLocation", format = "Format", segmentFormat = "SegmentFormat"
        case segmentDuration = "SegmentDuration", renditions = "Renditions", upscale = "Upscale"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        outputLocation = try container.decodeIfPresent(OutputLocationTemplate.self, forKey: .outputLocation)
        format = Format(rawValue: try container.decodeIfPresent(String.self, forKey: .format, oneOf: Format.allCases.map(\.rawValue)) ?? "hls")!
        let segments = try container.decodeIfPresent(String.self, forKey: .segmentFormat, oneOf: SegmentFormat.allCases.map(\.rawValue))
        segmentFormat = segments.flatMap(SegmentFormat.init(rawValue:)) ?? .fmp4
        if format == .dash, segmentFormat == .ts { throw container.fail(.segmentFormat, "DASH segments are fmp4; ts is for HLS only") }
        segmentDuration = try container.decodeIfPresent(Double.self, forKey: .segmentDuration, in: 1...60) ?? 6
        upscale = try container.decodeIfPresent(Bool.self, forKey: .upscale) ?? false

        // A rendition's container is the segment format's; a Container of its own would be ignored.
        let raw = try container.decode([JSONValue].self, forKey: .renditions)
        if let index = raw.firstIndex(where: { $0["Container"] != nil }) {
            throw container.fail(.renditions, "Renditions[\(index)]: a rendition takes no Container; SegmentFormat decides it")
        }
        renditions = try container.decode([TranscodeOutput].self, forKey: .renditions)
        guard (1...8).contains(renditions.count) else { throw container.fail(.renditions, "give 1 to 8 renditions") }
        var names = Set<String>()
        for (index, rendition) in renditions.enumerated() {
            guard names.insert(rendition.name).inserted else { throw container.fail(.renditions, "two renditions are named '\(rendition.name)'") }
            // A package's renditions share one input and one timeline; per-rendition clips and overlays are
            // Transcode features.
            if rendition.clip != nil { throw container.fail(.renditions, "Renditions[\(index)] '\(rendition.name)': a rendition takes no Clip") }
            if rendition.video.watermark != nil { throw container.fail(.renditions, "Renditions[\(index)] '\(rendition.name)': a rendition takes no Video.Watermark") }
            guard segmentFormat.videoCodecs.contains(rendition.video.codec) else {
                throw container.fail(.renditions, "Renditions[\(index)] '\(rendition.name)': video Codec \(rendition.video.codec.rawValue) cannot go in \(segmentFormat.rawValue) segments; use one of \(segmentFormat.videoCodecs.map(\.rawValue).sorted().joined(separator: ", "))")
            }
            guard segmentFormat.audioCodecs.contains(rendition.audio.codec) else {
                throw container.fail(.renditions, "Renditions[\(index)] '\(rendition.name)': audio Codec \(rendition.audio.codec.rawValue) cannot go in \(segmentFormat.rawValue) segments; use one of \(segmentFormat.audioCodecs.map(\.rawValue).sorted().joined(separator: ", "))")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(outputLocation, forKey: .outputLocation)
        try container.encode(format, forKey: .format)
        try container.encode(segmentFormat, forKey: .segmentFormat)
        try container.encode(segmentDuration, forKey: .segmentDuration)
        try container.encode(renditions.map(Rendition.init), forKey: .renditions)
        try container.encode(upscale, forKey: .upscale)
    }

    /// A rendition as written: a transcode output without its container.
    private struct Rendition: Encodable {
        var output: TranscodeOutput

        enum CodingKeys: String, CodingKey {
            case name = "Name", templateID = "TemplateId", video = "Video", audio = "Audio"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(output.name, forKey: .name)
            try container.encodeIfPresent(output.templateID, forKey: .templateID)
            try container.encode(output.video, forKey: .video)
            try container.encode(output.audio, forKey: .audio)
        }
    }
}
