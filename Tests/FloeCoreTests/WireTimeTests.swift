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
    }

    @Test("parses what it formats")
    func parse() {
        #expect(WireTime.date("2024-01-02T03:04:05Z") == instant)
        #expect(WireTime.date(WireTime.string(instant)) == instant)
    }

    @Test("fractional seconds are accepted and dropped")
    func fractions() {
        #expect(WireTime.date("2024-01-02T03:04:05.250Z") == instant)
        #expect(WireTime.date("2024-01-02T03:04:05.999Z") == instant)
    }

    @Test("other text is refused", arguments: ["", "garbage", "2024-01-02", "2024-13-02T03:04:05Z", "2024-01-02 03:04:05"])
    func invalid(_ text: String) {
        #expect(WireTime.date(text) == nil)
    }
}
