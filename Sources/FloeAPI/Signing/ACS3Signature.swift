import Crypto
import FloeCore
import Foundation

/// A request signed with `ACS3-HMAC-SHA256` (Alibaba Cloud signature V3, spec §2.1): the parsed
/// `Authorization` header and the string to sign rebuilt from the request.
///
/// Parsing checks everything that does not need the secret: the header's shape, the signed headers being
/// present, the date's format, and `x-acs-content-sha256` against the actual body. ``isValid(secret:)``
/// then recomputes the HMAC.
public struct ACS3Signature: Sendable {
    /// The algorithm name that starts the `Authorization` header.
    public static let algorithm = "ACS3-HMAC-SHA256"

    /// The `Credential` of the `Authorization` header.
    public let accessKeyID: String
    /// The `SignedHeaders` names, lowercased, in the order given.
    public let signedHeaders: [String]
    /// `x-acs-signature-nonce`.
    public let nonce: String
    /// `x-acs-date`.
    public let timestamp: Date
    /// `x-acs-security-token`, present for STS credentials.
    public let securityToken: String?
    /// The canonical request, as spec §2.1 step 6 builds it (no secret in it: safe to show in a diagnostic).
    public let canonicalRequest: String
    /// `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`.
    public let stringToSign: String

    private let signature: [UInt8]
    /// Other strings to sign that a conforming SDK may have produced (query names left unencoded).
    private let alternativeStringsToSign: [String]

