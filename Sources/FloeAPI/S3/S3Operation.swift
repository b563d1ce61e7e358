import FloeCore
import FloeStorage

/// The S3 operation a path-style request names (`/`, `/bucket`, `/bucket/key`, with their subresources), and
/// the RAM action that authorises it.
enum S3Operation: Equatable {
    case listBuckets
    case createBucket, headBucket, deleteBucket, listObjectsV2
    case putObject, getObject, headObject, deleteObject
    case createMultipartUpload
    case uploadPart(number: Int, uploadID: String)
    case completeMultipartUpload(uploadID: String)
    case abortMultipartUpload(uploadID: String)

    /// The RAM action: OSS's names (`oss:PutObject` covers the steps of a multipart upload, as in OSS).
    var action: String {
        switch self {
        case .listBuckets: "oss:ListBuckets"
        case .createBucket: "oss:PutBucket"
        case .headBucket: "oss:GetBucketInfo"
        case .deleteBucket: "oss:DeleteBucket"
        case .listObjectsV2: "oss:ListObjects"
        case .putObject, .createMultipartUpload, .uploadPart, .completeMultipartUpload: "oss:PutObject"
        case .getObject, .headObject: "oss:GetObject"
        case .deleteObject: "oss:DeleteObject"
        case .abortMultipartUpload: "oss:AbortMultipartUpload"
        }
    }

    /// True for operations on a bucket rather than one of its objects.
    var isBucketLevel: Bool {
        switch self {
        case .listBuckets, .createBucket, .headBucket, .deleteBucket, .listObjectsV2: true
        default: false
        }
    }

    /// The operation, bucket (`""` for ListBuckets) and key (`""` for bucket operations) of a path-style
    /// request; the bucket name and key are validated as a ``StorageLocation``'s.
    static func route(_ request: S3Authenticator.Request) throws(S3Error) -> (S3Operation, bucket: String, key: String) {
        guard let path = S3Endpoint.decode(request.encodedPath), path.hasPrefix("/") else {
            throw .invalidArgument("The path is not valid percent-encoded UTF-8.")
        }
        let rest = path.dropFirst()
        let bucket = String(rest.prefix { $0 != "/" })
        let key = String(rest.dropFirst(bucket.count + 1))
        guard !bucket.isEmpty else {
            guard request.method == "GET" else { throw .methodNotAllowed() }
            return (.listBuckets, "", "")
        }
        do {
            try StorageLocation.validate(bucket: bucket)
        } catch {
            throw .invalidBucketName()
        }
        if let unsupported = ["acl", "tagging", "versioning", "policy", "cors", "lifecycle", "website", "versions", "uploads"]
            .first(where: { request.queryValue($0) != nil }), key.isEmpty || unsupported != "uploads" {
            throw .notImplemented("The '\(unsupported)' subresource")
        }
        if key.isEmpty { return (try bucketOperation(request), bucket, "") }
        do {
            // A key ending in "/" names a folder, which no object store here keeps as an object.
            _ = try StorageLocation(bucket: bucket, key: key).requireObject()
        } catch {
            throw .invalidArgument(error.message)
        }
        return (try objectOperation(request), bucket, key)
    }

    private static func bucketOperation(_ request: S3Authenticator.Request) throws(S3Error) -> S3Operation {
        switch request.method {
        case "PUT": return .createBucket
        case "HEAD": return .headBucket
        case "DELETE": return .deleteBucket
        case "GET":
            if request.queryValue("location") != nil { throw .notImplemented("GetBucketLocation") }
            guard request.queryValue("list-type") == "2" else { throw .notImplemented("ListObjects (version 1); use list-type=2") }
            return .listObjectsV2
        default: throw .methodNotAllowed()
        }
    }

    private static func objectOperation(_ request: S3Authenticator.Request) throws(S3Error) -> S3Operation {
        if request.header("x-amz-copy-source") != nil { throw .notImplemented("Copying objects") }
        if request.queryValue("uploads") != nil {
            guard request.method == "POST" else { throw .methodNotAllowed() }
            return .createMultipartUpload
        }
        if let uploadID = request.queryValue("uploadId") {
            switch request.method {
            case "PUT":
                guard let text = request.queryValue("partNumber"), let number = Int(text),
                      (1...MultipartStaging.maximumPartNumber).contains(number) else {
                    throw .invalidArgument("Part number must be an integer between 1 and \(MultipartStaging.maximumPartNumber), inclusive.")
                }
                return .uploadPart(number: number, uploadID: uploadID)
            case "POST": return .completeMultipartUpload(uploadID: uploadID)
            case "DELETE": return .abortMultipartUpload(uploadID: uploadID)
            case "GET": throw .notImplemented("ListParts")
            default: throw .methodNotAllowed()
            }
        }
        if request.queryValue("partNumber") != nil { throw .invalidArgument("partNumber needs an uploadId.") }
        switch request.method {
        case "PUT": return .putObject
        case "GET": return .getObject
        case "HEAD": return .headObject
        case "DELETE": return .deleteObject
        default: throw .methodNotAllowed()
        }
    }
}
