import FloeCore
import Foundation
import Testing

@Suite("WireTime")
struct WireTimeTests {
    // 2024-01-02T03:04:05Z
    let instant = Date(timeIntervalSince1970: 1_704_164_645)

    @Test("formats UTC with whole seconds")
    func format() {
        #expect(WireTime.string(instant) == "2024-01-02T03:04:05Z")
        #expect(WireTime.string(instant.addingTimeInterval(0.999)) == "2024-01-02T03:04:05Z")
        #expect(WireTime.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(WireTime.string(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
    }

    @Test("formats and parses as Foundation's ISO 8601 style does, leap days and years before 1970 included")
    func agreesWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(timeZone: .gmt)
        // 1600 to 2400, and the instants around every day's end in a leap February and a century's.
        var instants = (0..<2_000).map { _ in Date(timeIntervalSince1970: Double(Int64.random(in: -11_676_096_000...13_569_465_600, using: &generator))) }
        for day in ["2024-02-28", "2024-02-29", "2024-03-01", "2000-02-29", "1900-02-28", "1900-03-01", "1969-12-31", "2100-03-01"] {
            let start = try style.parse(day + "T00:00:00Z")
            instants += [start, start.addingTimeInterval(-1), start.addingTimeInterval(86_399)]
        }
        for date in instants {
            #expect(WireTime.string(date) == date.formatted(style))
            #expect(WireTime.date(WireTime.string(date)) == date)
        }
    }

    @Test("parses what it formats")
    func parse() {
        #expect(WireTime.date("2024-01-02T03:04:05Z") == instant)
        #expect(WireTime.date(WireTime.string(instant)) == instant)
        #expect(WireTime.date("2024-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test("fractional seconds are accepted and dropped")
    func fractions() {
        #expect(WireTime.date("2024-01-02T03:04:05.250Z") == instant)
        #expect(WireTime.date("2024-01-02T03:04:05.999Z") == instant)
        #expect(WireTime.date("2024-01-02T03:04:05.123456789Z") == instant)
    }

    @Test("an offset from UTC is applied", arguments: [
        "2024-01-02T11:04:05+08:00", "2024-01-02T11:04:05+0800", "2024-01-02T11:04:05+08",
        "2024-01-02T01:34:05-01:30", "2024-01-02T03:04:05.5+00:00",
    ])
    func offsets(_ text: String) {
        #expect(WireTime.date(text) == instant)
    }

    @Test("the ends of four-digit years")
    func extremes() {
        #expect(WireTime.date("0001-01-01T00:00:00Z") == Date(timeIntervalSince1970: -62_135_596_800))
        #expect(WireTime.date("9999-12-31T23:59:59Z") == Date(timeIntervalSince1970: 253_402_300_799))
        #expect(WireTime.string(.distantFuture) == "4001-01-01T00:00:00Z")
        #expect(WireTime.string(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59Z")
        #expect(WireTime.string(Date(timeIntervalSince1970: -1e15)) == "0001-01-01T00:00:00Z")
    }

    @Test("other text is refused", arguments: [
        "", "garbage", "2024-01-02", "2024-13-02T03:04:05Z", "2024-01-02 03:04:05", "2024-01-02T03:04:05",
        "2024-02-30T03:04:05Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-02T24:00:00Z",
        "2024-01-02T03:60:00Z", "2024-01-02T03:04:60Z", "2024-01-02T03:04:05ZX", "2024-01-02T03:04:05.Z",
        "2024-1-2T3:4:5Z", "2024-01-02T03:04:05+24:00", "2024-01-02T03:04:05+08:60", "2024-01-02T03:04:05+8",
        "2024-01-02t03:04:05z", " 2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z ", "+2024-01-02T03:04:05Z",
        "2024-00-02T03:04:05Z", "2024-01-00T03:04:05Z", "２０２４-01-02T03:04:05Z",
    ])
    func invalid(_ text: String) {
        #expect(WireTime.date(text) == nil)
    }
}

extension WireTimeTests {
    @Test("an instant keeps its fractional seconds")
    func instantKeepsFractions() throws {
        let parsed = try #require(WireTime.instant("2024-01-02T03:04:05.250Z"))
        #expect(abs(parsed.timeIntervalSince1970 - 1_704_164_645.25) < 1e-6)
        #expect(WireTime.instant("2024-01-02T03:04:05Z") == instant)
        let nines = try #require(WireTime.instant("2024-01-02T03:04:05.9999999999999999Z"))
        #expect(WireTime.string(nines) == "2024-01-02T03:04:05Z", "a fraction never rounds up into the next second")
        #expect(WireTime.instant("2024-02-30T03:04:05.5Z") == nil)
    }
}
