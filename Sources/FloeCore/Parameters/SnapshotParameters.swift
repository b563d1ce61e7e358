/// The `Snapshot` activity's parameters: one frame at a time, or `Count` frames `Interval` seconds apart.
public struct SnapshotParameters: Hashable, Sendable, Codable {
    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        case jpg, png, webp
    }

    /// Where snapshots go; by default under the output bucket. `{OutputName}` is the frame number,
    /// `00001` upward.
    public var outputLocation: OutputLocationTemplate?
    /// Time of the first frame, in seconds from the start.
    public var time: Double
    /// Number of frames.
    public var count: Int
    /// Seconds between frames when ``count`` > 1.
    public var interval: Double?
    public var width: Int?
    public var height: Int?
    public var format: Format

    public init(outputLocation: OutputLocationTemplate? = nil, time: Double = 0, count: Int = 1, interval: Double? = nil,
                width: Int? = nil, height: Int? = nil, format: Format = .jpg) {
        self.outputLocation = outputLocation
        self.time = time
        self.count = count
        self.interval = interval
        self.width = width
        self.height = height
        self.format = format
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outputLocation = "OutputLocation", time = "Time", count = "Count", interval = "Interval"
        case width = "Width", height = "Height", format = "Format"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        outputLocation = try container.decodeIfPresent(OutputLocationTemplate.self, forKey: .outputLocation)
        time = try container.decodeIfPresent(Double.self, forKey: .time, in: 0...86_400) ?? 0
        count = try container.decodeIfPresent(Int.self, forKey: .count, in: 1...1000) ?? 1
        interval = try container.decodeIfPresent(Double.self, forKey: .interval, in: 0.04...86_400)
        if count > 1, interval == nil { throw container.fail(.interval, "is required when Count is more than 1") }
        width = try container.decodeIfPresent(Int.self, forKey: .width, in: 2...8192)
        height = try container.decodeIfPresent(Int.self, forKey: .height, in: 2...8192)
        let name = try container.decodeIfPresent(String.self, forKey: .format, oneOf: Format.allCases.map(\.rawValue)) ?? "jpg"
        format = Format(rawValue: name)!
        if count > 1, let location = outputLocation, !location.uses(.outputName) {
            throw container.fail(.outputLocation, "with Count above 1 the location must use {OutputName}")
        }
    }
}
