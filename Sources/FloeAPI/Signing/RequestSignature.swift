import Foundation

/// The signature of an RPC request, whichever of the two schemes signed it: what the API layer needs to
/// look up the key, reject replays and stale requests, and finally check the HMAC.
///
/// ```swift
/// let signature = try RequestSignature(request)              // IncompleteSignature, MissingParameter, …
/// try signature.checkTimestamp(now: clock.now)                // InvalidTimeStamp.Expired
/// guard let key = keys[signature.accessKeyID] else { throw SignatureError.invalidAccessKeyIDNotFound }
/// guard signature.verify(secret: key.secret) else { throw SignatureError.signatureDoesNotMatch() }
/// try nonces.use(signature.accessKeyID, signature.nonce)      // SignatureNonceUsed
/// ```
public struct RequestSignature: Sendable {
    /// How the request was signed.
    public enum Method: String, Hashable, Sendable {
        /// `Authorization: ACS3-HMAC-SHA256 …` (V3, what the SDKs send by default).
        case acs3HMACSHA256 = "ACS3-HMAC-SHA256"
        /// `SignatureMethod=HMAC-SHA1` parameters (legacy RPC V1).
        case hmacSHA1 = "HMAC-SHA1"
    }

    private enum Scheme: Sendable {
        case acs3(ACS3Signature)
        case rpc(RPCSignature)
    }

    /// The default allowed clock skew: 15 minutes either way.
    public static let defaultAllowedSkew: TimeInterval = 15 * 60

    /// The AccessKey ID that signed the request.
    public let accessKeyID: String
    /// The signature nonce, to be accepted once per key.
    public let nonce: String
    /// When the client says it signed the request.
    public let timestamp: Date
    /// The scheme and algorithm.
    public let method: Method
    /// The STS security token when the request carries one.
    public let securityToken: String?
    private let scheme: Scheme

    /// Detects the scheme (spec §2.2: an `Authorization` header starting with `ACS3-` means V3, else a
    /// `Signature` parameter means V1) and parses it.
    ///
    /// - Throws: ``SignatureError`` with an IMS code: `IncompleteSignature` when there is no signature or
    ///   the `Authorization` header is of another kind, and the errors of ``ACS3Signature/init(_:)`` and
    ///   ``RPCSignature/init(_:)``.
    public init(_ request: SignedRequest) throws(SignatureError) {
        let authorization = request.header("authorization")?.trimmingWhitespace ?? ""
        if authorization.hasPrefix("ACS3-") {
            let signature = try ACS3Signature(request)
            self.accessKeyID = signature.accessKeyID
            self.nonce = signature.nonce
            self.timestamp = signature.timestamp
            self.securityToken = signature.securityToken
            self.method = .acs3HMACSHA256
            self.scheme = .acs3(signature)
        } else if request.parameter("Signature") != nil {
            let signature = try RPCSignature(request)
            self.accessKeyID = signature.accessKeyID
            self.nonce = signature.nonce
            self.timestamp = signature.timestamp
            self.securityToken = signature.securityToken
            self.method = .hmacSHA1
            self.scheme = .rpc(signature)
        } else if !authorization.isEmpty {
            throw .incompleteSignature("the Authorization header is not an ACS3-HMAC-SHA256 signature")
        } else {
            throw .incompleteSignature("the request has neither an Authorization header nor a Signature parameter")
        }
    }

    /// The string the client should have signed; no secret in it. (The real V1 gateway shows it in its
    /// `SignatureDoesNotMatch` message.)
    public var stringToSign: String {
        switch scheme {
        case .acs3(let signature): signature.stringToSign
        case .rpc(let signature): signature.stringToSign
        }
    }

    /// Whether the request was signed with `secret`, the AccessKey secret of ``accessKeyID``.
    /// The comparison takes the same time wherever the signatures differ.
    public func verify(secret: String) -> Bool {
        switch scheme {
        case .acs3(let signature): signature.isValid(secret: secret)
        case .rpc(let signature): signature.isValid(secret: secret)
        }
    }

    /// Checks that ``timestamp`` is within `allowedSkew` of `now`, before or after.
    ///
    /// - Throws: `InvalidTimeStamp.Expired` otherwise.
    public func checkTimestamp(now: Date, allowedSkew: TimeInterval = defaultAllowedSkew) throws(SignatureError) {
        try Self.checkTimestamp(timestamp, now: now, allowedSkew: allowedSkew)
    }

    /// Checks that `timestamp` is within `allowedSkew` of `now`, before or after.
    ///
    /// - Throws: `InvalidTimeStamp.Expired` otherwise.
    public static func checkTimestamp(
        _ timestamp: Date, now: Date, allowedSkew: TimeInterval = defaultAllowedSkew
    ) throws(SignatureError) {
        guard abs(timestamp.timeIntervalSince(now)) <= allowedSkew else { throw .invalidTimeStampExpired }
    }
}
