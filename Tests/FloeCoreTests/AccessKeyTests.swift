import FloeCore
import Foundation
import Testing

@Suite struct AccessKeyTests {
    @Test func randomIDsHaveTheAccessKeyIdShape() {
        let ids = (0..<200).map { _ in AccessKey.randomID() }
        #expect(ids.allSatisfy { $0.hasPrefix("LTAI") && $0.count == 24 && AccessKey.isValidID($0) })
        #expect(Set(ids).count == ids.count)
    }

    @Test(arguments: ["LTAI", "LTAI0123456789abcdefghi", "LTAI0123456789abcdefghijk", "AKIA0123456789abcdefghij",
                      "LTAI0123456789abcdefgh-j", "LTAI0123456789abcdefghé"])
    func invalidIDs(_ value: String) {
        #expect(!AccessKey.isValidID(value))
    }
}
