import FloeCore
import Foundation
import Testing

@Suite struct TrimmingTests {
    @Test(arguments: ["", " ", " \t\r\n ", "a", " a ", "\ta b\t", "  ACS3-HMAC-SHA256 Credential=x  ", "\u{A0}nbsp\u{2003}", "é \n", "\n\nx\ny\n",
                      "\r\n", "x\r\n", "\u{0B}\u{0C}v\u{0B}", " \u{85}x", "x\u{2028}", " a\u{301} ", " \u{A0}", "\u{3000} 全角 \u{3000}"])
    func trimsAsFoundationDoes(text: String) {
        #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text[...].trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
