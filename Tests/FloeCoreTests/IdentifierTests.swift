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

    @Test("random identifiers are valid and distinct")
    func random() {
        let ids = (0..<100).map { _ in WorkflowID.random() }
        #expect(ids.allSatisfy { WorkflowID.isValid($0.rawValue) })
        #expect(Set(ids).count == 100)
    }

    @Test("Codable: an identifier is its text, and bad text does not decode")
    func codable() throws {
        let id = TaskID.random()
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
