import Crypto
@testable import FloeAPI
import Foundation
import Testing

/// The V1 test vector of spec §2.2.
private enum V1Vector {
    static let parameters: [(String, String)] = [
        ("Action", "GetWorkflowTask"), ("Format", "json"), ("Version", "2020-11-09"),
        ("Timestamp", "2025-01-01T00:00:00Z"), ("SignatureNonce", "0123456789abcdef0123456789abcdef"),
        ("TaskId", "task-123"), ("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0"),
        ("AccessKeyId", "testAK"),
    ]
    static let signature = "13n8haMP13YjEMr/d/7sQorF8jo="
    static let stringToSign = "POST&%2F&AccessKeyId%3DtestAK%26Action%3DGetWorkflowTask%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D0123456789abcdef0123456789abcdef%26SignatureVersion%3D1.0%26TaskId%3Dtask-123%26Timestamp%3D2025-01-01T00%253A00%253A00Z%26Version%3D2020-11-09"
    static let headers: [SignedRequest.Header] = [
        .init("host", "127.0.0.1:8080"), .init("x-acs-action", "GetWorkflowTask"),
        .init("x-acs-version", "2020-11-09"), .init("user-agent", "AlibabaCloud"),
    ]

    static func request(
        _ parameters: [(String, String)] = parameters + [("Signature", signature)],
        body: [(String, String)]? = nil,
        method: String = "POST"
    ) throws -> SignedRequest {
        var headers = headers
        var bytes: [UInt8] = []
        if let body {
            headers.append(.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"))
            bytes = Array(urlencode(body).utf8)
        }
        return try SignedRequest(method: method, path: "/", rawQuery: urlencode(parameters), headers: headers, body: bytes)
    }
}

/// Signs `parameters` the V1 way, independently of the code under test (ASCII names and values only).
private func v1Signature(_ parameters: [(String, String)], secret: String, method: String = "POST") -> String {
    func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"))!
    }
    let query = parameters.sorted { $0.0 < $1.0 }.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    let stringToSign = "\(method)&%2F&\(encode(query))"
    let mac = HMAC<Insecure.SHA1>.authenticationCode(
        for: Array(stringToSign.utf8), using: SymmetricKey(data: Array((secret + "&").utf8)))
    return Data(mac).base64EncodedString()
}

@Suite("HMAC-SHA1 (legacy RPC signature V1)")
struct RPCSignatureTests {
    @Test("the spec's test vector: string to sign and signature")
    func specVector() throws {
        let signature = try RPCSignature(try V1Vector.request())
        #expect(signature.stringToSign == V1Vector.stringToSign)
        #expect(signature.isValid(secret: "testSecret"))
        #expect(signature.accessKeyID == "testAK")
        #expect(signature.nonce == "0123456789abcdef0123456789abcdef")
        #expect(signature.timestamp == Date(timeIntervalSince1970: 1_735_689_600))
        #expect(v1Signature(V1Vector.parameters, secret: "testSecret") == V1Vector.signature)
    }

    @Test("the common result detects V1 and carries its fields")
    func commonResult() throws {
        let signature = try RequestSignature(try V1Vector.request())
        #expect(signature.method == .hmacSHA1)
        #expect(signature.accessKeyID == "testAK")
        #expect(signature.nonce == "0123456789abcdef0123456789abcdef")
        #expect(signature.timestamp == Date(timeIntervalSince1970: 1_735_689_600))
        #expect(signature.stringToSign == V1Vector.stringToSign)
        #expect(signature.verify(secret: "testSecret"))
    }

    @Test("another secret does not verify", arguments: ["", "testsecret", "testSecret&", "testSecret&&"])
    func wrongSecret(_ secret: String) throws {
        #expect(!(try RequestSignature(try V1Vector.request())).verify(secret: secret))
    }

