/// A transcode preset: a complete output (container, video, audio) with a stable id, used from any
/// `Transcode` output or `Package` rendition as `TemplateId`.
///
/// The ids never change meaning: a preset that needs different settings gets a new id. The list is in
/// docs/TEMPLATES.md ("Presets").
public struct TranscodePreset: Hashable, Sendable {
    /// The stable id, such as `h264-720p`; also the output's default `Name`.
    public var id: String
    public var container: TranscodeOutput.Container
    public var video: VideoSettings
    public var audio: AudioSettings

    /// The preset with `id`, or `nil`.
    public static func named(_ id: String) -> TranscodePreset? {
        all.first { $0.id == id }
    }

    /// Every preset, in the order of docs/TEMPLATES.md.
    public static let all: [TranscodePreset] = videoLadder + audioOnly

    /// The ladder's rungs: the height and the H.264, H.265 and AV1 bitrates (kbit/s), with the AAC
    /// bitrate beside them.
    static let rungs: [(height: Int, h264: Int, h265: Int, av1: Int, aac: Int)] = [
        (360, 800, 500, 400, 96),
        (480, 1400, 900, 700, 128),
        (720, 2800, 1800, 1400, 128),
        (1080, 5000, 3200, 2600, 128),
        (1440, 8000, 5000, 4200, 160),
        (2160, 14000, 9000, 7500, 160),
    ]

    static let videoLadder: [TranscodePreset] = [VideoSettings.Codec.h264, .h265, .av1].flatMap { codec in
        rungs.map { rung in
            let (bitrate, speed) = switch codec {
            case .h264: (rung.h264, "veryfast")
            case .h265: (rung.h265, "veryfast")
            default: (rung.av1, "8")
            }
            return TranscodePreset(
                id: "\(codec.rawValue)-\(rung.height)p", container: .mp4,
                video: VideoSettings(codec: codec, height: rung.height, bitrate: bitrate, preset: speed),
                audio: AudioSettings(codec: .aac, bitrate: rung.aac, sampleRate: 48000, channels: 2)
            )
        }
    }

    static let audioOnly: [TranscodePreset] = [
        TranscodePreset(id: "aac-128", container: .m4a, video: VideoSettings(codec: .none),
                        audio: AudioSettings(codec: .aac, bitrate: 128, sampleRate: 48000, channels: 2)),
        TranscodePreset(id: "mp3-192", container: .mp3, video: VideoSettings(codec: .none),
                        audio: AudioSettings(codec: .mp3, bitrate: 192, sampleRate: 44100, channels: 2)),
        TranscodePreset(id: "opus-96", container: .webm, video: VideoSettings(codec: .none),
                        audio: AudioSettings(codec: .opus, bitrate: 96, sampleRate: 48000, channels: 2)),
    ]
}
