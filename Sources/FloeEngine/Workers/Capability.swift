import FloeCore

/// Something a worker can do, and an activity run may need: an activity kind (`Transcode`), or a hardware video
/// encoder (`hw:nvenc:h264`: NVENC for H.264; `hw:any:h264`: some hardware encoder for H.264).
///
/// A worker advertises its capabilities (``WorkerRecord/capabilities``: the kinds its registry runs and the
/// hardware encoders it found at start) and claims a run only when the run's ``ActivityDefinition/requirements``
/// are a subset of them; a run nobody can take waits, `Ready`, for a worker that can.
public struct Capability: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Runs activities of `kind`.
    public static func kind(_ kind: ActivityKind) -> Capability { Capability(rawValue: kind.rawValue) }

    /// Encodes `codec` with a hardware encoder of `family`.
    public static func hardware(_ family: HardwareFamily, _ codec: VideoSettings.Codec) -> Capability {
        Capability(rawValue: "hw:\(family.rawValue):\(codec.rawValue)")
    }

    /// Encodes `codec` with some hardware encoder.
    public static func anyHardware(_ codec: VideoSettings.Codec) -> Capability {
        Capability(rawValue: "hw:any:\(codec.rawValue)")
    }

    /// The capabilities of a worker with the usable hardware encoders `encoders` (family and codec each):
    /// each one, and "any hardware" for each of their codecs.
    public static func hardware(_ encoders: some Sequence<(HardwareFamily, VideoSettings.Codec)>) -> Set<Capability> {
        var capabilities = Set<Capability>()
        for (family, codec) in encoders {
            capabilities.insert(.hardware(family, codec))
            capabilities.insert(.anyHardware(codec))
        }
        return capabilities
    }

    /// The activity kind this capability is, if it is one.
    public var kind: ActivityKind? { ActivityKind(rawValue: rawValue) }

    /// True for a hardware capability (`hw:…`).
    public var isHardware: Bool { rawValue.hasPrefix("hw:") }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Set<Capability> {
    /// The capabilities as stored: a JSON array of their names, sorted (the form of the `requirements` column,
    /// which SQL compares with a claimer's set).
    package var storedJSON: String {
        JSONValue.array(map(\.rawValue).sorted().map(JSONValue.string)).jsonText
    }

    /// The capabilities as listed for people: names, sorted, comma-separated.
    public var list: String { map(\.rawValue).sorted().joined(separator: ",") }

    /// The capabilities of a stored comma-separated ``list``.
    package static func parsing(list: String) -> Set<Capability> {
        Set(list.split(separator: ",").map { Capability(rawValue: String($0)) })
    }
}

extension ActivityDefinition {
    /// What a worker needs to run this activity: its kind (its `Type` as written, which no worker has when it is
    /// not a kind), and for a `Transcode` the hardware encoders its outputs ask for (`Video.Hardware`: `required`
    /// needs ``Capability/anyHardware(_:)`` for the output's codec, a family ``Capability/hardware(_:_:)``).
    /// Parameters that do not decode add nothing: the activity fails on them whoever runs it.
    public var requirements: Set<Capability> {
        var requirements: Set<Capability> = [Capability(rawValue: type)]
        guard kind == .transcode, let parameters = try? parameters.decode(TranscodeParameters.self) else { return requirements }
        for output in parameters.outputs {
            let video = output.video
            if video.hardware == .required {
                requirements.insert(.anyHardware(video.codec))
            } else if let family = video.hardware?.family {
                requirements.insert(.hardware(family, video.codec))
            }
        }
        return requirements
    }

    /// True for a `Transcode` with an output that names a `Video.Hardware` (`auto`, `required` or a family): one
    /// that would use a hardware encoder the worker found. `floe run` looks for encoders only for such a template.
    public var asksForHardware: Bool {
        guard kind == .transcode, let parameters = try? parameters.decode(TranscodeParameters.self) else { return false }
        return parameters.outputs.contains { $0.video.hardware != nil }
    }
}
