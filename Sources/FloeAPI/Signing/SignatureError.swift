import FloeCore

/// Why a request's signature could not be accepted, with the IMS error code the API edge returns.
///
/// Every code here is answered with HTTP 400 by IMS (spec §1.3), except
/// ``Code/invalidAccessKeyIDNotFound`` (404). The messages are the published ones where the spec
/// gives one, followed by what was at fault; they never contain a secret.
public struct SignatureError: CodedError {
    /// An IMS error code; ``rawValue`` is what goes into the error body's `Code`.
    public typealias Code = ErrorCode<SignatureError>

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The HTTP status IMS answers this code with (spec §1.3).
    public var httpStatus: Int { code == .invalidAccessKeyIDNotFound ? 404 : 400 }

    /// `MissingParameter` with the published message naming `name`.
    public static func missingParameter(_ name: String) -> SignatureError {
        .init(.missingParameter,
              "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
    }

    /// `InvalidParameter` with the published message naming `name`, and why.
    public static func invalidParameter(_ name: String, _ reason: String) -> SignatureError {
        .init(.invalidParameter, "The specified parameter \"\(name)\" is not valid: \(reason).")
    }

    /// `IncompleteSignature` with the published message, and what is wrong.
    public static func incompleteSignature(_ reason: String) -> SignatureError {
        .init(.incompleteSignature, "The request signature does not conform to Aliyun standards: \(reason).")
    }

    /// `SignatureDoesNotMatch` with the published message.
    public static func signatureDoesNotMatch(_ detail: String? = nil) -> SignatureError {
        .init(.signatureDoesNotMatch,
              "Specified signature is not matched with our calculation." + (detail.map { " \($0)" } ?? ""))
    }

    /// `InvalidTimeStamp.Format`, naming the field.
    public static func invalidTimeStampFormat(_ name: String) -> SignatureError {
        .init(.invalidTimeStampFormat, "The specified \"\(name)\" is not in the format yyyy-MM-ddTHH:mm:ssZ.")
    }

    /// `InvalidTimeStamp.Expired` with the published message.
    public static let invalidTimeStampExpired = SignatureError(
        .invalidTimeStampExpired, "Specified time stamp or date value is expired.")

    /// `SignatureNonceUsed` with the published message.
    public static let signatureNonceUsed = SignatureError(
        .signatureNonceUsed, "Specified signature nonce was used already.")

    /// `InvalidAccessKeyId.NotFound` with the published message.
    public static let invalidAccessKeyIDNotFound = SignatureError(
        .invalidAccessKeyIDNotFound, "Specified access key is not found.")

    /// `InvalidAccessKeyId.Inactive` with Floe's message (IMS publishes none).
    public static let invalidAccessKeyIDInactive = SignatureError(
        .invalidAccessKeyIDInactive, "Specified access key is disabled.")
}

extension ErrorCode where Domain == SignatureError {
    /// A mandatory parameter (or signing header) is absent.
    public static var missingParameter: Self { Self("MissingParameter") }
    /// A signing parameter is present but not acceptable (for example `SignatureMethod=HMAC-MD5`).
    public static var invalidParameter: Self { Self("InvalidParameter") }
    /// No signature at all, or an `Authorization` header that does not follow the scheme.
    public static var incompleteSignature: Self { Self("IncompleteSignature") }
    /// The signature (or the body hash it covers) differs from the server's calculation.
    public static var signatureDoesNotMatch: Self { Self("SignatureDoesNotMatch") }
    /// `x-acs-date` or `Timestamp` is not `yyyy-MM-ddTHH:mm:ssZ`.
    public static var invalidTimeStampFormat: Self { Self("InvalidTimeStamp.Format") }
    /// `x-acs-date` or `Timestamp` is more than the allowed skew away from the server's clock.
    public static var invalidTimeStampExpired: Self { Self("InvalidTimeStamp.Expired") }
    /// The nonce was already used within the replay window (raised by the caller's nonce store).
    public static var signatureNonceUsed: Self { Self("SignatureNonceUsed") }
    /// No secret is known for the AccessKey ID (raised by the caller's key lookup).
    public static var invalidAccessKeyIDNotFound: Self { Self("InvalidAccessKeyId.NotFound") }
    /// The AccessKey is disabled (raised by the caller's key lookup).
    public static var invalidAccessKeyIDInactive: Self { Self("InvalidAccessKeyId.Inactive") }
}
