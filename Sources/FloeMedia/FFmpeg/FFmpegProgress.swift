/// Reads the `key=value` lines of `ffmpeg -progress pipe:1` and turns them into a percentage.
public struct FFmpegProgress: Hashable, Sendable {
    /// Seconds of output expected in all; without it no percentage can be given until the end.
    public var duration: Double?
    /// The latest percentage, 0 to 100.
    public private(set) var percent: Double = 0

    public init(duration: Double?) {
        self.duration = duration
    }

    /// Reads one line; returns the new percentage when the line moved it.
    public mutating func consume(_ line: String) -> Double? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "out_time_us", "out_time_ms":
            // Both are microseconds (`out_time_ms` is misnamed by FFmpeg).
            guard let microseconds = Double(value), microseconds >= 0, let duration, duration > 0 else { return nil }
            let next = min(100, max(percent, microseconds / 1_000_000 / duration * 100))
            guard next != percent else { return nil }
            percent = next
            return next
        case "progress" where value == "end":
            percent = 100
            return 100
        default:
            return nil
        }
    }
}
