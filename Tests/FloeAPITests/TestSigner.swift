import Crypto
import Foundation

/// Signs requests the way the SDK does, written from spec §2 independently of the code under test.
struct TestSigner {
    enum Algorithm: CaseIterable, Sendable { case acs3, v1 }

    /// A request ready to send: path with query, headers in order, body.
    struct Signed {
        var uri: String
        var headers: [(String, String)]
        var body: [UInt8]
    }

    var keyID: String
    var secret: String
    var host = "127.0.0.1:8080"

    /// `urllib.parse.quote(value, safe='~')`: RFC 3986.
    static func rfc3986(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func wireTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: date)
    }

    static func nonce() -> String { UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    func sign(_ algorithm: Algorithm, action: String, _ parameters: [(String, String)], date: Date = Date(),
              nonce: String = TestSigner.nonce(), version: String = "2020-11-09") -> Signed {
        switch algorithm {
        case .acs3: acs3(action: action, parameters, date: date, nonce: nonce, version: version)
        case .v1: v1(action: action, parameters, date: date, nonce: nonce, version: version)
        }
    }

    /// ACS3-HMAC-SHA256: parameters in the query, every header signed.
    func acs3(action: String, _ parameters: [(String, String)], date: Date, nonce: String, version: String,
              body: [UInt8] = [], contentType: String? = nil) -> Signed {
        let bodyHash = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        var headers: [(String, String)] = [
            ("host", host), ("x-acs-version", version), ("x-acs-action", action),
            ("user-agent", "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"),
            ("x-acs-date", Self.wireTime(date)), ("x-acs-signature-nonce", nonce), ("accept", "application/json"),
            ("x-acs-content-sha256", bodyHash), ("x-acs-credentials-provider", "static_ak"),
        ]
        if let contentType { headers.append(("content-type", contentType)) }
        let sortedHeaders = headers.sorted { $0.0 < $1.0 }
        let canonicalQuery = parameters.sorted { $0.0 < $1.0 }.map { "\($0.0)=\(Self.rfc3986($0.1))" }.joined(separator: "&")
        let canonicalHeaders = sortedHeaders.map { "\($0.0):\($0.1.trimmingCharacters(in: .whitespaces))\n" }.joined()
        let signedHeaders = sortedHeaders.map(\.0).joined(separator: ";")
        let canonicalRequest = "POST\n/\n\(canonicalQuery)\n\(canonicalHeaders)\n\(signedHeaders)\n\(bodyHash)"
        let stringToSign = "ACS3-HMAC-SHA256\n" + SHA256.hash(data: Array(canonicalRequest.utf8)).map { String(format: "%02x", $0) }.joined()
        let signature = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        headers.append(("Authorization", "ACS3-HMAC-SHA256 Credential=\(keyID),SignedHeaders=\(signedHeaders),Signature=\(signature)"))
        return Signed(uri: "/" + (parameters.isEmpty ? "" : "?" + urlencode(parameters)), headers: headers, body: body)
    }

    /// Legacy RPC HMAC-SHA1: everything in the query.
    func v1(action: String, _ parameters: [(String, String)], date: Date, nonce: String, version: String) -> Signed {
        var all = parameters + [
            ("Action", action), ("Format", "json"), ("Version", version), ("Timestamp", Self.wireTime(date)),
            ("SignatureNonce", nonce), ("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0"), ("AccessKeyId", keyID),
        ]
        let canonical = all.sorted { $0.0 < $1.0 }.map { "\(Self.rfc3986($0.0))=\(Self.rfc3986($0.1))" }.joined(separator: "&")
        let stringToSign = "POST&\(Self.rfc3986("/"))&\(Self.rfc3986(canonical))"
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array((secret + "&").utf8)))
        all.append(("Signature", Data(mac).base64EncodedString()))
        return Signed(uri: "/?" + urlencode(all),
                      headers: [("host", host), ("x-acs-version", version), ("x-acs-action", action), ("user-agent", "test")], body: [])
    }
}
