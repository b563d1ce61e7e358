/// The `Transcode` activity's parameters: one or more outputs made from one decode of the input.
public struct TranscodeParameters: Hashable, Sendable, Codable {
    /// Where outputs go; by default under the output bucket.
    public var outputLocation: OutputLocationTemplate?
    /// The outputs, each with a unique name.
    public var outputs: [TranscodeOutput]

    public init(outputLocation: OutputLocationTemplate? = nil, outputs: [TranscodeOutput]) {
        self.outputLocation = outputLocation
        self.outputs = outputs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outputLocation = "OutputLocation"
        case outputs = "Outputs"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        outputLocation = try container.decodeIfPresent(OutputLocationTemplate.self, forKey: .outputLocation)
        outputs = try container.decode([TranscodeOutput].self, forKey: .outputs)
        guard (1...16).contains(outputs.count) else { throw container.fail(.outputs, "give 1 to 16 outputs") }
        var names = Set<String>()
        for output in outputs where !names.insert(output.name).inserted {
            throw container.fail(.outputs, "two outputs are named '\(output.name)'")
        }
        if outputs.count > 1, let location = outputLocation, !location.uses(.outputName) {
            throw container.fail(.outputLocation, "with several outputs the location must use {OutputName}")
        }
    }
}

/// One output of a `Transcode` activity.
public struct TranscodeOutput: Hashable, Sendable, Codable {
    /// Output containers.
    public enum Container: String, Hashable, Sendable, Codable, CaseIterable {
        case mp4, webm, mkv, mov, ts, m4a, mp3

        /// True for containers that carry audio only.
        public var isAudioOnly: Bool { self == .m4a || self == .mp3 }

        /// The video codecs the container can hold.
        public var videoCodecs: Set<VideoSettings.Codec> {
            switch self {
            case .mp4: [.h264, .h265, .av1, .copy, .none]
            case .webm: [.vp9, .av1, .none]
            case .mkv: Set(VideoSettings.Codec.allCases)
            case .mov, .ts: [.h264, .h265, .copy, .none]
            case .m4a, .mp3: [.none]
            }
        }

        /// The audio codecs the container can hold.
        public var audioCodecs: Set<AudioSettings.Codec> {
            switch self {
            case .mp4: [.aac, .mp3, .opus, .copy, .none]
            case .webm: [.opus, .none]
            case .mkv: Set(AudioSettings.Codec.allCases)
            case .mov, .ts: [.aac, .mp3, .copy, .none]
            case .m4a: [.aac, .copy]
            case .mp3: [.mp3, .copy]
            }
        }

        /// The codecs used when an output names none.
        public var defaultVideoCodec: VideoSettings.Codec {
            switch self {
            case .webm: .vp9
            case .m4a, .mp3: .none
            default: .h264
            }
        }

        public var defaultAudioCodec: AudioSettings.Codec {
            switch self {
            case .webm: .opus
            case .mp3: .mp3
            default: .aac
            }
        }
    }

    public var name: String
    /// The ``TranscodePreset`` the output started from, when it names one.
    public var templateID: String?
    public var container: Container
    public var video: VideoSettings
    public var audio: AudioSettings
    /// The part of the input the output is made from; the whole input when not set.
    public var clip: TranscodeClip?

    public init(name: String, container: Container, video: VideoSettings? = nil, audio: AudioSettings? = nil,
                clip: TranscodeClip? = nil) {
        self.name = name
        self.container = container
        self.video = video ?? VideoSettings(codec: container.defaultVideoCodec)
        self.audio = audio ?? AudioSettings(codec: container.defaultAudioCodec)
        self.clip = clip
    }

    /// The output a preset describes, named `name` (by default the preset's id).
    public init(preset: TranscodePreset, name: String? = nil) {
        self.init(name: name ?? preset.id, container: preset.container, video: preset.video, audio: preset.audio)
        templateID = preset.id
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name = "Name"
        case templateID = "TemplateId"
        case container = "Container"
        case video = "Video"
        case audio = "Audio"
        case clip = "Clip"
    }

