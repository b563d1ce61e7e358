import FloeCore
import Foundation
import Testing

@Suite struct AccountIDTests {
    @Test(arguments: ["1", "0", "1234567890123456", "12345678901234567890"])
    func validIDs(_ value: String) throws {
        #expect(try AccountID(value).rawValue == value)
    }

    @Test(arguments: ["", "123456789012345678901", "12a4", " 12", "-1", "1.5", "١٢٣"])
    func invalidIDs(_ value: String) {
        let error = #expect(throws: FloeError.self) { _ = try AccountID(value) }
        #expect(error?.code == .invalidParameter)
    }

    @Test func randomIDsAre16DigitsNotStartingWithZero() {
        for _ in 0..<200 {
            let id = AccountID.random().rawValue
            #expect(id.count == 16)
            #expect(AccountID.isValid(id))
            #expect(id.first != "0")
        }
    }

    @Test func codableAsAString() throws {
        let id = try AccountID("1234")
        #expect(String(decoding: try JSONEncoder().encode([id]), as: UTF8.self) == #"["1234"]"#)
        #expect(try JSONDecoder().decode([AccountID].self, from: Data(#"["1234"]"#.utf8)) == [id])
        #expect(throws: (any Error).self) { _ = try JSONDecoder().decode([AccountID].self, from: Data(#"["12x"]"#.utf8)) }
    }
}
