import FloeAPI
@testable import FloeClient
import FloeCore
import Foundation
import Testing

/// `RequestSigner` against the server's own verification: what it signs verifies, a tampered request does not.
@Suite struct RequestSignerTests {
    let credentials = Credentials(accessKeyID: "LTAItestkey000000000000", accessKeySecret: "s3cret/with+odd=chars")
    var signer: RequestSigner { RequestSigner(credentials: credentials) }
    let parameters = [
        "WorkflowId": "a0000000000000000000000000000001",
        "TaskInput": #"{"Type":"OSS","Media":"oss://uploads/a b+c&d=e/ü.mp4"}"#,
        "UserData": #"{"NotifyAddress":"http://127.0.0.1:9000/cb?x=1"}"#,
        "Empty": "",
    ]

    /// The request as the server sees it.
    func received(_ request: RPCRequest, headers: [SignedRequest.Header]? = nil, rawQuery: String? = nil) throws -> SignedRequest {
        try SignedRequest(method: request.method, path: request.path, rawQuery: rawQuery ?? request.rawQuery,
                          headers: headers ?? request.headers, body: request.body)
    }

    @Test func aSignedRequestVerifiesWithTheServersCode() throws {
        let request = try signer.sign(action: "StartWorkflow", parameters: parameters, host: "127.0.0.1:8080")
        let signature = try RequestSignature(try received(request))
        #expect(signature.method == .acs3HMACSHA256)
        #expect(signature.accessKeyID == credentials.accessKeyID)
        #expect(signature.verify(secret: credentials.accessKeySecret))
        #expect(!signature.verify(secret: "another secret"))
        try signature.checkTimestamp(now: Date())
    }

    @Test func theServerDecodesEveryParameterAsSent() throws {
        let request = try signer.sign(action: "StartWorkflow", parameters: parameters, host: "h")
        let decoded = Dictionary(try received(request).queryParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(decoded == parameters)
    }

    @Test func itSignsEveryHeaderItSendsAndTheSDKsSet() throws {
        let request = try signer.sign(action: "GetWorkflowTask", parameters: ["TaskId": "x"], host: "127.0.0.1:8080")
        let signature = try ACS3Signature(try received(request))
        #expect(signature.signedHeaders == [
            "accept", "host", "user-agent", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
            "x-acs-version",
        ])
        #expect(request.header("host") == "127.0.0.1:8080")
        #expect(request.header("x-acs-action") == "GetWorkflowTask")
        #expect(request.header("x-acs-version") == "2020-11-09")
        #expect(request.header("x-acs-content-sha256") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(request.headers.last?.name == "Authorization")
        #expect(request.header("authorization")?.hasPrefix("ACS3-HMAC-SHA256 Credential=\(credentials.accessKeyID),SignedHeaders=") == true)
    }

    @Test(arguments: ["query", "host", "action", "date", "nonce", "signature"])
    func aTamperedRequestDoesNotVerify(_ part: String) throws {
        let request = try signer.sign(action: "StartWorkflow", parameters: parameters, host: "127.0.0.1:8080")
        var headers = request.headers
        var rawQuery = request.rawQuery
        func replace(_ name: String, _ change: (String) -> String) {
            headers = headers.map { $0.name.lowercased() == name ? .init($0.name, change($0.value)) : $0 }
        }
        switch part {
        case "query": rawQuery = rawQuery.replacingOccurrences(of: "a0000000000000000000000000000001", with: "a0000000000000000000000000000002")
        case "host": replace("host", { _ in "127.0.0.1:8081" })
        case "action": replace("x-acs-action", { _ in "CancelWorkflowTask" })
        case "date": replace("x-acs-date", { _ in "2000-01-01T00:00:00Z" })
        case "nonce": replace("x-acs-signature-nonce", { _ in RequestSigner.nonce() })
        default: replace("authorization", { $0.replacingOccurrences(of: "Signature=", with: "Signature=0").dropLast().description })
        }
        let signature = try RequestSignature(try received(request, headers: headers, rawQuery: rawQuery))
        #expect(!signature.verify(secret: credentials.accessKeySecret))
    }

    @Test func noncesAre32RandomHexDigits() {
        let nonces = (0..<100).map { _ in RequestSigner.nonce() }
        #expect(Set(nonces).count == 100)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }

    /// The public canonicalisation the signer shares with the server reproduces spec §2.1's test vector.
    @Test func theSharedCanonicalisationGivesTheSpecVector() throws {
        let query: [(String, String)] = [
            ("WorkflowId", "wf-0001"),
            ("TaskInput", #"{"Type":"Media","Media":"c0ffee00c0ffee00c0ffee00c0ffee00"}"#),
            ("UserData", #"{"NotifyAddress":"http://127.0.0.1:9000/cb"}"#),
            ("SkipInputVerification", "false"),
        ]
        let headers: [SignedRequest.Header] = [
            .init("host", "127.0.0.1:8080"), .init("x-acs-version", "2020-11-09"), .init("x-acs-action", "StartWorkflow"),
            .init("user-agent", "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"),
            .init("x-acs-date", "2025-01-01T00:00:00Z"), .init("x-acs-signature-nonce", "0123456789abcdef0123456789abcdef"),
            .init("accept", "application/json"), .init("x-acs-content-sha256", ACS3Signature.payloadHash([])),
        ]
        let rawQuery = query.map { "\(FormEncoding.percentEncode($0.0))=\(FormEncoding.percentEncode($0.1))" }.joined(separator: "&")
        let request = try SignedRequest(method: "POST", path: "/", rawQuery: rawQuery, headers: headers)
        let signedHeaders = headers.map(\.name).sorted()
        let canonical = ACS3Signature.canonicalRequest(request, signedHeaders: signedHeaders, payloadHash: ACS3Signature.payloadHash([]))
        let stringToSign = ACS3Signature.stringToSign(canonicalRequest: canonical)
        #expect(stringToSign == "ACS3-HMAC-SHA256\n2017f445b7c9ed007e076a7789409ff1151a6437ee5ecab49d5a49d3c5f61b4f")
        #expect(ACS3Signature.signature(stringToSign: stringToSign, secret: "testSecret")
            == "e31dcfb2fa3a2cf07e2c40f6314ccb6798eaf37bcfee4dabdcb8ded59d95b558")
    }
}
