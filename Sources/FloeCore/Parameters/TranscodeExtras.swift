/// `Clip` of a transcode output: the part of the input it is made from.
public struct TranscodeClip: Hashable, Sendable, Codable {
    /// Seconds from the input's start; must lie before its end (checked when the activity runs).
    public var start: Double
    /// Seconds from `start`; to the end of the input when not set.
    public var duration: Double?

    public init(start: Double = 0, duration: Double? = nil) {
        self.start = start
        self.duration = duration
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case start = "Start", duration = "Duration"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decodeIfPresent(Double.self, forKey: .start, in: 0...86_400)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration, in: 0.04...86_400)
        if start == nil, duration == nil { throw container.fail(.start, "give Start, Duration or both") }
        self.start = start ?? 0
    }
}

/// `Video.Watermark`: an image laid over the picture.
public struct Watermark: Hashable, Sendable, Codable {
    /// Where the image lies in the picture.
    public enum Position: String, Hashable, Sendable, Codable, CaseIterable {
        case topLeft = "TopLeft", topRight = "TopRight", bottomLeft = "BottomLeft", bottomRight = "BottomRight", center = "Center"
    }

    /// The image (png, jpg…), in a bucket of the template's account.
    public var location: StorageLocation
    public var position: Position
    /// Pixels between the image and the picture's edges (not used with `Center`).
    public var margin: Int
    /// The image's width as a fraction of the output's width; the image's own size when not set.
    public var scale: Double?

    public init(location: StorageLocation, position: Position = .topRight, margin: Int = 10, scale: Double? = nil) {
        self.location = location
        self.position = position
        self.margin = margin
        self.scale = scale
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case location = "Location", position = "Position", margin = "Margin", scale = "Scale"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = try container.decode(StorageLocation.self, forKey: .location)
        let name = try container.decodeIfPresent(String.self, forKey: .position, oneOf: Position.allCases.map(\.rawValue)) ?? Position.topRight.rawValue
        position = Position(rawValue: name)!
        margin = try container.decodeIfPresent(Int.self, forKey: .margin, in: 0...4096) ?? 10
        scale = try container.decodeIfPresent(Double.self, forKey: .scale, in: 0.01...1)
    }
}

/// `Video.HDR`: what to do with an HDR input (PQ or HLG transfer).
public enum HDRMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Tone-map to SDR BT.709 (the default).
    case tonemap = "Tonemap"
    /// Fail the activity.
    case fail = "Fail"
}

/// `Audio.Loudnorm`: EBU R128 loudness normalisation (FFmpeg `loudnorm`, one pass).
public struct Loudnorm: Hashable, Sendable, Codable {
    /// Integrated loudness target, LUFS.
    public var integrated: Double
    /// Maximum true peak, dBTP.
    public var truePeak: Double
    /// Loudness range target, LU.
    public var range: Double

    public init(integrated: Double = -23, truePeak: Double = -1, range: Double = 7) {
        self.integrated = integrated
        self.truePeak = truePeak
        self.range = range
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case integrated = "I", truePeak = "TP", range = "LRA"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        integrated = try container.decodeIfPresent(Double.self, forKey: .integrated, in: -70 ... -5) ?? -23
        truePeak = try container.decodeIfPresent(Double.self, forKey: .truePeak, in: -9...0) ?? -1
        range = try container.decodeIfPresent(Double.self, forKey: .range, in: 1...50) ?? 7
    }
}
