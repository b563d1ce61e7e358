import Crypto
import FloeAPI
import Foundation

/// What Python's `urllib.parse.quote_plus` writes: the SDK's URL query encoding.
func quotePlus(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "-"), UInt8(ascii: "~"):
            out.append(Character(Unicode.Scalar(byte)))
        case UInt8(ascii: " "):
            out.append("+")
        default:
            out += String(format: "%%%02X", byte)
        }
    }
    return out
}

/// `urllib.parse.urlencode(pairs)`.
func urlencode(_ pairs: [(String, String)]) -> String {
    pairs.map { "\(quotePlus($0.0))=\(quotePlus($0.1))" }.joined(separator: "&")
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// The V3 test vector of spec §2.1.
enum V3Vector {
    static let query: [(String, String)] = [
        ("WorkflowId", "wf-0001"),
        ("TaskInput", #"{"Type":"Media","Media":"c0ffee00c0ffee00c0ffee00c0ffee00"}"#),
        ("UserData", #"{"NotifyAddress":"http://127.0.0.1:9000/cb"}"#),
        ("SkipInputVerification", "false"),
    ]
    static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let signedHeaders =
        "accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    static let signature = "e31dcfb2fa3a2cf07e2c40f6314ccb6798eaf37bcfee4dabdcb8ded59d95b558"

    static var headers: [SignedRequest.Header] {
        [
            .init("host", "127.0.0.1:8080"),
            .init("x-acs-version", "2020-11-09"),
            .init("x-acs-action", "StartWorkflow"),
            .init("user-agent", "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"),
            .init("x-acs-date", "2025-01-01T00:00:00Z"),
            .init("x-acs-signature-nonce", "0123456789abcdef0123456789abcdef"),
            .init("accept", "application/json"),
            .init("x-acs-content-sha256", emptyBodyHash),
            .init("Authorization", "ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=\(signedHeaders),Signature=\(signature)"),
            .init("Accept-Encoding", "gzip, deflate"),
            .init("Content-Length", "0"),
        ]
    }

    static func request(
        query: [(String, String)] = query,
        headers: [SignedRequest.Header] = headers,
        body: [UInt8] = []
    ) throws -> SignedRequest {
        try SignedRequest(method: "POST", path: "/", rawQuery: urlencode(query), headers: headers, body: body)
    }
}

extension [SignedRequest.Header] {
    /// Replaces the value of every header called `name` (case-insensitive).
    func replacing(_ name: String, with value: String) -> Self {
        map { $0.name.lowercased() == name.lowercased() ? .init($0.name, value) : $0 }
    }
}

/// Signs `canonicalRequest` the V3 way, independently of the code under test.
func acs3Signature(canonicalRequest: String, secret: String) -> String {
    let digest = hex(SHA256.hash(data: Array(canonicalRequest.utf8)))
    let stringToSign = "ACS3-HMAC-SHA256\n\(digest)"
    return hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(secret.utf8))))
}
