import FloeCore

/// The WebVTT thumbnail track of a sprite: one cue per tile that FFmpeg drew.
///
/// The tiles' times are read back from what FFmpeg emitted (a `framecrc` listing of the tile stream, made
/// in the same process as the sheets), never recomputed from the interval, so the track and the sheets
/// cannot disagree. Cues are contiguous: tile `k` is shown from its time (the first from 0) to the next
/// tile's time, the last one to the end of the input.
public enum SpriteTrack {
    /// The presentation times, in seconds, of the frames of a `framecrc` listing of one stream.
    ///
    /// - Returns: `nil` when the text has no `#tb 0:` time base line.
    public static func frameTimes(framecrc text: String) -> [Double]? {
        var timeBase: Double?
        var times: [Double] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#tb 0:") {
                let parts = line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: "/")
                if parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator > 0 {
                    timeBase = numerator / denominator
                }
            } else if !line.hasPrefix("#") {
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                // stream, dts, pts, duration, size, checksum
                if fields.count >= 3, fields[0] == "0", let pts = Double(fields[2]) { times.append(pts) }
            }
        }
        guard let timeBase else { return nil }
        return times.map { $0 * timeBase }
    }

    /// The track for tiles shown at `times`, laid out by `plan`, on an input `duration` seconds long.
    ///
    /// Tiles that start at or after `duration` are left out (a tile FFmpeg drew past the end has nothing to
    /// show); the last cue ends at `duration` (or one interval after its start when the duration is unknown).
    ///
    /// - Parameter sheetName: the file name of sheet `n` (1-based), as the cues name it.
    public static func webVTT(times: [Double], duration: Double?, plan: SpritePlan, sheetName: (Int) -> String) -> String {
        var shown = times
        if let duration { shown = shown.filter { $0 < duration } }
        if shown.isEmpty, !times.isEmpty { shown = [0] }
        var text = "WEBVTT\n"
        for (index, time) in shown.enumerated() {
            let start = index == 0 ? 0 : time
            let end = index + 1 < shown.count ? shown[index + 1] : max(duration ?? (time + plan.interval), start + 0.001)
            let place = plan.place(ofTile: index)
            text += "\n\(timestamp(start)) --> \(timestamp(end))\n"
            text += "\(sheetName(place.sheet))#xywh=\(place.x),\(place.y),\(place.width),\(place.height)\n"
        }
        return text
    }

    /// `HH:MM:SS.mmm`.
    public static func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int((max(0, seconds) * 1000).rounded())
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let secs = milliseconds / 1000 % 60
        return "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(secs, 2)).\(pad(milliseconds % 1000, 3))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
