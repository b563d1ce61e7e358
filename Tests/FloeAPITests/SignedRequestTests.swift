@testable import FloeAPI
import Foundation
import Testing

@Suite("SignedRequest, form decoding and clock skew")
struct SignedRequestTests {
    @Test("form decoding: '+' is a space, escapes are UTF-8, a bare name has an empty value")
    func decoding() throws {
        let pairs = try FormEncoding.decode("a=1+2&b=%E4%BD%A0%2b&&c&=v&d=x=y")
        #expect(pairs.map(\.name) == ["a", "b", "c", "", "d"])
        #expect(pairs.map(\.value) == ["1 2", "你+", "", "v", "x=y"])
    }

    @Test("malformed escapes are InvalidParameter", arguments: ["a=%", "a=%4", "a=%zz", "a=%FF", "%C3=1"])
    func badEscape(_ raw: String) {
        #expect {
            try FormEncoding.decode(raw)
        } throws: { error in
            (error as? SignatureError)?.code == .invalidParameter
        }
    }

    @Test("percent-encoding keeps only unreserved characters")
    func encoding() {
        #expect(FormEncoding.percentEncode("AZaz09-_.~ *+/:=&%é") == "AZaz09-_.~%20%2A%2B%2F%3A%3D%26%25%C3%A9")
    }

    @Test("headers are looked up case-insensitively; a form body is merged after the query")
    func request() throws {
        let request = try SignedRequest(
            method: "POST", path: "/", rawQuery: "A=1&B=2",
            headers: [.init("Content-Type", "Application/X-WWW-Form-URLEncoded"), .init("X-A", "1"), .init("x-a", "2")],
            body: Array("B=3&C=4+5".utf8))
        #expect(request.header("content-type") == "Application/X-WWW-Form-URLEncoded")
        #expect(request.headerValues("X-a") == ["1", "2"])
        #expect(request.parameter("B") == "2")
        #expect(request.parameter("C") == "4 5")
        #expect(request.parameters.map(\.name) == ["A", "B", "B", "C"])
    }

    @Test("a body that is not a form is not decoded")
    func jsonBody() throws {
        let request = try SignedRequest(
            method: "POST", path: "/", rawQuery: "", headers: [.init("content-type", "application/json")],
            body: Array("%zz".utf8))
        #expect(request.formParameters.isEmpty)
    }

    @Test("timestamps within 15 minutes either way pass, beyond is InvalidTimeStamp.Expired")
    func skew() throws {
        let signature = try RequestSignature(try V3Vector.request())
        let signedAt = Date(timeIntervalSince1970: 1_735_689_600)
        try signature.checkTimestamp(now: signedAt)
        try signature.checkTimestamp(now: signedAt.addingTimeInterval(900))
        try signature.checkTimestamp(now: signedAt.addingTimeInterval(-900))
        for offset in [901.0, -901.0, 86_400.0] {
            #expect(throws: SignatureError.invalidTimeStampExpired) {
                try signature.checkTimestamp(now: signedAt.addingTimeInterval(offset))
            }
        }
        #expect(throws: SignatureError.invalidTimeStampExpired) {
            try signature.checkTimestamp(now: signedAt.addingTimeInterval(61), allowedSkew: 60)
        }
    }

    @Test("the codes are IMS's and so are the statuses")
    func codes() {
        #expect(SignatureError.signatureDoesNotMatch().code.rawValue == "SignatureDoesNotMatch")
        #expect(SignatureError.signatureDoesNotMatch().message == "Specified signature is not matched with our calculation.")
        #expect(SignatureError.invalidTimeStampExpired.code.rawValue == "InvalidTimeStamp.Expired")
        #expect(SignatureError.invalidTimeStampFormat("x").code.rawValue == "InvalidTimeStamp.Format")
        #expect(SignatureError.invalidAccessKeyIDNotFound.code.rawValue == "InvalidAccessKeyId.NotFound")
        #expect(SignatureError.invalidAccessKeyIDNotFound.httpStatus == 404)
        #expect(SignatureError.missingParameter("X").httpStatus == 400)
        #expect(SignatureError.missingParameter("X").message
            == "The input parameter \"X\" that is mandatory for processing this request is not supplied.")
    }
}
