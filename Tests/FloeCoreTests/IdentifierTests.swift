import FloeCore
import Foundation
import Testing

@Suite("Identifier")
struct IdentifierTests {
    @Test("32 lowercase hex digits are valid")
    func valid() throws {
        #expect(try TaskID("0123456789abcdef0123456789abcdef").rawValue == "0123456789abcdef0123456789abcdef")
        #expect(TaskID.isValid("ffffffffffffffffffffffffffffffff"))
    }

    @Test("anything else is refused, naming the kind", arguments: [
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcdeg",
        "01234567-89ab-cdef-0123-456789abcdef",
        "",
        "０123456789abcdef0123456789abcde",
    ])
    func invalid(_ text: String) {
        #expect(!MediaID.isValid(text))
        do {
            _ = try MediaID(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == .invalidParameter)
            #expect(error.message.hasSuffix("is not a valid media id: expected 32 lowercase hex digits"))
        }
    }

    @Test("new identifiers are valid, and distinct even when made at the same instant")
    func generated() {
        let now = Date()
        let ids = (0..<1000).map { _ in WorkflowID.generate(at: now) }
        #expect(ids.allSatisfy { WorkflowID.isValid($0.rawValue) })
        #expect(Set(ids).count == 1000)
        // 80 random bits: every one of the last 20 digits takes many values.
        for position in 12..<32 {
            #expect(Set(ids.map { Array($0.rawValue.utf8)[position] }).count > 8, "digit \(position)")
        }
    }

    @Test("a new identifier begins with its time in milliseconds, so ids made later sort after")
    func timeOrdered() throws {
        let time = Date(timeIntervalSince1970: 1_796_601_600.123_4)  // 2026-12-07 00:00:00.123 UTC
        #expect(TaskID.generate(at: time).rawValue.hasPrefix("01a24dccd87b"))
        var previous = TaskID.generate(at: time)
        for step in 1...200 {
            let next = TaskID.generate(at: time.addingTimeInterval(Double(step) / 1000))
            #expect(previous < next)
            previous = next
        }
        #expect(TaskID.generate(at: Date(timeIntervalSince1970: -5)).rawValue.hasPrefix("000000000000"))
        #expect(TaskID.generate(at: Date(timeIntervalSince1970: 1e300)).rawValue.hasPrefix("ffffffffffff"))
    }

    @Test("Codable: an identifier is its text, and bad text does not decode")
    func codable() throws {
        let id = TaskID.generate()
        let data = try JSONEncoder().encode(id)
        #expect(String(decoding: data, as: UTF8.self) == "\"\(id.rawValue)\"")
        #expect(try JSONDecoder().decode(TaskID.self, from: data) == id)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TaskID.self, from: Data("\"XYZ\"".utf8)) }
    }

    @Test("identifiers order by their text")
    func ordering() throws {
        let low = try TaskID("00000000000000000000000000000001")
        let high = try TaskID("a0000000000000000000000000000000")
        #expect(low < high)
        #expect(low.description == low.rawValue)
    }
}
