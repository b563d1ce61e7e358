import Crypto
@testable import FloeAPI
import Foundation
import Testing

@Suite("ACS3-HMAC-SHA256 (signature V3)")
struct ACS3SignatureTests {
    @Test("the spec's test vector: canonical request, its hash, and the signature")
    func specVector() throws {
        let signature = try ACS3Signature(try V3Vector.request())
        let expected = """
            POST
            /
            SkipInputVerification=false&TaskInput=%7B%22Type%22%3A%22Media%22%2C%22Media%22%3A%22c0ffee00c0ffee00c0ffee00c0ffee00%22%7D&UserData=%7B%22NotifyAddress%22%3A%22http%3A%2F%2F127.0.0.1%3A9000%2Fcb%22%7D&WorkflowId=wf-0001
            accept:application/json
            host:127.0.0.1:8080
            user-agent:AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
            x-acs-action:StartWorkflow
            x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-date:2025-01-01T00:00:00Z
            x-acs-signature-nonce:0123456789abcdef0123456789abcdef
            x-acs-version:2020-11-09

            accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """
        #expect(signature.canonicalRequest == expected)
        #expect(signature.stringToSign
            == "ACS3-HMAC-SHA256\n2017f445b7c9ed007e076a7789409ff1151a6437ee5ecab49d5a49d3c5f61b4f")
        #expect(signature.isValid(secret: "testSecret"))
        #expect(signature.accessKeyID == "testAK")
        #expect(signature.nonce == "0123456789abcdef0123456789abcdef")
        #expect(signature.timestamp == Date(timeIntervalSince1970: 1_735_689_600))
        #expect(signature.securityToken == nil)
    }

    @Test("the common result carries key, nonce, timestamp and method")
    func commonResult() throws {
        let signature = try RequestSignature(try V3Vector.request())
        #expect(signature.method == .acs3HMACSHA256)
        #expect(signature.accessKeyID == "testAK")
        #expect(signature.nonce == "0123456789abcdef0123456789abcdef")
        #expect(signature.timestamp == Date(timeIntervalSince1970: 1_735_689_600))
        #expect(signature.verify(secret: "testSecret"))
        #expect(!signature.verify(secret: "testSecret "))
    }

    @Test("another secret does not verify", arguments: ["", "testsecret", "testSecreT", "testSecret&", "wrong"])
    func wrongSecret(_ secret: String) throws {
        #expect(!(try RequestSignature(try V3Vector.request())).verify(secret: secret))
    }

    @Test("a changed signed header fails", arguments: [
        ("user-agent", "AlibabaCloud (Linux; x86_64) Python/3.11.8 Core/0.4.3 TeaDSL/2"),
        ("x-acs-action", "GetWorkflowTask"),
        ("x-acs-version", "2020-11-10"),
        ("x-acs-date", "2025-01-01T00:00:01Z"),
        ("x-acs-signature-nonce", "0123456789abcdef0123456789abcdee"),
        ("accept", "application/xml"),
    ])
    func changedHeader(_ name: String, _ value: String) throws {
        let request = try V3Vector.request(headers: V3Vector.headers.replacing(name, with: value))
        #expect(!(try RequestSignature(request)).verify(secret: "testSecret"))
    }

    @Test("Host is compared as received, never normalised", arguments: [
        "127.0.0.1:8081", "127.0.0.1", "localhost:8080", "http://127.0.0.1:8080", "127.0.0.1:08080",
    ])
    func changedHost(_ host: String) throws {
        let request = try V3Vector.request(headers: V3Vector.headers.replacing("Host", with: host))
        #expect(!(try RequestSignature(request)).verify(secret: "testSecret"))
    }

    @Test("a Host with a scheme, as the SDK sends when the endpoint has one, verifies when signed that way")
    func hostWithScheme() throws {
        let canonical = """
            POST
            /
            WorkflowId=wf-0001
            host:http://127.0.0.1:18080
            x-acs-content-sha256:\(V3Vector.emptyBodyHash)
            x-acs-date:2025-01-01T00:00:00Z
            x-acs-signature-nonce:n1

            host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce
            \(V3Vector.emptyBodyHash)
            """
        let signature = acs3Signature(canonicalRequest: canonical, secret: "s")
        let headers: [SignedRequest.Header] = [
            .init("Host", "http://127.0.0.1:18080"),
            .init("X-Acs-Date", "2025-01-01T00:00:00Z"),
            .init("X-Acs-Signature-Nonce", "n1"),
            .init("X-Acs-Content-Sha256", V3Vector.emptyBodyHash),
            .init("authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature=\(signature)"),
        ]
        let request = try SignedRequest(method: "POST", path: "/", rawQuery: "WorkflowId=wf-0001", headers: headers)
        #expect(try RequestSignature(request).verify(secret: "s"))
        let normalised = try SignedRequest(
            method: "POST", path: "/", rawQuery: "WorkflowId=wf-0001",
            headers: headers.replacing("host", with: "127.0.0.1:18080"))
        #expect(!(try RequestSignature(normalised)).verify(secret: "s"))
    }

    @Test("a changed, added or removed query parameter fails")
    func changedQuery() throws {
        var changed = V3Vector.query
        changed[0].1 = "wf-0002"
        #expect(!(try RequestSignature(try V3Vector.request(query: changed))).verify(secret: "testSecret"))
        #expect(!(try RequestSignature(try V3Vector.request(query: V3Vector.query + [("MaxResults", "10")])))
            .verify(secret: "testSecret"))
        #expect(!(try RequestSignature(try V3Vector.request(query: Array(V3Vector.query.dropLast()))))
            .verify(secret: "testSecret"))
        // Order does not matter: the canonical query is sorted.
        #expect(try RequestSignature(try V3Vector.request(query: V3Vector.query.reversed())).verify(secret: "testSecret"))
    }

    @Test("an unsigned header may change or be added")
    func unsignedHeader() throws {
        let headers = V3Vector.headers.replacing("Accept-Encoding", with: "br") + [.init("X-Forwarded-For", "10.0.0.1")]
        #expect(try RequestSignature(try V3Vector.request(headers: headers)).verify(secret: "testSecret"))
    }

    @Test("a body that is not the one x-acs-content-sha256 names is refused before any secret is needed")
    func changedBody() throws {
        #expect(throws: SignatureError.self) { try ACS3Signature(try V3Vector.request(body: Array("x=1".utf8))) }
        do {
            _ = try ACS3Signature(try V3Vector.request(body: [0]))
            Issue.record("accepted")
        } catch let error as SignatureError {
            #expect(error.code == .signatureDoesNotMatch)
            #expect(error.message.contains("x-acs-content-sha256"))
        }
    }

    @Test("a body whose hash header was updated but not re-signed fails")
    func bodyWithUpdatedHash() throws {
        let body = Array("TaskId=1".utf8)
        let headers = V3Vector.headers.replacing("x-acs-content-sha256", with: hex(SHA256.hash(data: body)))
        let signature = try RequestSignature(try V3Vector.request(headers: headers, body: body))
        #expect(!signature.verify(secret: "testSecret"))
    }

    @Test("a signed JSON body verifies and its hash is accepted in either hex case")
    func signedBody() throws {
        let body = Array(#"{"a":1}"#.utf8)
        let bodyHash = hex(SHA256.hash(data: body))
        let canonical = """
            POST
            /
            
            host:h
            x-acs-content-sha256:\(bodyHash.uppercased())
            x-acs-date:2025-01-01T00:00:00Z
            x-acs-signature-nonce:n

            host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce
            \(bodyHash)
            """
        let headers: [SignedRequest.Header] = [
            .init("host", "h"), .init("x-acs-date", "2025-01-01T00:00:00Z"), .init("x-acs-signature-nonce", "n"),
            .init("x-acs-content-sha256", bodyHash.uppercased()), .init("content-type", "application/json"),
            .init("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature=\(acs3Signature(canonicalRequest: canonical, secret: "k"))"),
        ]
        let request = try SignedRequest(method: "POST", path: "", rawQuery: "", headers: headers, body: body)
        #expect(try RequestSignature(request).verify(secret: "k"))
    }

    @Test("+, %20, * and %2A in the query canonicalise as the SDK signs them")
    func queryEncodings() throws {
        let raw = "Title=a+b%20c*d%2Ae~f%7Eg&Path=%2Fx%2Fy&Empty=&Bare&Plus=%2B&Uni=%C3%A9"
        let request = try SignedRequest(method: "POST", path: "/", rawQuery: raw, headers: [])
        #expect(request.parameter("Title") == "a b c*d*e~f~g")
        #expect(request.parameter("Plus") == "+")
        #expect(ACS3Signature.canonicalQuery(request.queryParameters)
            == "Bare=&Empty=&Path=%2Fx%2Fy&Plus=%2B&Title=a%20b%20c%2Ad%2Ae~f~g&Uni=%C3%A9")

        let canonical = """
            POST
            /
            Bare=&Empty=&Path=%2Fx%2Fy&Plus=%2B&Title=a%20b%20c%2Ad%2Ae~f~g&Uni=%C3%A9
            host:h
            x-acs-content-sha256:\(V3Vector.emptyBodyHash)
            x-acs-date:2025-01-01T00:00:00Z
            x-acs-signature-nonce:n

            host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce
            \(V3Vector.emptyBodyHash)
            """
        let headers: [SignedRequest.Header] = [
            .init("host", "h"), .init("x-acs-date", "2025-01-01T00:00:00Z"), .init("x-acs-signature-nonce", "n"),
            .init("x-acs-content-sha256", V3Vector.emptyBodyHash),
            .init("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature=\(acs3Signature(canonicalRequest: canonical, secret: "k"))"),
        ]
        // The same values written with other, equivalent escapes still verify.
        for variant in [raw, "Title=a%20b+c%2Ad*e%7Ef~g&Path=/x/y&Empty&Bare=&Plus=%2b&Uni=%c3%a9"] {
            let signed = try SignedRequest(method: "POST", path: "/", rawQuery: variant, headers: headers)
            #expect(try RequestSignature(signed).verify(secret: "k"), "\(variant)")
        }
        // A literal '+' is a space, not a plus sign.
        let plus = try SignedRequest(method: "POST", path: "/", rawQuery: raw.replacingOccurrences(of: "%2B", with: "+"), headers: headers)
        #expect(!(try RequestSignature(plus)).verify(secret: "k"))
    }

    @Test("repeated signed headers are joined after sorting their values")
    func repeatedHeaders() throws {
        let canonical = """
            GET
            /
            
            host:h
            x-acs-content-sha256:\(V3Vector.emptyBodyHash)
            x-acs-date:2025-01-01T00:00:00Z
            x-acs-signature-nonce:n
            x-custom:a,b

            host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-custom
            \(V3Vector.emptyBodyHash)
            """
        let headers: [SignedRequest.Header] = [
            .init("host", "h"), .init("x-acs-date", "2025-01-01T00:00:00Z"), .init("x-acs-signature-nonce", "n"),
            .init("X-Custom", " b "), .init("x-custom", "a"),
            .init("x-acs-content-sha256", V3Vector.emptyBodyHash),
            .init("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-custom,Signature=\(acs3Signature(canonicalRequest: canonical, secret: "k"))"),
        ]
        let request = try SignedRequest(method: "GET", path: "/", rawQuery: "", headers: headers)
        #expect(try RequestSignature(request).verify(secret: "k"))
    }

    @Test("malformed Authorization headers are IncompleteSignature", arguments: [
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SHA256 ",
        "ACS3-HMAC-SM3 Credential=testAK,SignedHeaders=host,Signature=00",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=\(V3Vector.signedHeaders)",
        "ACS3-HMAC-SHA256 SignedHeaders=\(V3Vector.signedHeaders),Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=\(V3Vector.signedHeaders),Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=,Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=\(V3Vector.signedHeaders),Signature=xyz",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=\(V3Vector.signedHeaders),Signature=\(V3Vector.signature)00",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=\(V3Vector.signedHeaders),Signature=\(V3Vector.signature),Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders;\(V3Vector.signedHeaders),Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;;accept,Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=x-acs-date;x-acs-signature-nonce;x-acs-content-sha256,Signature=\(V3Vector.signature)",
        "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-date;x-acs-signature-nonce;x-acs-content-sha256;x-missing,Signature=\(V3Vector.signature)",
        "HMAC-SHA256 Credential=testAK,SignedHeaders=\(V3Vector.signedHeaders),Signature=\(V3Vector.signature)",
        "Bearer abc",
    ])
    func malformedAuthorization(_ authorization: String) throws {
        let request = try V3Vector.request(headers: V3Vector.headers.replacing("authorization", with: authorization))
        #expect {
            try RequestSignature(request)
        } throws: { error in
            (error as? SignatureError)?.code == .incompleteSignature
        }
    }

    @Test("a missing signing header is MissingParameter naming it",
          arguments: ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"])
    func missingHeader(_ name: String) throws {
        let request = try V3Vector.request(headers: V3Vector.headers.filter { $0.name != name })
        #expect {
            try RequestSignature(request)
        } throws: { error in
            let error = error as? SignatureError
            return error?.code == .missingParameter && error?.message.contains("\"\(name)\"") == true
        }
    }

    @Test("a malformed x-acs-date is InvalidTimeStamp.Format",
          arguments: ["", "yesterday", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-01-01 00:00:00", "1735689600"])
    func badDate(_ date: String) throws {
        let request = try V3Vector.request(headers: V3Vector.headers.replacing("x-acs-date", with: date))
        #expect {
            try RequestSignature(request)
        } throws: { error in
            (error as? SignatureError)?.code == .invalidTimeStampFormat
        }
    }

    @Test("no Authorization and no Signature is IncompleteSignature")
    func noSignature() throws {
        let request = try V3Vector.request(headers: V3Vector.headers.filter { $0.name != "Authorization" })
        #expect(throws: SignatureError.incompleteSignature(
            "the request has neither an Authorization header nor a Signature parameter")) {
            try RequestSignature(request)
        }
    }
}

