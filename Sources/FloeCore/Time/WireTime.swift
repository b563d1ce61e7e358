import Foundation

/// Times as IMS writes them: UTC, `yyyy-MM-ddTHH:mm:ssZ`, whole seconds.
public enum WireTime {
    /// Formats `date` as `yyyy-MM-ddTHH:mm:ssZ`.
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Parses `yyyy-MM-ddTHH:mm:ssZ` (fractional seconds are accepted and dropped).
    public static func date(_ text: String) -> Date? {
        let date = (try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text))
        return date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
    }
}
