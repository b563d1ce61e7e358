import FloeCore

/// The `ffmpeg` command line that takes the frames of a `Snapshot` activity: the frame at `Time`, and
/// when `Count` > 1, each next frame at least `Interval` seconds after the one before (a `select` filter,
/// so the first frame is taken however short the input is), written as `00001.<ext>`, `00002.<ext>`… in
/// one folder.
public struct SnapshotCommand: Hashable, Sendable {
    /// The arguments after `ffmpeg`.
    public let arguments: [String]

    /// - Parameters:
    ///   - input: the input's path or URL.
    ///   - folder: the local folder the frames are written to.
    public init(input: String, parameters: SnapshotParameters, folder: String) {
        var filters: [String] = []
        if parameters.count > 1, let interval = parameters.interval {
            filters.append("select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,\(MediaProbe.decimal(interval, places: 6)))'")
        }
        switch (parameters.width, parameters.height) {
        case let (width?, height?): filters += ["scale=\(width):\(height)", "setsar=1"]
        case let (width?, nil): filters.append("scale=\(width):-1")
        case let (nil, height?): filters.append("scale=-1:\(height)")
        case (nil, nil): break
        }
        let encoder: [String] = switch parameters.format {
        case .jpg: ["-c:v", "mjpeg", "-q:v", "2"]
        case .png: ["-c:v", "png"]
        case .webp: ["-c:v", "libwebp", "-quality", "85"]
        }
        var arguments = ["-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats"]
        arguments += ["-ss", MediaProbe.decimal(parameters.time, places: 6), "-i", input, "-map", "0:V:0"]
        if !filters.isEmpty { arguments += ["-vf", filters.joined(separator: ",")] }
        if parameters.count > 1 { arguments += ["-fps_mode", "vfr"] }
        arguments += ["-frames:v", String(parameters.count)] + encoder
        arguments += ["-f", "image2", "-start_number", "1", "\(folder)/%05d.\(parameters.format.rawValue)"]
        self.arguments = arguments
    }

    /// The name of frame `number` (1-based): `00001`.
    public static func outputName(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
