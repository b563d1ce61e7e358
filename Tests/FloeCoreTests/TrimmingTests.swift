import FloeCore
import Foundation
import Testing

@Suite struct TrimmingTests {
    @Test(arguments: ["", " ", " \t\r\n ", "a", " a ", "\ta b\t", "  ACS3-HMAC-SHA256 Credential=x  ", "\u{A0}nbsp\u{2003}", "é \n", "\n\nx\ny\n"])
    func trimsAsFoundationDoes(text: String) {
        #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text[...].trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
