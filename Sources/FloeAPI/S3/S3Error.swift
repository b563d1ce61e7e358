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
    /// 404: no multipart upload of this object has that id (never started, completed, aborted, or another's).
    public static func noSuchUpload() -> Self {
        .init(code: "NoSuchUpload", status: 404,
              message: "The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.")
    }
    /// 400: a part CompleteMultipartUpload lists was not uploaded, or with another ETag.
    public static func invalidPart(_ number: Int) -> Self {
        .init(code: "InvalidPart", status: 400,
              message: "Part \(number) could not be found, or its entity tag does not match the one uploaded.")
    }
    /// 400: CompleteMultipartUpload lists parts out of ascending order.
    public static func invalidPartOrder() -> Self {
        .init(code: "InvalidPartOrder", status: 400, message: "The list of parts was not in ascending order. Parts must be ordered by part number.")
    }
    /// 400: a part other than the last is smaller than the minimum part size.
    public static func entityTooSmall() -> Self {
        .init(code: "EntityTooSmall", status: 400, message: "Your proposed upload is smaller than the minimum allowed object size.")
    }
    /// 400: a request body that is not the XML document the operation takes.
    public static func malformedXML(_ detail: String) -> Self {
        .init(code: "MalformedXML", status: 400, message: "The XML you provided was not well-formed or did not validate: \(detail)")
    }
    /// 400: `Content-MD5` is not the MD5 of the body.
    public static func badDigest() -> Self {
        .init(code: "BadDigest", status: 400, message: "The Content-MD5 you specified did not match what we received.")
    }
    /// 400: `Content-MD5` is not a base64 MD5.
    public static func invalidDigest() -> Self {
        .init(code: "InvalidDigest", status: 400, message: "The Content-MD5 you specified is not valid.")
    }
    /// 409: another account owns a bucket of that name.
    public static func bucketAlreadyExists() -> Self {
        .init(code: "BucketAlreadyExists", status: 409,
              message: "The requested bucket name is not available. Please select a different name and try again.")
    }
    /// 409: the caller's account owns the bucket already.
    public static func bucketAlreadyOwnedByYou() -> Self {
        .init(code: "BucketAlreadyOwnedByYou", status: 409,
              message: "The bucket you tried to create already exists, and you own it.")
    }
    /// 409: DeleteBucket on a bucket that holds objects.
    public static func bucketNotEmpty() -> Self {
        .init(code: "BucketNotEmpty", status: 409, message: "The bucket you tried to delete is not empty.")
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
