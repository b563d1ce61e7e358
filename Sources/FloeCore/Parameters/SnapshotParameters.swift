/// The `Snapshot` activity's parameters: one frame at a time, `Count` frames `Interval` seconds apart,
/// sprite sheets with a WebVTT thumbnail track, the keyframes, or one representative cover frame.
public struct SnapshotParameters: Hashable, Sendable, Codable {
    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        case jpg, png, webp
    }

    /// What the activity takes (`Type`).
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The frame at `Time`, or `Count` frames `Interval` seconds apart.
        case normal = "Normal"
        /// Sheets of `Columns` x `Rows` tiles, one tile every `Interval` seconds, and `sprite.vtt`.
        case sprite = "Sprite"
        /// One image per keyframe from `Time`, at most `Count`.
        case keyframes = "Keyframes"
        /// One image: the frame at `Time`, or without `Time` a representative frame.
        case cover = "Cover"
    }

    /// The most tiles a sprite activity takes, and its default `Count`.
    public static let maximumSpriteTiles = 1000
    /// The default `Count` of `Keyframes`.
    public static let defaultKeyframeCount = 100
    /// The default tile width of `Sprite` when neither `Width` nor `Height` is given.
    public static let defaultTileWidth = 160
    /// The default `Interval` of `Sprite` when neither `Interval` nor `Count` is given.
    public static let defaultSpriteInterval = 10.0

    public var type: Kind
    /// Where snapshots go; by default under the output bucket. `{OutputName}` is the frame (or sheet)
    /// number, `00001` upward; a sprite's thumbnail track is `{OutputName}` `sprite`, `{Ext}` `vtt`.
    public var outputLocation: OutputLocationTemplate?
    /// Time of the first frame, in seconds from the start.
    public var time: Double
    /// `Cover` only: true when `Time` was given; without it the cover is a representative frame.
    public var timeIsGiven: Bool
    /// Number of frames; for `Sprite` the most tiles, for `Keyframes` the most keyframes.
    public var count: Int
    /// Seconds between frames when ``count`` > 1, or between sprite tiles. A `Sprite` without it spreads
    /// `Count` tiles over the input's duration.
    public var interval: Double?
    /// Frame size; for `Sprite`, the size of one tile.
    public var width: Int?
    public var height: Int?
    public var format: Format
    /// `Sprite` only: tiles across and down one sheet.
    public var columns: Int?
    public var rows: Int?

    public init(type: Kind = .normal, outputLocation: OutputLocationTemplate? = nil, time: Double? = nil, count: Int? = nil,
                interval: Double? = nil, width: Int? = nil, height: Int? = nil, format: Format = .jpg,
                columns: Int? = nil, rows: Int? = nil) {
        self.type = type
        self.outputLocation = outputLocation
        self.time = time ?? 0
        self.timeIsGiven = type == .cover && time != nil
        self.count = count ?? Self.defaultCount(type, interval: interval)
        self.interval = interval ?? (type == .sprite && count == nil ? Self.defaultSpriteInterval : nil)
        self.width = width
        self.height = height
        self.format = format
        self.columns = type == .sprite ? columns ?? 5 : columns
        self.rows = type == .sprite ? rows ?? 5 : rows
    }

    private static func defaultCount(_ type: Kind, interval: Double?) -> Int {
        switch type {
        case .normal, .cover: 1
        case .sprite: maximumSpriteTiles
        case .keyframes: defaultKeyframeCount
        }
    }

    /// True when the activity may store more than one image, so `OutputLocation` must use `{OutputName}`.
    public var makesSeveralFiles: Bool {
        switch type {
        case .normal: count > 1
        case .sprite, .keyframes: true
        case .cover: false
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type = "Type"
        case outputLocation = "OutputLocation", time = "Time", count = "Count", interval = "Interval"
        case width = "Width", height = "Height", format = "Format", columns = "Columns", rows = "Rows"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let typeName = try container.decodeIfPresent(String.self, forKey: .type, oneOf: Kind.allCases.map(\.rawValue)) ?? Kind.normal.rawValue
        type = Kind(rawValue: typeName)!
        outputLocation = try container.decodeIfPresent(OutputLocationTemplate.self, forKey: .outputLocation)
        let givenTime = try container.decodeIfPresent(Double.self, forKey: .time, in: 0...86_400)
        time = givenTime ?? 0
        timeIsGiven = type == .cover && givenTime != nil
        let givenCount = try container.decodeIfPresent(Int.self, forKey: .count, in: 1...1000)
        interval = try container.decodeIfPresent(Double.self, forKey: .interval, in: 0.04...86_400)
        columns = try container.decodeIfPresent(Int.self, forKey: .columns, in: 1...20)
        rows = try container.decodeIfPresent(Int.self, forKey: .rows, in: 1...20)
        switch type {
        case .normal:
            count = givenCount ?? 1
            if count > 1, interval == nil { throw container.fail(.interval, "is required when Count is more than 1") }
        case .sprite:
            if container.contains(.time) { throw container.fail(.time, "cannot be set with Type Sprite; a sprite covers the whole input") }
            count = givenCount ?? Self.maximumSpriteTiles
            if givenCount == nil, interval == nil { interval = Self.defaultSpriteInterval }
            columns = columns ?? 5
            rows = rows ?? 5
        case .keyframes:
            count = givenCount ?? Self.defaultKeyframeCount
            if container.contains(.interval) { throw container.fail(.interval, "cannot be set with Type Keyframes; every keyframe is taken") }
        case .cover:
            count = 1
            if container.contains(.count) { throw container.fail(.count, "cannot be set with Type Cover; a cover is one image") }
            if container.contains(.interval) { throw container.fail(.interval, "cannot be set with Type Cover; a cover is one image") }
        }
        if type != .sprite {
            for key in [CodingKeys.columns, .rows] where container.contains(key) {
                throw container.fail(key, "is only for Type Sprite")
            }
        }
        width = try container.decodeIfPresent(Int.self, forKey: .width, in: 2...8192)
        height = try container.decodeIfPresent(Int.self, forKey: .height, in: 2...8192)
        let name = try container.decodeIfPresent(String.self, forKey: .format, oneOf: Format.allCases.map(\.rawValue)) ?? "jpg"
        format = Format(rawValue: name)!
        if makesSeveralFiles, let location = outputLocation, !location.uses(.outputName) {
            let reason = switch type {
            case .sprite: "with Type Sprite the location must use {OutputName} (sheets 00001… and sprite.vtt)"
            case .keyframes: "with Type Keyframes the location must use {OutputName}"
            default: "with Count above 1 the location must use {OutputName}"
            }
            throw container.fail(.outputLocation, reason)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if type != .normal { try container.encode(type, forKey: .type) }
        try container.encodeIfPresent(outputLocation, forKey: .outputLocation)
        if type == .normal || type == .keyframes || timeIsGiven { try container.encode(time, forKey: .time) }
        if type != .cover { try container.encode(count, forKey: .count) }
        if type != .keyframes, type != .cover { try container.encodeIfPresent(interval, forKey: .interval) }
        try container.encodeIfPresent(width, forKey: .width)
        try container.encodeIfPresent(height, forKey: .height)
        try container.encode(format, forKey: .format)
        if type == .sprite {
            try container.encodeIfPresent(columns, forKey: .columns)
            try container.encodeIfPresent(rows, forKey: .rows)
        }
    }
}
