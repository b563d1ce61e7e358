/// A family of hardware video encoders FFmpeg can drive.
public enum HardwareFamily: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// NVIDIA NVENC (`h264_nvenc`, `hevc_nvenc`, `av1_nvenc`).
    case nvenc
    /// VA-API (Intel, AMD on Linux: `h264_vaapi`, …), through `/dev/dri/renderD128`.
    case vaapi
    /// Intel Quick Sync Video (`h264_qsv`, …).
    case qsv

    /// The video codecs a family may encode (whether a given machine can is found at start).
    public static let codecs: [VideoSettings.Codec] = [.h264, .h265, .av1]

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// `Video.Hardware` of a transcode output: whether it is encoded by a hardware encoder.
public enum VideoHardware: String, Hashable, Sendable, Codable, CaseIterable {
    /// Software encoders only (the default).
    case off
    /// A hardware encoder for the output's codec when the worker has one, else software (the result says so).
    case auto
    /// A hardware encoder of any family: the activity waits for a worker that has one.
    case required
    /// A hardware encoder of this family: the activity waits for a worker that has one.
    case nvenc, vaapi, qsv

    /// The family this setting names, if any.
    public var family: HardwareFamily? { HardwareFamily(rawValue: rawValue) }

    /// True when the output cannot be made without a hardware encoder (`required` or a family).
    public var requiresHardware: Bool { self == .required || family != nil }
}
