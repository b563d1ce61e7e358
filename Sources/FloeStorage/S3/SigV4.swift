import Crypto
import FloeCore
import Foundation

/// AWS Signature Version 4 as S3 uses it, in public pieces that serve a client (signing) and a server
/// (verifying) alike: canonical request, string to sign, signing key, signature, the `Authorization` header
/// and presigned query parameters.
///
/// S3's rules differ from the other AWS services in two ways that matter here: the canonical URI is the path
/// as sent (each segment encoded once, never normalised), and the payload hash may be `UNSIGNED-PAYLOAD`.
public struct SigV4: Sendable, CustomStringConvertible, CustomReflectable {
    /// The `Authorization` scheme and `X-Amz-Algorithm` value.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash of a request whose body is not signed (presigned URLs, streamed uploads).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The longest a presigned URL may stay valid: seven days.
    public static let maxPresignedExpiry: Duration = .seconds(7 * 24 * 3600)

    public var accessKeyID: String
    public var secretAccessKey: String
    public var region: String
    public var service: String

    public init(accessKeyID: String, secretAccessKey: String, region: String, service: String = "s3") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
    }

    /// Names the key and scope, never the secret.
    public var description: String { "SigV4(accessKeyID: \(accessKeyID), region: \(region), service: \(service))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "region": region, "service": service], displayStyle: .struct)
    }

    /// A request as the signature sees it.
    public struct Request: Sendable {
        public var method: String
        /// The path as sent on the wire, already encoded (see ``SigV4/encodePath(_:)``).
        public var encodedPath: String
        /// Query parameters, not encoded; a parameter without a value has the value `""`.
        public var query: [(name: String, value: String)]
        /// Header names (any case) and values.
        public var headers: [(name: String, value: String)]

        public init(method: String, encodedPath: String, query: [(name: String, value: String)] = [],
                    headers: [(name: String, value: String)] = []) {
            self.method = method
            self.encodedPath = encodedPath
            self.query = query
            self.headers = headers
        }

        /// The values of header `name` (case-insensitive), joined by commas as SigV4 does; `nil` when absent.
        public func header(_ name: String) -> String? {
            let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map { SigV4.trimmed($0.value) }
            return values.isEmpty ? nil : values.joined(separator: ",")
        }

        /// The encoded query string, in canonical order; this is also what a client sends.
        public var canonicalQuery: String { SigV4.canonicalQuery(query) }
    }

    // MARK: Encoding

    /// S3's URI encoding of every UTF-8 byte except `A-Z a-z 0-9 - _ . ~` (and `/` when `keepSlash`), as `%XX`.
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                encoded.append("/")
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// The wire path of a decoded path such as `/bucket/my key.mp4`: every byte encoded except `/`.
    public static func encodePath(_ path: String) -> String { uriEncode(path, keepSlash: true) }

    /// Parameters encoded and sorted by name, then value: `a=1&b=&c=x%2Fy`.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sorted = encoded.sorted { (left, right) -> Bool in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// A header value with leading and trailing blanks removed and inner runs of blanks made one space.
    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    // MARK: The signature

    /// The canonical request over `signedHeaders` (lowercase names, in any order).
    public func canonicalRequest(_ request: Request, signedHeaders: [String], payloadHash: String) -> String {
        let names = Self.signedHeaderList(signedHeaders)
        let headers = names.split(separator: ";").map { "\($0):\(request.header(String($0)) ?? "")\n" }.joined()
        return [request.method, request.encodedPath, request.canonicalQuery, headers, names, payloadHash].joined(separator: "\n")
    }

    /// Lowercase header names, sorted and joined by `;`.
    public static func signedHeaderList(_ names: [String]) -> String {
        Set(names.map { $0.lowercased() }).sorted().joined(separator: ";")
    }

    /// `yyyymmdd/region/service/aws4_request`.
    public func scope(_ date: Date) -> String {
        "\(Self.dateStamp(date))/\(region)/\(service)/aws4_request"
    }

    /// The string to sign for a canonical request made at `date`.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        [Self.algorithm, Self.amzDate(date), scope(date), Hex.encode(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// The key derived from the secret for the day of `date`, this region and service.
    public func signingKey(_ date: Date) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [Self.dateStamp(date), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// The hexadecimal signature of `stringToSign`.
    public func signature(stringToSign: String, date: Date) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(date)))
    }

    /// The signature of `request` over `signedHeaders`, from the canonical request on.
    public func signature(of request: Request, signedHeaders: [String], payloadHash: String, date: Date) -> String {
        let canonical = canonicalRequest(request, signedHeaders: signedHeaders, payloadHash: payloadHash)
        return signature(stringToSign: stringToSign(canonicalRequest: canonical, date: date), date: date)
    }

    /// True when `signature` is the signature of `request` (compared in constant time).
    public func verify(_ signature: String, of request: Request, signedHeaders: [String], payloadHash: String, date: Date) -> Bool {
        let expected = Array(self.signature(of: request, signedHeaders: signedHeaders, payloadHash: payloadHash, date: date).utf8)
        let given = Array(signature.lowercased().utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: Signing

    /// Adds `x-amz-date`, `x-amz-content-sha256` and `Authorization` to `request`, signing every header it
    /// carries (which must include `host`).
    public func authorize(_ request: inout Request, payloadHash: String, date: Date) {
        request.headers.removeAll { ["x-amz-date", "x-amz-content-sha256", "authorization"].contains($0.name.lowercased()) }
        request.headers.append(("x-amz-date", Self.amzDate(date)))
        request.headers.append(("x-amz-content-sha256", payloadHash))
        let names = request.headers.map(\.name)
        let signature = signature(of: request, signedHeaders: names, payloadHash: payloadHash, date: date)
        let authorization = Authorization(credential: "\(accessKeyID)/\(scope(date))", signedHeaders: Self.signedHeaderList(names), signature: signature)
        request.headers.append(("Authorization", authorization.description))
    }

    /// The request with its query extended by `X-Amz-*` parameters that authorise it for `expiresIn`
    /// (1 second to 7 days, else `.invalidParameter`) from `date`; only `host` (and other headers the request carries) are signed,
    /// and the payload is `UNSIGNED-PAYLOAD`.
    public func presign(_ request: Request, date: Date, expiresIn: Duration) throws(FloeError) -> Request {
        let seconds = expiresIn.components.seconds
        guard seconds >= 1, expiresIn <= Self.maxPresignedExpiry else {
            throw FloeError.invalidParameter("a presigned URL expires after 1 second to 7 days, not \(expiresIn)")
        }
        var signed = request
        signed.query += [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(accessKeyID)/\(scope(date))"),
            ("X-Amz-Date", Self.amzDate(date)),
            ("X-Amz-Expires", String(seconds)),
            ("X-Amz-SignedHeaders", Self.signedHeaderList(request.headers.map(\.name))),
        ]
        let signature = signature(of: signed, signedHeaders: request.headers.map(\.name), payloadHash: Self.unsignedPayload, date: date)
        signed.query.append(("X-Amz-Signature", signature))
        return signed
    }

    // MARK: Dates and hex

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        let fields = utc(date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second)
    }

    /// `yyyyMMdd` in UTC.
    public static func dateStamp(_ date: Date) -> String { String(amzDate(date).prefix(8)) }

    /// Parses `yyyyMMdd'T'HHmmss'Z'`.
    public static func parseAmzDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard bytes[range].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int(String(decoding: bytes[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components), amzDate(date) == text else { return nil }
        return date
    }

    private static func utc(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&time, &fields)
        return (Int(fields.tm_year) + 1900, Int(fields.tm_mon) + 1, Int(fields.tm_mday), Int(fields.tm_hour), Int(fields.tm_min), Int(fields.tm_sec))
    }

    /// Lowercase hexadecimal SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String { Hex.encode(SHA256.hash(data: data)) }
}

