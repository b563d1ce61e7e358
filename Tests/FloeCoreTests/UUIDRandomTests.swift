import FloeCore
import Foundation
import Testing

@Suite("UUID.random")
struct UUIDRandomTests {
    @Test("version 4, RFC 4122 variant, all different")
    func versionVariantAndUniqueness() {
        var seen = Set<UUID>()
        for _ in 0..<1_000 {
            let uuid = UUID.random()
            let text = uuid.uuidString
            let version = text[text.index(text.startIndex, offsetBy: 14)]
            let variant = text[text.index(text.startIndex, offsetBy: 19)]
            #expect(version == "4", "\(text)")
            #expect("89AB".contains(variant), "\(text)")
            seen.insert(uuid)
        }
        #expect(seen.count == 1_000)
    }
}
