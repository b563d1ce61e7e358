import FloeNotify
import Testing

@Suite struct CallbackSignatureTests {
    @Test("the IMS documentation's example: md5(URL|timestamp|AuthKey)")
    func documentedExample() {
        // The documentation prints c72b60894140fa98920f1279219b**** for this URL, timestamp and AuthKey "Test123";
        // that digest is the one of the key written "test123" (with "Test123" the digest is c587b80d…), so the
        // example was computed with the lower-case key. The formula is the documented one either way.
        let url = "https://www.example.com/your/callback"
        let signature = CallbackSignature.signature(url: url, timestamp: 1519375990, authKey: "test123")
        #expect(signature.hasPrefix("c72b60894140fa98920f1279219b") && signature.count == 32)
        #expect(CallbackSignature.signature(url: url, timestamp: 1519375990, authKey: "Test123") == "c587b80d2d0ede300e8967937da7219b")
        let headers = CallbackSignature.headers(url: url, timestamp: 1519375990, authKey: "test123")
        #expect(headers.map(\.name) == ["X-ICE-TIMESTAMP", "X-ICE-SIGNATURE"] && headers[0].value == "1519375990" && headers[1].value == signature)
    }
}
