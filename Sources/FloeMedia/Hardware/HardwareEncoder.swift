import FloeCore

/// One hardware video encoder of FFmpeg: a family and the codec it makes (`h264_nvenc` is NVENC for H.264).
public struct HardwareEncoder: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var family: HardwareFamily
    public var codec: VideoSettings.Codec

    public init(_ family: HardwareFamily, _ codec: VideoSettings.Codec) {
        self.family = family
        self.codec = codec
    }

    /// Every encoder Floe looks for: NVENC, VA-API and QSV for H.264, H.265 and AV1.
    public static let all: [HardwareEncoder] = HardwareFamily.allCases.flatMap { family in
        HardwareFamily.codecs.map { HardwareEncoder(family, $0) }
    }

    /// FFmpeg's name: `h264_nvenc`, `hevc_vaapi`, `av1_qsv`, …
    public var name: String { "\(codec == .h265 ? "hevc" : codec.rawValue)_\(family.rawValue)" }

    /// The encoder FFmpeg names `name`, when it is one Floe uses.
    public init?(name: String) {
        guard let encoder = Self.all.first(where: { $0.name == name }) else { return nil }
        self = encoder
    }

    public var description: String { name }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.name < rhs.name }
}
