import Crypto
import FloeCore
import Foundation

/// A request signed with the legacy RPC signature V1, `HMAC-SHA1` (spec §2.2): `Signature`,
/// `AccessKeyId`, `SignatureNonce`, `Timestamp`, `SignatureMethod` and `SignatureVersion` among the
/// query and form-body parameters.
public struct RPCSignature: Sendable {
    /// The only `SignatureMethod` accepted.
    public static let signatureMethod = "HMAC-SHA1"
    /// The only `SignatureVersion` accepted.
    public static let signatureVersion = "1.0"

    /// `AccessKeyId`.
    public let accessKeyID: String
    /// `SignatureNonce`.
    public let nonce: String
    /// `Timestamp`.
    public let timestamp: Date
    /// `SecurityToken`, present for STS credentials.
    public let securityToken: String?
    /// `METHOD&%2F&<encoded canonical query>`; no secret in it.
    public let stringToSign: String

    private let signature: [UInt8]

    /// Parses the signing parameters of `request` and builds the string to sign from every query and
    /// form-body parameter except `Signature`.
    ///
    /// - Throws: `IncompleteSignature` when `Signature` is missing, repeated or not Base64 of 20 bytes;
    ///   `MissingParameter` for a missing `AccessKeyId`, `SignatureNonce`, `Timestamp`,
    ///   `SignatureMethod` or `SignatureVersion`; `InvalidParameter` for another method or version;
    ///   `InvalidTimeStamp.Format` for a bad `Timestamp`.
    public init(_ request: SignedRequest) throws(SignatureError) {
        let parameters = request.parameters
        let signatures = parameters.filter { $0.name == "Signature" }.map(\.value)
        guard let signatureText = signatures.first, !signatureText.isEmpty else {
            throw .incompleteSignature("the Signature parameter is missing")
        }
        guard signatures.count == 1 else { throw .incompleteSignature("the Signature parameter is repeated") }
        guard let decoded = Data(base64Encoded: signatureText), decoded.count == Insecure.SHA1.byteCount else {
            throw .incompleteSignature("the Signature is not the Base64 of an HMAC-SHA1")
        }

        func required(_ name: String) throws(SignatureError) -> String {
            guard let value = request.parameter(name), !value.isEmpty else { throw .missingParameter(name) }
            return value
        }
        let accessKeyID = try required("AccessKeyId")
        let nonce = try required("SignatureNonce")
        let timestampText = try required("Timestamp")
        let method = try required("SignatureMethod")
        let version = try required("SignatureVersion")
        guard method == Self.signatureMethod else {
            throw .invalidParameter("SignatureMethod", "only \(Self.signatureMethod) is supported")
        }
        guard version == Self.signatureVersion else {
            throw .invalidParameter("SignatureVersion", "only \(Self.signatureVersion) is supported")
        }
        guard let timestamp = WireTime.date(timestampText) else { throw .invalidTimeStampFormat("Timestamp") }

        let canonicalQuery = parameters
            .filter { $0.name != "Signature" }
            .sorted { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            .map { "\(FormEncoding.percentEncode($0.name))=\(FormEncoding.percentEncode($0.value))" }
            .joined(separator: "&")

        self.accessKeyID = accessKeyID
        self.nonce = nonce
        self.timestamp = timestamp
        self.securityToken = request.parameter("SecurityToken")
        self.stringToSign = "\(request.method)&%2F&\(FormEncoding.percentEncode(canonicalQuery))"
        self.signature = Array(decoded)
    }

    /// Whether the signature is the HMAC-SHA1 of the string to sign under `secret + "&"`, compared in
    /// constant time.
    public func isValid(secret: String) -> Bool {
        HMAC<Insecure.SHA1>.isValidAuthenticationCode(
            signature,
            authenticating: Array(stringToSign.utf8),
            using: SymmetricKey(data: Array((secret + "&").utf8)))
    }
}