@Suite("ACS3-HMAC-SHA256 with STS headers")
struct ACS3STSTests {
    private func request(signing signed: [String]) throws -> SignedRequest {
        let names = (["host", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"] + signed).sorted()
        let values = [
            "host": "h", "x-acs-content-sha256": V3Vector.emptyBodyHash, "x-acs-date": "2025-01-01T00:00:00Z",
            "x-acs-signature-nonce": "n", "x-acs-security-token": "token", "x-acs-accesskey-id": "STS.ak",
        ]
        let canonical = "POST\n/\n\n" + names.map { "\($0):\(values[$0]!)\n" }.joined() + "\n"
            + names.joined(separator: ";") + "\n" + V3Vector.emptyBodyHash
        let headers = values.sorted { $0.key < $1.key }.map { SignedRequest.Header($0.key, $0.value) } + [
            .init("Authorization", "ACS3-HMAC-SHA256 Credential=STS.ak,SignedHeaders=\(names.joined(separator: ";")),Signature=\(acs3Signature(canonicalRequest: canonical, secret: "k"))"),
        ]
        return try SignedRequest(method: "POST", path: "/", rawQuery: "", headers: headers)
    }

    @Test("a signed security token is exposed and verifies")
    func signedToken() throws {
        let signature = try RequestSignature(try request(signing: ["x-acs-accesskey-id", "x-acs-security-token"]))
        #expect(signature.securityToken == "token")
        #expect(signature.verify(secret: "k"))
    }

    @Test("a security token or STS key id that is not signed is IncompleteSignature",
          arguments: [["x-acs-accesskey-id"], ["x-acs-security-token"]])
    func unsignedToken(_ signed: [String]) throws {
        #expect {
            try RequestSignature(try request(signing: signed))
        } throws: { error in
            (error as? SignatureError)?.code == .incompleteSignature
        }
    }
}