    private static let requiredSignedHeaders = ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]

    /// Parses and canonicalises `request`.
    ///
    /// - Throws: `IncompleteSignature` for a missing or malformed `Authorization` header, another
    ///   algorithm, or a required header (or an STS header that is present) left unsigned; `MissingParameter` for a missing `x-acs-date`,
    ///   `x-acs-signature-nonce` or `x-acs-content-sha256`; `InvalidTimeStamp.Format` for a bad
    ///   `x-acs-date`; `SignatureDoesNotMatch` when `x-acs-content-sha256` is not the body's hash.
    public init(_ request: SignedRequest) throws(SignatureError) {
        guard let authorization = request.header("authorization")?.trimmingWhitespace,
              !authorization.isEmpty
        else { throw .incompleteSignature("the Authorization header is missing") }
        let (accessKeyID, signedHeaders, signature) = try Self.parseAuthorization(authorization)

        for name in ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"] where request.header(name) == nil {
            throw .missingParameter(name)
        }
        for name in Self.requiredSignedHeaders where !signedHeaders.contains(name) {
            throw .incompleteSignature("the header \"\(name)\" must be listed in SignedHeaders")
        }
        for name in ["x-acs-security-token", "x-acs-accesskey-id"]
        where request.header(name) != nil && !signedHeaders.contains(name) {
            throw .incompleteSignature("the header \"\(name)\" is present but not listed in SignedHeaders")
        }
        for name in signedHeaders where request.header(name) == nil {
            throw .incompleteSignature("the signed header \"\(name)\" is not in the request")
        }

        let dateText = request.header("x-acs-date") ?? ""
        guard let timestamp = WireTime.date(dateText.trimmingWhitespace) else {
            throw .invalidTimeStampFormat("x-acs-date")
        }
        let nonce = (request.header("x-acs-signature-nonce") ?? "").trimmingWhitespace
        guard !nonce.isEmpty else { throw .missingParameter("x-acs-signature-nonce") }

        let payloadHash = Self.payloadHash(request.body)
        let declaredHash = (request.header("x-acs-content-sha256") ?? "").trimmingWhitespace
        guard declaredHash.lowercased() == payloadHash else {
            throw .signatureDoesNotMatch("The x-acs-content-sha256 header does not match the request body.")
        }

        let canonicalRequest = Self.canonicalRequest(request, signedHeaders: signedHeaders, payloadHash: payloadHash)
        let stringToSign = Self.stringToSign(canonicalRequest: canonicalRequest)
        // Only a query name outside RFC 3986's unreserved characters makes the SDKs' two ways differ.
        let unencodedNames = request.queryParameters.allSatisfy { FormEncoding.isUnreserved($0.name) }
            ? stringToSign
            : Self.stringToSign(canonicalRequest: Self.canonicalRequest(
                request, signedHeaders: signedHeaders, payloadHash: payloadHash, encodingNames: false))
        self.accessKeyID = accessKeyID
        self.signedHeaders = signedHeaders
        self.nonce = nonce
        self.timestamp = timestamp
        self.securityToken = request.header("x-acs-security-token")
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.alternativeStringsToSign = unencodedNames == stringToSign ? [] : [unencodedNames]
    }

    /// Whether the signature is the HMAC-SHA256 of the string to sign under `secret`, compared in constant time.
    public func isValid(secret: String) -> Bool {
        let key = SymmetricKey(data: Array(secret.utf8))
        var valid = false
        for candidate in [stringToSign] + alternativeStringsToSign {
            let matches = HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Array(candidate.utf8), using: key)
            valid = valid || matches
        }
        return valid
    }

    /// `HashedRequestPayload` of spec §2.1 step 1: the lowercase hex SHA-256 of `body`, which
    /// `x-acs-content-sha256` carries.
    public static func payloadHash(_ body: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: body))
    }

    /// `CanonicalRequest` of spec §2.1 step 6: method, path (`/` when empty), canonical query, the headers
    /// named in `signedHeaders` (lowercase, in that order; a repeated header's trimmed values sorted and
    /// joined with `,`), the `SignedHeaders` list and `payloadHash`. The server verifies and the client signs
    /// with this one function.
    public static func canonicalRequest(
        _ request: SignedRequest, signedHeaders: [String], payloadHash: String, encodingNames: Bool = true
    ) -> String {
        let headerBlock = signedHeaders.map { name in
            let values = request.headerValues(name)
                .map(\.trimmingWhitespace)
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return "\(name):\(values.joined(separator: ","))\n"
        }.joined()
        return [
            request.method,
            request.path.isEmpty ? "/" : request.path,
            canonicalQuery(request.queryParameters, encodingNames: encodingNames),
            headerBlock,
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    /// `StringToSign` of spec §2.1 step 7: `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`.
    public static func stringToSign(canonicalRequest: String) -> String {
        "\(algorithm)\n\(Hex.encode(SHA256.hash(data: Array(canonicalRequest.utf8))))"
    }

    /// `Signature` of spec §2.1 step 8: the lowercase hex HMAC-SHA256 of `stringToSign` keyed with `secret`.
    public static func signature(stringToSign: String, secret: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(secret.utf8))))
    }

    /// `CanonicalQueryString` of spec §2.1 step 3: pairs sorted by name (then value) in byte order,
    /// values RFC 3986-encoded, names too when `encodingNames` (the V3 spec's rule; the Python SDK leaves
    /// names as they are, which differs only for names outside `A-Z a-z 0-9 - _ . ~`).
    public static func canonicalQuery(_ pairs: [(name: String, value: String)], encodingNames: Bool = true) -> String {
        pairs
            .sorted { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            .map { "\(encodingNames ? FormEncoding.percentEncode($0.name) : $0.name)=\(FormEncoding.percentEncode($0.value))" }
            .joined(separator: "&")
    }

    /// Splits `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
    private static func parseAuthorization(
        _ authorization: String
    ) throws(SignatureError) -> (accessKeyID: String, signedHeaders: [String], signature: [UInt8]) {
        // On the UTF-8 bytes: every separator is ASCII, and stepping by `Character` asks Unicode's tables.
        guard let space = authorization.utf8.firstIndex(of: UInt8(ascii: " ")) else {
            throw .incompleteSignature("the Authorization header has no credentials after the algorithm")
        }
        let algorithm = authorization[..<space]
        guard algorithm == Self.algorithm else {
            throw .incompleteSignature("the signature algorithm \"\(algorithm)\" is not supported; use \(Self.algorithm)")
        }
        var fields: [String: String] = [:]
        for bytes in authorization[space...].utf8.split(separator: UInt8(ascii: ",")) {
            let item = Substring(bytes).trimmingWhitespace
            guard let equals = item.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                throw .incompleteSignature("\"\(item)\" in the Authorization header is not name=value")
            }
            let name = String(item[..<equals])
            guard fields[name] == nil else {
                throw .incompleteSignature("\"\(name)\" appears twice in the Authorization header")
            }
            fields[name] = String(item[item.utf8.index(after: equals)...])
        }
        guard let credential = fields["Credential"], !credential.isEmpty else {
            throw .incompleteSignature("the Authorization header has no Credential")
        }
        guard let signedHeaderList = fields["SignedHeaders"], !signedHeaderList.isEmpty else {
            throw .incompleteSignature("the Authorization header has no SignedHeaders")
        }
        guard let signatureText = fields["Signature"], !signatureText.isEmpty else {
            throw .incompleteSignature("the Authorization header has no Signature")
        }
        guard let signature = Hex.decode(signatureText), signature.count == SHA256.byteCount else {
            throw .incompleteSignature("the Signature is not 64 hexadecimal digits")
        }
        let signedHeaders = signedHeaderList.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map { Substring($0).lowercased() }
        guard !signedHeaders.contains(where: \.isEmpty), Set(signedHeaders).count == signedHeaders.count else {
            throw .incompleteSignature("SignedHeaders has an empty or repeated name")
        }
        return (credential, signedHeaders, signature)
    }
}
