import FloeStorage

/// An S3 error answer: its code, HTTP status and message, written as S3's `<Error>` XML document.
/// Messages never carry a secret.
public struct S3Error: Error, Hashable, Sendable {
    /// S3's error code (`NoSuchKey`).
    public var code: String
    /// The HTTP status.
    public var status: Int
    /// A human-readable explanation.
    public var message: String

    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    /// 404: no object at the key.
    public static func noSuchKey() -> Self { .init(code: "NoSuchKey", status: 404, message: "The specified key does not exist.") }
    /// 404: the bucket is not served.
    public static func noSuchBucket() -> Self { .init(code: "NoSuchBucket", status: 404, message: "The specified bucket does not exist.") }
    /// 403: RAM denies the action (`oss:GetObject`).
    public static func accessDenied(_ action: String) -> Self { .init(code: "AccessDenied", status: 403, message: "Access denied to \(action).") }
    /// 403: the request is not signed.
    public static func missingSignature() -> Self {
        .init(code: "AccessDenied", status: 403, message: "Anonymous access is not allowed; sign requests with AWS Signature Version 4.")
    }
    /// 403: the signature is not the one the key's secret gives.
    public static func signatureDoesNotMatch() -> Self {
        .init(code: "SignatureDoesNotMatch", status: 403,
              message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
    }
    /// 403: no such (active) access key.
    public static func invalidAccessKeyID() -> Self {
        .init(code: "InvalidAccessKeyId", status: 403, message: "The AWS Access Key Id you provided does not exist in our records.")
    }
    /// 403: the request time is more than 15 minutes from the server's.
    public static func requestTimeTooSkewed() -> Self {
        .init(code: "RequestTimeTooSkewed", status: 403, message: "The difference between the request time and the current time is too large.")
    }
    /// 403: a presigned URL past its expiry.
    public static func expired() -> Self { .init(code: "AccessDenied", status: 403, message: "Request has expired.") }
    /// 400: a malformed parameter, header or key.
    public static func invalidArgument(_ message: String) -> Self { .init(code: "InvalidArgument", status: 400, message: message) }
    /// 400: the signed payload hash is not the body's.
    public static func contentSHA256Mismatch() -> Self {
        .init(code: "XAmzContentSHA256Mismatch", status: 400, message: "The provided 'x-amz-content-sha256' header does not match what was computed.")
    }
    /// 400: a malformed bucket name.
    public static func invalidBucketName() -> Self { .init(code: "InvalidBucketName", status: 400, message: "The specified bucket is not valid.") }
    /// 416: the range starts past the object's end.
    public static func invalidRange() -> Self { .init(code: "InvalidRange", status: 416, message: "The requested range is not satisfiable.") }
    /// 413: the body is over the endpoint's limit.
    public static func entityTooLarge(limit: Int) -> Self {
        .init(code: "EntityTooLarge", status: 413, message: "Your proposed upload exceeds the maximum allowed size of \(limit) bytes.")
    }
    /// 405: the method has no meaning on this resource.
    public static func methodNotAllowed() -> Self {
        .init(code: "MethodNotAllowed", status: 405, message: "The specified method is not allowed against this resource.")
    }
    /// 501: an S3 operation this endpoint does not serve (yet).
    public static func notImplemented(_ what: String) -> Self {
        .init(code: "NotImplemented", status: 501, message: "\(what) is not implemented.")
    }
    /// 500: a storage failure (details are logged, not returned).
    public static func internalError() -> Self {
        .init(code: "InternalError", status: 500, message: "We encountered an internal error. Please try again.")
    }

    /// The `<Error>` document for a request on `resource` (`/bucket/key`).
    public func xml(resource: String, requestID: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Error><Code>\(S3XML.escape(code))</Code><Message>\(S3XML.escape(message))</Message>\
        <Resource>\(S3XML.escape(resource))</Resource><RequestId>\(requestID)</RequestId></Error>
        """
    }
}