    /// Decodes an output; with `TemplateId`, the preset gives the name, container, video and audio that
    /// the output does not give itself (a given `Video` or `Audio` replaces the preset's whole section).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        templateID = try container.decodeIfPresent(String.self, forKey: .templateID)
        var preset: TranscodePreset?
        if let id = templateID {
            preset = TranscodePreset.named(id)
            guard preset != nil else {
                throw container.fail(.templateID, "'\(id)' is not a preset; the presets are \(TranscodePreset.all.map(\.id).joined(separator: ", "))")
            }
        }
        guard let name = try container.decodeIfPresent(String.self, forKey: .name) ?? preset?.id else {
            throw DecodingError.keyNotFound(CodingKeys.name, .init(codingPath: container.codingPath, debugDescription: "required"))
        }
        self.name = name
        guard ActivityName.isValid(name) else { throw container.fail(.name, "'\(name)' is not a valid name: 1-64 characters of A-Z, a-z, 0-9, '_' and '-'") }
        let containerName = try container.decodeIfPresent(String.self, forKey: .container, oneOf: Container.allCases.map(\.rawValue)) ?? preset?.container.rawValue ?? "mp4"
        self.container = Container(rawValue: containerName)!
        video = try container.decodeIfPresent(VideoSettings.self, forKey: .video) ?? preset?.video ?? VideoSettings(codec: self.container.defaultVideoCodec)
        audio = try container.decodeIfPresent(AudioSettings.self, forKey: .audio) ?? preset?.audio ?? AudioSettings(codec: self.container.defaultAudioCodec)
        guard self.container.videoCodecs.contains(video.codec) else {
            throw container.fail(.video, "Codec \(video.codec.rawValue) cannot go in \(containerName); use one of \(self.container.videoCodecs.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        guard self.container.audioCodecs.contains(audio.codec) else {
            throw container.fail(.audio, "Codec \(audio.codec.rawValue) cannot go in \(containerName); use one of \(self.container.audioCodecs.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        if video.codec == .none, audio.codec == .none {
            throw container.fail(.video, "an output needs video or audio; both codecs are none")
        }
        clip = try container.decodeIfPresent(TranscodeClip.self, forKey: .clip)
        if clip != nil, video.codec == .copy || audio.codec == .copy {
            throw container.fail(.clip, "cannot be used with Codec copy; a clip is re-encoded")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(templateID, forKey: .templateID)
        try container.encode(self.container, forKey: .container)
        try container.encode(video, forKey: .video)
        try container.encode(audio, forKey: .audio)
        try container.encodeIfPresent(clip, forKey: .clip)
    }
}

/// Video settings of a transcode output.
public struct VideoSettings: Hashable, Sendable, Codable {
    public enum Codec: String, Hashable, Sendable, Codable, CaseIterable {
        case h264, h265, vp9, av1, copy, none
    }

    public var codec: Codec
    /// Output width in pixels (even); with only one of width and height, the aspect ratio is kept.
    public var width: Int?
    public var height: Int?
    /// Target bitrate in kbit/s; exclusive with ``crf``.
    public var bitrate: Int?
    /// Constant rate factor; exclusive with ``bitrate``.
    public var crf: Int?
    public var fps: Double?
    /// Encoder speed preset: x264/x265 names for h264 and h265, a number for vp9 (0-8) and av1 (0-13).
    public var preset: String?
    /// Codec profile: baseline, main or high for h264; main or main10 for h265.
    public var profile: String?
    /// Keyframe interval in frames.
    public var gop: Int?
    /// Hardware encoding (``VideoHardware``); `nil` is `off`.
    public var hardware: VideoHardware?
    /// An image laid over the picture.
    public var watermark: Watermark?
    /// `true`: deinterlace (`bwdif`) before scaling.
    public var deinterlace: Bool?
    /// What to do with an HDR input; see ``hdrMode``.
    public var hdr: HDRMode?

    /// ``hdr``, or `Tonemap` when not set.
    public var hdrMode: HDRMode { hdr ?? .tonemap }

    public init(codec: Codec, width: Int? = nil, height: Int? = nil, bitrate: Int? = nil, crf: Int? = nil,
                fps: Double? = nil, preset: String? = nil, profile: String? = nil, gop: Int? = nil,
                hardware: VideoHardware? = nil, watermark: Watermark? = nil, deinterlace: Bool? = nil, hdr: HDRMode? = nil) {
        self.codec = codec
        self.width = width
        self.height = height
        self.bitrate = bitrate
        self.crf = crf
        self.fps = fps
        self.preset = preset
        self.profile = profile
        self.gop = gop
        self.hardware = hardware == .off ? nil : hardware
        self.watermark = watermark
        self.deinterlace = deinterlace
        self.hdr = hdr
    }

    static let x26xPresets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case codec = "Codec", width = "Width", height = "Height", bitrate = "Bitrate", crf = "Crf"
        case fps = "Fps", preset = "Preset", profile = "Profile", gop = "Gop", hardware = "Hardware"
        case watermark = "Watermark", deinterlace = "Deinterlace", hdr = "HDR"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .codec, oneOf: Codec.allCases.map(\.rawValue))
        codec = Codec(rawValue: name)!
        width = try container.decodeIfPresent(Int.self, forKey: .width, in: 2...8192)
        height = try container.decodeIfPresent(Int.self, forKey: .height, in: 2...8192)
        for (key, value) in [(CodingKeys.width, width), (.height, height)] where (value ?? 0) % 2 != 0 {
            throw container.fail(key, "\(value!) must be even")
        }
        bitrate = try container.decodeIfPresent(Int.self, forKey: .bitrate, in: 16...200_000)
        crf = try container.decodeIfPresent(Int.self, forKey: .crf, in: 0...(codec == .h264 || codec == .h265 ? 51 : 63))
        if bitrate != nil, crf != nil { throw container.fail(.crf, "give Bitrate or Crf, not both") }
        fps = try container.decodeIfPresent(Double.self, forKey: .fps, in: 1...240)
        gop = try container.decodeIfPresent(Int.self, forKey: .gop, in: 1...1000)
        watermark = try container.decodeIfPresent(Watermark.self, forKey: .watermark)
        deinterlace = try container.decodeIfPresent(Bool.self, forKey: .deinterlace)
        hdr = try container.decodeIfPresent(String.self, forKey: .hdr, oneOf: HDRMode.allCases.map(\.rawValue)).flatMap(HDRMode.init(rawValue:))
        switch codec {
        case .h264, .h265: preset = try container.decodeIfPresent(String.self, forKey: .preset, oneOf: Self.x26xPresets)
        case .vp9: preset = try container.decodePreset(oneOf: (0...8).map(String.init))
        case .av1: preset = try container.decodePreset(oneOf: (0...13).map(String.init))
        case .copy, .none: preset = nil
        }
        switch codec {
        case .h264: profile = try container.decodeIfPresent(String.self, forKey: .profile, oneOf: ["baseline", "main", "high"])
        case .h265: profile = try container.decodeIfPresent(String.self, forKey: .profile, oneOf: ["main", "main10"])
        default: profile = nil
        }
        hardware = try container.decodeHardware(codec: codec)
        if codec == .copy || codec == .none {
            let set = CodingKeys.allCases.filter { $0 != .codec && container.contains($0) }
            if let key = set.first { throw container.fail(key, "cannot be set with Codec \(codec.rawValue)") }
        } else if container.contains(.profile), profile == nil {
            throw container.fail(.profile, "Codec \(codec.rawValue) takes no Profile")
        }
    }
}

