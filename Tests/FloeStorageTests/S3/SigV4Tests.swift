import FloeCore
import FloeStorage
import Foundation
import Testing

/// AWS's published S3 examples ("Authenticating Requests: AWS Signature Version 4", header and query
/// string variants), and the encoding edge cases keys bring.
@Suite("SigV4")
struct SigV4Tests {
    static let signer = SigV4(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                              region: "us-east-1")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let host = "examplebucket.s3.amazonaws.com"

    @Test("GET Object: canonical request, string to sign, signature and Authorization as published")
    func getObject() {
        var request = SigV4.Request(method: "GET", encodedPath: "/test.txt", headers: [("Host", Self.host), ("Range", "bytes=0-9")])
        let canonical = Self.signer.canonicalRequest(
            SigV4.Request(method: "GET", encodedPath: "/test.txt", headers: request.headers + [
                ("x-amz-content-sha256", SigV4.emptyPayloadHash), ("x-amz-date", "20130524T000000Z"),
            ]),
            signedHeaders: ["host", "range", "x-amz-content-sha256", "x-amz-date"], payloadHash: SigV4.emptyPayloadHash
        )
        #expect(canonical == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        let stringToSign = Self.signer.stringToSign(canonicalRequest: canonical, date: Self.date)
        #expect(stringToSign == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
            """)
        #expect(Self.signer.signature(stringToSign: stringToSign, date: Self.date)
            == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")

        Self.signer.authorize(&request, payloadHash: SigV4.emptyPayloadHash, date: Self.date)
        #expect(request.header("authorization") == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(request.header("x-amz-date") == "20130524T000000Z")
        #expect(request.header("x-amz-content-sha256") == SigV4.emptyPayloadHash)
    }

    @Test("PUT Object with a signed payload and a '$' in the key, as published")
    func putObject() {
        let payload = Data("Welcome to Amazon S3.".utf8)
        #expect(SigV4.sha256(payload) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        var request = SigV4.Request(method: "PUT", encodedPath: SigV4.encodePath("/test$file.text"), headers: [
            ("Host", Self.host), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ])
        #expect(request.encodedPath == "/test%24file.text")
        Self.signer.authorize(&request, payloadHash: SigV4.sha256(payload), date: Self.date)
        let authorization = SigV4.Authorization(parsing: request.header("authorization") ?? "")
        #expect(authorization?.signedHeaders == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        #expect(authorization?.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET Bucket (list objects) and GET Bucket lifecycle: query parameters, with and without values, as published")
    func bucketQueries() {
        var list = SigV4.Request(method: "GET", encodedPath: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: [("host", Self.host)])
        #expect(list.canonicalQuery == "max-keys=2&prefix=J")
        Self.signer.authorize(&list, payloadHash: SigV4.emptyPayloadHash, date: Self.date)
        #expect(SigV4.Authorization(parsing: list.header("authorization") ?? "")?.signature
            == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")

        var lifecycle = SigV4.Request(method: "GET", encodedPath: "/", query: [("lifecycle", "")], headers: [("host", Self.host)])
        #expect(lifecycle.canonicalQuery == "lifecycle=")
        Self.signer.authorize(&lifecycle, payloadHash: SigV4.emptyPayloadHash, date: Self.date)
        #expect(SigV4.Authorization(parsing: lifecycle.header("authorization") ?? "")?.signature
            == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("a presigned GET: the X-Amz-* query, string to sign and signature as published")
    func presignedGet() throws {
        let request = SigV4.Request(method: "GET", encodedPath: "/test.txt", headers: [("host", Self.host)])
        let presigned = try Self.signer.presign(request, date: Self.date, expiresIn: .seconds(86400))
        let query = Dictionary(uniqueKeysWithValues: presigned.query.map { ($0.name, $0.value) })
        #expect(query == [
            "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
            "X-Amz-Date": "20130524T000000Z", "X-Amz-Expires": "86400", "X-Amz-SignedHeaders": "host",
            "X-Amz-Signature": "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
        ])
        #expect(presigned.canonicalQuery.contains("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"))

        // Verifying, as a server would: the query without its signature, over the signed headers.
        var unsigned = presigned
        unsigned.query.removeAll { $0.name == "X-Amz-Signature" }
        let canonical = Self.signer.canonicalRequest(unsigned, signedHeaders: ["host"], payloadHash: SigV4.unsignedPayload)
        #expect(Self.signer.stringToSign(canonicalRequest: canonical, date: Self.date) == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04
            """)
        #expect(Self.signer.verify("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", of: unsigned,
                                   signedHeaders: ["host"], payloadHash: SigV4.unsignedPayload, date: Self.date))
        #expect(!Self.signer.verify("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d405", of: unsigned,
                                    signedHeaders: ["host"], payloadHash: SigV4.unsignedPayload, date: Self.date))
        let other = SigV4(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wrong", region: "us-east-1")
        #expect(!other.verify("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", of: unsigned,
                              signedHeaders: ["host"], payloadHash: SigV4.unsignedPayload, date: Self.date))
    }

    @Test("presigned expiry is 1 second to 7 days")
    func presignedExpiry() throws {
        let request = SigV4.Request(method: "GET", encodedPath: "/a", headers: [("host", Self.host)])
        _ = try Self.signer.presign(request, date: Self.date, expiresIn: .seconds(7 * 24 * 3600))
        #expect(throws: FloeError.self) { try Self.signer.presign(request, date: Self.date, expiresIn: .seconds(7 * 24 * 3600 + 1)) }
        #expect(throws: FloeError.self) { try Self.signer.presign(request, date: Self.date, expiresIn: .zero) }
    }

    @Test("keys are encoded byte by byte: spaces, unicode, '+', '~', slashes kept in paths only")
    func encoding() {
        #expect(SigV4.encodePath("/a b/视频+~x_y.z/é") == "/a%20b/%E8%A7%86%E9%A2%91%2B~x_y.z/%C3%A9")
        #expect(SigV4.encodePath("/a=b&c?d#e%f;g,h@i!j'(k)*") == "/a%3Db%26c%3Fd%23e%25f%3Bg%2Ch%40i%21j%27%28k%29%2A")
        #expect(SigV4.encodePath("/../x") == "/../x", "S3 paths are never normalised; keys never hold '..' segments")
        #expect(SigV4.uriEncode("a/b c+d~") == "a%2Fb%20c%2Bd~")
        #expect(SigV4.uriEncode("🎬") == "%F0%9F%8E%AC")
        #expect(SigV4.canonicalQuery([("prefix", "a b/c"), ("list-type", "2"), ("b", ""), ("a", "2"), ("a", "1")])
            == "a=1&a=2&b=&list-type=2&prefix=a%20b%2Fc")
    }

    @Test("header values are trimmed and inner blanks collapsed; repeated headers are joined")
    func headerValues() {
        let request = SigV4.Request(method: "GET", encodedPath: "/", headers: [("X-Amz-Meta-A", "  one   two \t three "), ("x-amz-meta-a", "four")])
        #expect(request.header("x-amz-meta-a") == "one two three,four")
        let canonical = Self.signer.canonicalRequest(request, signedHeaders: ["X-Amz-Meta-A"], payloadHash: SigV4.unsignedPayload)
        #expect(canonical.contains("\nx-amz-meta-a:one two three,four\n\nx-amz-meta-a\n"))
    }

    @Test("Authorization headers parse and print back; other schemes are not parsed")
    func authorizationHeader() {
        let text = "AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
        let parsed = SigV4.Authorization(parsing: text)
        #expect(parsed?.accessKeyID == "AKID")
        #expect(parsed?.signedHeaders == "host;x-amz-date")
        #expect(parsed?.description == text.replacingOccurrences(of: ", ", with: ","))
        #expect(SigV4.Authorization(parsing: "AWS AKID:abc") == nil)
        #expect(SigV4.Authorization(parsing: "AWS4-HMAC-SHA256 Credential=x") == nil)
    }

    @Test("x-amz-date formats in UTC and parses back; malformed dates do not parse")
    func dates() {
        #expect(SigV4.amzDate(Self.date) == "20130524T000000Z")
        #expect(SigV4.amzDate(Date(timeIntervalSince1970: 1_369_397_045.9)) == "20130524T120405Z")
        #expect(SigV4.parseAmzDate("20130524T120405Z") == Date(timeIntervalSince1970: 1_369_397_045))
        for bad in ["20130524T120405", "2013-05-24T12:04:05Z", "20131324T120405Z", "2013052xT120405Z", ""] {
            #expect(SigV4.parseAmzDate(bad) == nil, "\(bad)")
        }
    }
}
