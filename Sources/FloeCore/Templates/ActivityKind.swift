/// The activity types a template may use, each with its parameter model.
public enum ActivityKind: String, Hashable, Sendable, CaseIterable, Codable {
    case start = "Start"
    case end = "End"
    case mediaInfo = "MediaInfo"
    case transcode = "Transcode"
    case snapshot = "Snapshot"
    case package = "Package"

    /// True for `Start` and `End`, which mark the graph's ends and run no work.
    public var isStructural: Bool { self == .start || self == .end }

    /// Where an activity of this kind with `parameters` writes, when its parameters name a place.
    public func outputLocation(in parameters: JSONValue) -> OutputLocationTemplate? {
        switch self {
        case .transcode: (try? parameters.decode(TranscodeParameters.self))?.outputLocation
        case .snapshot: (try? parameters.decode(SnapshotParameters.self))?.outputLocation
        case .package: (try? parameters.decode(PackageParameters.self))?.outputLocation
        case .start, .end, .mediaInfo: nil
        }
    }

    /// The stored objects an activity of this kind with `parameters` reads besides the task's input (a
    /// transcode's watermark images).
    public func extraInputLocations(in parameters: JSONValue) -> [StorageLocation] {
        switch self {
        case .transcode: (try? parameters.decode(TranscodeParameters.self))?.outputs.compactMap(\.video.watermark?.location) ?? []
        default: []
        }
    }

    /// Decodes and checks `parameters` with this kind's parameter model.
    public func validate(parameters: JSONValue) throws {
        switch self {
        case .start: _ = try parameters.decode(StartParameters.self)
        case .end, .mediaInfo: _ = try parameters.decode(EmptyParameters.self)
        case .transcode: _ = try parameters.decode(TranscodeParameters.self)
        case .snapshot: _ = try parameters.decode(SnapshotParameters.self)
        case .package: _ = try parameters.decode(PackageParameters.self)
        }
    }
}
