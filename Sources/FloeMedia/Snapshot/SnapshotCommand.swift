import FloeCore

/// The `ffmpeg` command line that takes the frames of a `Snapshot` activity, written as `00001.<ext>`,
/// `00002.<ext>`… in one folder.
///
/// - `Normal`: the frame at `Time`, and when `Count` > 1, each next frame at least `Interval` seconds after
///   the one before (a `select` filter, so the first frame is taken however short the input is).
/// - `Cover`: the frame at `Time`; without `Time`, the most representative of the first 100 frames
///   (FFmpeg's `thumbnail` filter).
/// - `Keyframes`: every keyframe from `Time` (`-skip_frame nokey`, variable frame rate), at most `Count`.
/// - `Sprite`: sheets of tiles (`tile`), see ``SpritePlan``; the tile stream is also listed with its times
///   in ``spriteTimesFile`` (`framecrc`), from which ``SpriteTrack`` writes the thumbnail track.
public struct SnapshotCommand: Hashable, Sendable {
    /// The arguments after `ffmpeg`.
    public let arguments: [String]

    /// The name of the `framecrc` listing of a sprite's tiles, in the output folder.
    public static let spriteTimesFile = "tiles.framecrc"

    /// - Parameters:
    ///   - input: the input's path or URL.
    ///   - folder: the local folder the frames are written to.
    ///   - sprite: the layout of a `Sprite` snapshot (required for that type, ignored for the others).
    public init(input: String, parameters: SnapshotParameters, folder: String, sprite: SpritePlan? = nil) {
        let ext = parameters.format.rawValue
        let images = Self.encoder(parameters.format) + ["-f", "image2", "-start_number", "1", "\(folder)/%05d.\(ext)"]
        var arguments = ["-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats"]
        if parameters.type == .sprite, let sprite {
            let graph = "[0:V:0]" + sprite.tileFilters.joined(separator: ",") + ",split=2[tiles][times];"
                + "[tiles]tile=\(sprite.columns)x\(sprite.rows)[sheets]"
            arguments += ["-i", input, "-filter_complex", graph]
            arguments += ["-map", "[sheets]", "-fps_mode", "passthrough"] + images
            arguments += ["-map", "[times]", "-fps_mode", "passthrough", "-f", "framecrc", "\(folder)/\(Self.spriteTimesFile)"]
            self.arguments = arguments
            return
        }

        var filters: [String] = []
        switch parameters.type {
        case .normal where parameters.count > 1:
            if let interval = parameters.interval {
                filters.append("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,\(MediaProbe.decimal(interval, places: 6)))'")
            }
        case .cover where !parameters.timeIsGiven:
            filters.append("thumbnail")
        default:
            break
        }
        filters += Self.scaleFilters(parameters)
        if parameters.type == .keyframes { arguments += ["-skip_frame", "nokey"] }
        if parameters.type != .cover || parameters.timeIsGiven {
            arguments += ["-ss", MediaProbe.decimal(parameters.time, places: 6)]
        }
        arguments += ["-i", input, "-map", "0:V:0"]
        if !filters.isEmpty { arguments += ["-vf", filters.joined(separator: ",")] }
        if parameters.count > 1 || parameters.type == .keyframes { arguments += ["-fps_mode", "vfr"] }
        arguments += ["-frames:v", String(parameters.count)] + images
        self.arguments = arguments
    }

    /// `scale` (and `setsar`) for `Width` and `Height`.
    static func scaleFilters(_ parameters: SnapshotParameters) -> [String] {
        switch (parameters.width, parameters.height) {
        case let (width?, height?): ["scale=\(width):\(height)", "setsar=1"]
        case let (width?, nil): ["scale=\(width):-1"]
        case let (nil, height?): ["scale=-1:\(height)"]
        case (nil, nil): []
        }
    }

    static func encoder(_ format: SnapshotParameters.Format) -> [String] {
        switch format {
        case .jpg: ["-c:v", "mjpeg", "-q:v", "2"]
        case .png: ["-c:v", "png"]
        case .webp: ["-c:v", "libwebp", "-quality", "85"]
        }
    }

    /// The name of frame `number` (1-based): `00001`.
    public static func outputName(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
