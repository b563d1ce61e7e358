import FloeAPI
import FloeCore
import Foundation

/// Signs RPC requests as the official SDKs do by default: `ACS3-HMAC-SHA256` (signature V3, spec §2.1).
///
/// The parameters go in the query; the headers are `host`, `x-acs-version`, `x-acs-action`, `user-agent`,
/// `x-acs-date`, `x-acs-signature-nonce` (32 random hex digits), `accept` and `x-acs-content-sha256`, all of
/// them signed. The canonical request is built by the server's own ``ACS3Signature/canonicalRequest(_:signedHeaders:payloadHash:encodingNames:)``,
/// so client and server cannot disagree on it.
public struct RequestSigner: Sendable {
    /// The API version every request names.
    public static let version = RPCEndpoint.version
    /// The `user-agent` header.
    public static let userAgent = "Floe-Client/1"

    /// The AccessKey that signs.
    public let credentials: Credentials

    /// A signer with `credentials`.
    public init(credentials: Credentials) {
        self.credentials = credentials
    }

    /// A new signature nonce: 16 random bytes as 32 lowercase hex digits.
    public static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Signs `action` with `parameters` for a server reached as `host` (the `host` header, signed as is).
    ///
    /// - Throws: ``SignatureError`` only if the query it builds would not decode, which cannot happen.
    public func sign(
        action: String, parameters: [String: String], host: String, date: Date = Date(), nonce: String = RequestSigner.nonce()
    ) throws(SignatureError) -> RPCRequest {
        let rawQuery = parameters
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { "\(FormEncoding.percentEncode($0.key))=\(FormEncoding.percentEncode($0.value))" }
            .joined(separator: "&")
        let body: [UInt8] = []
        let payloadHash = ACS3Signature.payloadHash(body)
        var headers: [SignedRequest.Header] = [
            .init("host", host),
            .init("x-acs-version", Self.version),
            .init("x-acs-action", action),
            .init("user-agent", Self.userAgent),
            .init("x-acs-date", WireTime.string(date)),
            .init("x-acs-signature-nonce", nonce),
            .init("accept", "application/json"),
            .init("x-acs-content-sha256", payloadHash),
        ]
        let signedHeaders = headers.map { $0.name.lowercased() }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let unsigned = try SignedRequest(method: "POST", path: "/", rawQuery: rawQuery, headers: headers, body: body)
        let canonicalRequest = ACS3Signature.canonicalRequest(unsigned, signedHeaders: signedHeaders, payloadHash: payloadHash)
        let signature = ACS3Signature.signature(
            stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonicalRequest), secret: credentials.accessKeySecret)
        headers.append(.init("Authorization", "\(ACS3Signature.algorithm) Credential=\(credentials.accessKeyID),"
                                + "SignedHeaders=\(signedHeaders.joined(separator: ";")),Signature=\(signature)"))
        return RPCRequest(action: action, method: unsigned.method, path: unsigned.path, rawQuery: rawQuery,
                          headers: headers, body: body)
    }
}
