import Foundation

/// Times as IMS writes them: UTC, `yyyy-MM-ddTHH:mm:ssZ`, whole seconds.
///
/// Written out by hand (days to a civil date and back, after Howard Hinnant's algorithms) rather than with
/// Foundation's `ISO8601FormatStyle`, whose calendar loads ICU's time zone data for a UTC stamp (0.3–0.6 MB of a
/// fresh `floe serve`'s resident memory, BENCHMARKS.md) and whose parser accepts February 30th and trailing text.
public enum WireTime {
    /// The instants that format as four-digit years: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private static let range: ClosedRange<Int> = -62_135_596_800...253_402_300_799

    /// Formats `date` as `yyyy-MM-ddTHH:mm:ssZ`, dropping fractions of a second; a date outside years 1 to 9999
    /// is written as the nearest end of that range.
    public static func string(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        let seconds = interval.isNaN ? 0 : Int(max(Double(range.lowerBound), min(Double(range.upperBound), interval)))
        let (days, secondOfDay) = seconds.floorDivided(by: 86_400)
        let (year, month, day) = civil(fromDays: days)
        var text = ""
        text.reserveCapacity(20)
        append(year, digits: 4, to: &text); text += "-"
        append(month, digits: 2, to: &text); text += "-"
        append(day, digits: 2, to: &text); text += "T"
        append(secondOfDay / 3600, digits: 2, to: &text); text += ":"
        append(secondOfDay / 60 % 60, digits: 2, to: &text); text += ":"
        append(secondOfDay % 60, digits: 2, to: &text); text += "Z"
        return text
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss`, then optional fractional seconds (dropped), then `Z` or an offset
    /// (`±HH:mm`, `±HHmm`, `±HH`). Anything else, or a field out of its range (February 30th, hour 24), is `nil`.
    public static func date(_ text: String) -> Date? {
        instant(text).map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
    }

    /// Parses what ``date(_:)`` parses, keeping fractional seconds (RAM policy times, S3's `LastModified`).
    public static func instant(_ text: String) -> Date? {
        var reader = FieldReader(Array(text.utf8))
        guard let year = reader.number(digits: 4), reader.skip("-"),
              let month = reader.number(digits: 2), reader.skip("-"),
              let day = reader.number(digits: 2), reader.skip("T"),
              let hour = reader.number(digits: 2), reader.skip(":"),
              let minute = reader.number(digits: 2), reader.skip(":"),
              let second = reader.number(digits: 2) else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        var fraction = 0.0
        if reader.skip(".") {
            guard let value = reader.fraction() else { return nil }
            fraction = value
        }
        guard let offset = reader.offset(), reader.atEnd else { return nil }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        // At today's magnitudes a Double resolves about 0.2 µs: a long run of nines must not round up into the next second.
        return Date(timeIntervalSince1970: min(Double(seconds) + fraction, Double(seconds + 1).nextDown))
    }

    private static func append(_ value: Int, digits: Int, to text: inout String) {
        let digitsText = String(value)
        if digitsText.count < digits { text += String(repeating: "0", count: digits - digitsText.count) }
        text += digitsText
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Reads the fields of a timestamp from its UTF-8 bytes, left to right.
    private struct FieldReader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        /// Exactly `digits` decimal digits as a number.
        mutating func number(digits: Int) -> Int? {
            guard bytes.count - index >= digits else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }

        /// The digits that follow a decimal point as a fraction in [0, 1); `nil` when none follow.
        mutating func fraction() -> Double? {
            var value = 0.0
            var scale = 1.0
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                scale /= 10
                value += Double(bytes[index] - UInt8(ascii: "0")) * scale
                index += 1
            }
            return index > start ? value : nil
        }

        /// Consumes `character` if it is next.
        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// `Z` (0), or `±HH:mm`, `±HHmm`, `±HH` in seconds east of UTC.
        mutating func offset() -> Int? {
            if skip("Z") { return 0 }
            let sign: Int
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(digits: 2), hours < 24 else { return nil }
            var minutes = 0
            if !atEnd {
                _ = skip(":")
                guard let value = number(digits: 2), value < 60 else { return nil }
                minutes = value
            }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}

extension Int {
    /// The quotient rounded toward negative infinity, and the remainder, which is then never negative.
    fileprivate func floorDivided(by divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