extension KeyedDecodingContainer<VideoSettings.CodingKeys> {
    /// `Hardware` (``VideoHardware``; `off` is `nil`); `required` or a family only for a codec hardware encodes.
    fileprivate func decodeHardware(codec: VideoSettings.Codec) throws -> VideoHardware? {
        let name = try decodeIfPresent(String.self, forKey: .hardware, oneOf: VideoHardware.allCases.map(\.rawValue))
        guard let hardware = name.flatMap(VideoHardware.init(rawValue:)), hardware != .off else { return nil }
        if hardware.requiresHardware, !HardwareFamily.codecs.contains(codec) {
            throw fail(.hardware, "no hardware encoder makes \(codec.rawValue); use off or auto")
        }
        return hardware
    }

    /// A numeric preset (vp9, av1), written as a number (`4`) or as a string (`"4"`).
    fileprivate func decodePreset(oneOf allowed: [String]) throws -> String? {
        if let number = try? decodeIfPresent(Int.self, forKey: .preset) {
            guard allowed.contains(String(number)) else { throw fail(.preset, "'\(number)' is not one of \(allowed.joined(separator: ", "))") }
            return String(number)
        }
        return try decodeIfPresent(String.self, forKey: .preset, oneOf: allowed)
    }
}

/// Audio settings of a transcode output.
public struct AudioSettings: Hashable, Sendable, Codable {
    public enum Codec: String, Hashable, Sendable, Codable, CaseIterable {
        case aac, opus, mp3, copy, none
    }

    public var codec: Codec
    /// Bitrate in kbit/s.
    public var bitrate: Int?
    /// Sample rate in Hz.
    public var sampleRate: Int?
    public var channels: Int?
    /// EBU R128 loudness normalisation.
    public var loudnorm: Loudnorm?

    public init(codec: Codec, bitrate: Int? = nil, sampleRate: Int? = nil, channels: Int? = nil, loudnorm: Loudnorm? = nil) {
        self.codec = codec
        self.bitrate = bitrate
        self.sampleRate = sampleRate
        self.channels = channels
        self.loudnorm = loudnorm
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case codec = "Codec", bitrate = "Bitrate", sampleRate = "SampleRate", channels = "Channels"
        case loudnorm = "Loudnorm"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .codec, oneOf: Codec.allCases.map(\.rawValue))
        codec = Codec(rawValue: name)!
        bitrate = try container.decodeIfPresent(Int.self, forKey: .bitrate, in: 8...1024)
        let rates = codec == .opus ? [8000, 12000, 16000, 24000, 48000] : [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000]
        sampleRate = try container.decodeIfPresent(Int.self, forKey: .sampleRate, in: 8000...96000)
        if let rate = sampleRate, !rates.contains(rate) {
            throw container.fail(.sampleRate, "\(rate) Hz is not supported by \(name); use one of \(rates.map(String.init).joined(separator: ", "))")
        }
        channels = try container.decodeIfPresent(Int.self, forKey: .channels, in: 1...(codec == .mp3 ? 2 : 8))
        loudnorm = try container.decodeIfPresent(Loudnorm.self, forKey: .loudnorm)
        if codec == .copy || codec == .none, let key = CodingKeys.allCases.first(where: { $0 != .codec && container.contains($0) }) {
            throw container.fail(key, "cannot be set with Codec \(name)")
        }
    }
}