extension SigV4 {
    /// The value of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.
    public struct Authorization: Hashable, Sendable, CustomStringConvertible {
        /// `accessKeyID/yyyymmdd/region/service/aws4_request`.
        public var credential: String
        /// Lowercase names joined by `;`.
        public var signedHeaders: String
        public var signature: String

        public init(credential: String, signedHeaders: String, signature: String) {
            self.credential = credential
            self.signedHeaders = signedHeaders
            self.signature = signature
        }

        /// Parses a header value; `nil` when it is not a SigV4 authorization.
        public init?(parsing value: String) {
            guard value.hasPrefix(SigV4.algorithm + " ") else { return nil }
            var fields: [String: String] = [:]
            for part in value.dropFirst(SigV4.algorithm.count + 1).split(separator: ",") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { return nil }
                fields[String(pair[0])] = String(pair[1])
            }
            guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"], let signature = fields["Signature"]
            else { return nil }
            self.init(credential: credential, signedHeaders: signedHeaders, signature: signature)
        }

        /// The access key id the credential names.
        public var accessKeyID: String { String(credential.prefix { $0 != "/" }) }

        public var description: String {
            "\(SigV4.algorithm) Credential=\(credential),SignedHeaders=\(signedHeaders),Signature=\(signature)"
        }
    }
}
