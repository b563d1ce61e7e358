import FloeCore
import FloeEngine

/// The encoder that makes one output's video, and its FFmpeg options: a software one (`libx264`, `libx265`,
/// `libvpx-vp9`, `libsvtav1`) or a hardware one (``HardwareEncoder``: NVENC, VA-API, QSV).
///
/// The output's settings are mapped to each family's options: `Bitrate` is `-b:v` everywhere; `Crf` is NVENC's
/// constant-quality `-cq` (VBR), QSV's `-global_quality` (ICQ) and VA-API's `-qp` (CQP); x264/x265 `Preset` names
/// become NVENC's `p1` (fastest) to `p7` and QSV's `veryfast` to `veryslow` (AV1's numbers likewise; VA-API has
/// no presets); `Profile` is kept (VA-API's H.264 `baseline` is `constrained_baseline`); `Gop` is `-g`.
public enum VideoEncoder: Hashable, Sendable, CustomStringConvertible {
    case software(VideoSettings.Codec)
    case hardware(HardwareEncoder)

    /// The encoder for `video` on a worker with `available` hardware encoders, and a note when `Hardware: auto`
    /// found none for the codec (the output is then encoded in software).
    ///
    /// - Throws: ``ActivityError`` `.unsupported` when the output requires a hardware encoder (`required`, or a
    ///   family) this worker does not have; claims by capability keep such runs from such workers.
    public static func choose(for video: VideoSettings, available: HardwareEncoders) throws(ActivityError) -> (encoder: VideoEncoder, note: String?) {
        let hardware = video.hardware ?? .off
        guard hardware != .off, HardwareFamily.codecs.contains(video.codec) else { return (.software(video.codec), nil) }
        if let encoder = available.encoder(for: video.codec, family: hardware.family) { return (.hardware(encoder), nil) }
        switch hardware {
        case .auto:
            return (.software(video.codec), "no hardware encoder for \(video.codec.rawValue); encoded in software")
        default:
            let wanted = hardware.family.map { "\($0.rawValue) encoder" } ?? "hardware encoder"
            throw ActivityError(.unsupported, "this worker has no \(wanted) for \(video.codec.rawValue)", transient: false)
        }
    }

    /// FFmpeg's name of the encoder (`libx264`, `h264_nvenc`, …); empty for `copy` and `none`.
    public var name: String {
        switch self {
        case .hardware(let encoder): encoder.name
        case .software(let codec):
            switch codec {
            case .h264: "libx264"
            case .h265: "libx265"
            case .vp9: "libvpx-vp9"
            case .av1: "libsvtav1"
            case .copy, .none: ""
            }
        }
    }

    public var description: String { name }

    /// The family, for a hardware encoder.
    public var family: HardwareFamily? {
        if case .hardware(let encoder) = self { encoder.family } else { nil }
    }

    /// Global options the encoder needs before the input: VA-API's device.
    public var deviceArguments: [String] {
        family == .vaapi ? ["-vaapi_device", HardwareEncoders.vaapiDevice] : []
    }

    /// The last filters of the output's video chain: the pixel format the encoder takes (10-bit for `main10`),
    /// then, for VA-API, the upload to the device.
    public func formatFilters(_ video: VideoSettings) -> [String] {
        let tenBit = video.profile == "main10"
        switch family {
        case nil: return [tenBit ? "format=yuv420p10le" : "format=yuv420p"]
        case .nvenc?: return [tenBit ? "format=p010le" : "format=yuv420p"]
        case .qsv?: return [tenBit ? "format=p010le" : "format=nv12"]
        case .vaapi?: return [tenBit ? "format=p010le" : "format=nv12", "hwupload"]
        }
    }

    /// The output options that choose the encoder and set its rate, speed, profile and keyframe interval.
    public func arguments(_ video: VideoSettings, container: TranscodeOutput.Container) -> [String] {
        guard video.codec != .copy, video.codec != .none else { return [] }
        var arguments = ["-c:v", name]
        switch self {
        case .software(let codec):
            switch codec {
            case .h264, .h265:
                if let preset = video.preset { arguments += ["-preset", preset] }
                if let profile = video.profile { arguments += ["-profile:v", profile] }
                if let crf = video.crf { arguments += ["-crf", String(crf)] }
                if codec == .h265 { arguments += ["-x265-params", "log-level=error"] }
            case .vp9:
                let speed = Int(video.preset ?? "") ?? 4
                arguments += ["-deadline", speed > 5 ? "realtime" : "good", "-cpu-used", String(speed), "-row-mt", "1"]
                if video.bitrate == nil { arguments += ["-crf", String(video.crf ?? 32), "-b:v", "0"] }
            case .av1:
                arguments += ["-preset", video.preset ?? "8"]
                if let crf = video.crf { arguments += ["-crf", String(crf)] }
            case .copy, .none:
                return []
            }
        case .hardware(let encoder):
            switch encoder.family {
            case .nvenc:
                if let preset = video.preset { arguments += ["-preset", "p\(7 - Self.speed(preset, codec: video.codec))"] }
                if let profile = video.profile, encoder.codec != .av1 { arguments += ["-profile:v", profile] }
                if let crf = video.crf { arguments += ["-rc", "vbr", "-cq", String(min(crf, 51)), "-b:v", "0"] }
            case .qsv:
                if let preset = video.preset { arguments += ["-preset", Self.qsvPresets[Self.speed(preset, codec: video.codec)]] }
                if let profile = video.profile, encoder.codec != .av1 { arguments += ["-profile:v", profile] }
                if let crf = video.crf { arguments += ["-global_quality", String(max(1, min(crf, 51)))] }
            case .vaapi:
                if let profile = video.profile, encoder.codec != .av1 {
                    arguments += ["-profile:v", profile == "baseline" ? "constrained_baseline" : profile]
                }
                if let crf = video.crf { arguments += ["-rc_mode", "CQP", "-qp", String(max(1, min(crf, 51)))] }
            }
        }
        if video.codec == .h265, container == .mp4 || container == .mov { arguments += ["-tag:v", "hvc1"] }
        if let bitrate = video.bitrate { arguments += ["-b:v", "\(bitrate)k"] }
        if let gop = video.gop { arguments += ["-g", String(gop)] }
        return arguments
    }

    /// QSV's presets by ``speed(_:codec:)`` step, from the slowest.
    static let qsvPresets = ["veryslow", "slower", "slow", "medium", "fast", "faster", "veryfast"]

    /// A `Preset` as a speed step from 0 (slowest: x264's `veryslow`, SVT-AV1's 0 and 1) to 6 (fastest:
    /// `superfast`, `ultrafast`, SVT-AV1's 12 and 13): QSV's preset at that index, NVENC's `p(7 - step)`
    /// (`p7` is NVENC's slowest).
    static func speed(_ preset: String, codec: VideoSettings.Codec) -> Int {
        if codec == .av1, let number = Int(preset) { return min(6, number / 2) }  // SVT-AV1: 0 slowest, 13 fastest
        let steps = ["veryslow": 0, "slower": 1, "slow": 2, "medium": 3, "fast": 4, "faster": 4, "veryfast": 5, "superfast": 6, "ultrafast": 6]
        return steps[preset] ?? 3
    }
}