    @Test("a changed, added or removed parameter fails")
    func changedParameter() throws {
        func verifies(_ parameters: [(String, String)]) throws -> Bool {
            try RequestSignature(try V1Vector.request(parameters + [("Signature", V1Vector.signature)]))
                .verify(secret: "testSecret")
        }
        #expect(try verifies(V1Vector.parameters))
        #expect(try verifies(V1Vector.parameters.reversed()))
        #expect(!(try verifies(V1Vector.parameters.map { $0.0 == "TaskId" ? ($0.0, "task-124") : $0 })))
        #expect(!(try verifies(V1Vector.parameters + [("Extra", "")])))
        #expect(!(try verifies(V1Vector.parameters.filter { $0.0 != "Format" })))
    }

    @Test("the method is part of what is signed")
    func method() throws {
        #expect(!(try RequestSignature(try V1Vector.request(method: "GET"))).verify(secret: "testSecret"))
        let parameters = V1Vector.parameters
        let get = try V1Vector.request(parameters + [("Signature", v1Signature(parameters, secret: "s", method: "GET"))], method: "GET")
        #expect(try RequestSignature(get).verify(secret: "s"))
    }

    @Test("form-body parameters are signed too")
    func formBody() throws {
        let query = V1Vector.parameters.filter { $0.0 != "TaskId" }
        let body = [("TaskId", "task-123"), ("UserData", #"{"a":"b c"}"#)]
        let signature = v1Signature(query + body, secret: "testSecret")
        let request = try V1Vector.request(query, body: body + [("Signature", signature)])
        #expect(request.parameter("UserData") == #"{"a":"b c"}"#)
        #expect(try RequestSignature(request).verify(secret: "testSecret"))
        let tampered = try V1Vector.request(query, body: [("TaskId", "task-124"), ("UserData", #"{"a":"b c"}"#), ("Signature", signature)])
        #expect(!(try RequestSignature(tampered)).verify(secret: "testSecret"))
    }

    @Test("spaces, '*' and '~' in values are signed as %20, %2A and ~")
    func encodings() throws {
        let parameters = V1Vector.parameters + [("Title", "a b*c~d/e")]
        let signature = try RPCSignature(try V1Vector.request(parameters + [("Signature", v1Signature(parameters, secret: "s"))]))
        #expect(signature.stringToSign.contains("Title%3Da%2520b%252Ac~d%252Fe"))
        #expect(signature.isValid(secret: "s"))
    }

    @Test("a missing signing parameter is MissingParameter naming it",
          arguments: ["AccessKeyId", "SignatureNonce", "Timestamp", "SignatureMethod", "SignatureVersion"])
    func missing(_ name: String) throws {
        let request = try V1Vector.request(V1Vector.parameters.filter { $0.0 != name } + [("Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")])
        #expect(throws: SignatureError.missingParameter(name)) { try RequestSignature(request) }
    }

    @Test("another method or version is InvalidParameter",
          arguments: [("SignatureMethod", "HMAC-SHA256"), ("SignatureMethod", "hmac-sha1"), ("SignatureVersion", "2.0")])
    func unsupported(_ name: String, _ value: String) throws {
        let parameters = V1Vector.parameters.map { $0.0 == name ? (name, value) : $0 }
        #expect {
            try RequestSignature(try V1Vector.request(parameters + [("Signature", V1Vector.signature)]))
        } throws: { error in
            let error = error as? SignatureError
            return error?.code == .invalidParameter && error?.message.contains(name) == true
        }
    }

    @Test("a Signature that is not Base64 of 20 bytes, or repeated, is IncompleteSignature",
          arguments: [["not base64!"], ["AAAA"], [V1Vector.signature, V1Vector.signature]])
    func badSignature(_ values: [String]) throws {
        let request = try V1Vector.request(V1Vector.parameters + values.map { ("Signature", $0) })
        #expect {
            try RequestSignature(request)
        } throws: { error in
            (error as? SignatureError)?.code == .incompleteSignature
        }
    }

    @Test("a bad Timestamp is InvalidTimeStamp.Format")
    func badTimestamp() throws {
        let parameters = V1Vector.parameters.map { $0.0 == "Timestamp" ? ($0.0, "2025-01-01") : $0 }
        #expect(throws: SignatureError.invalidTimeStampFormat("Timestamp")) {
            try RequestSignature(try V1Vector.request(parameters + [("Signature", V1Vector.signature)]))
        }
    }
}
