import FloeCore
import FloeEngine
import FloeStorage
import Foundation
import Logging

/// The S3 API over an ``ObjectStore``, path-style (`/bucket/key`): PutObject, GetObject (with `Range`),
/// HeadObject, DeleteObject and ListObjectsV2, each authenticated by ``S3Authenticator`` and authorised as
/// `oss:PutObject`, `oss:GetObject` (GET and HEAD), `oss:DeleteObject` and `oss:ListObjects`. A stored object
/// is handed to the ``Trigger`` (its failures are logged; the upload has succeeded).
///
/// Pure of HTTP: ``S3Responder`` serves it. Never throws; every failure is an ``S3Error`` document.
public struct S3Endpoint: Sendable {
    /// Largest listing page: 1000 keys.
    public static let maxKeys = 1000

    let authenticator: S3Authenticator
    let objectStore: any ObjectStore
    let trigger: Trigger?
    let bucketExists: @Sendable (String) async -> Bool
    let logger: Logger

    /// - Parameters:
    ///   - bucketExists: whether a (valid) bucket name is served; other buckets are `NoSuchBucket`.
    ///   - trigger: starts the workflows bound to a stored object's location; `nil` starts none.
    public init(authenticator: S3Authenticator, objectStore: any ObjectStore, trigger: Trigger?,
                bucketExists: @escaping @Sendable (String) async -> Bool, logger: Logger) {
        self.authenticator = authenticator
        self.objectStore = objectStore
        self.trigger = trigger
        self.bucketExists = bucketExists
        self.logger = logger
    }

    /// The operation a request names.
    enum Operation: Equatable {
        case putObject, getObject, headObject, deleteObject, listObjectsV2

        var action: String {
            switch self {
            case .putObject: "oss:PutObject"
            case .getObject, .headObject: "oss:GetObject"
            case .deleteObject: "oss:DeleteObject"
            case .listObjectsV2: "oss:ListObjects"
            }
        }
    }

    /// Answers `request`, sent from `sourceIP`, at `now`.
    public func respond(to request: S3Authenticator.Request, sourceIP: String?, now: Date = Date()) async -> S3Response {
        let requestID = UUID().uuidString
        let resource = Self.decode(request.encodedPath) ?? request.encodedPath
        do {
            let (operation, bucket, key) = try Self.route(request)
            let accessKey = try await authenticator.authenticate(request, now: now)
            try authenticator.authorize(accessKey, action: operation.action,
                                        resource: S3Authenticator.resource(accountID: accessKey.accountID, bucket: bucket,
                                                                           key: operation == .listObjectsV2 ? nil : key),
                                        sourceIP: sourceIP, now: now)
            guard await bucketExists(bucket) else { throw S3Error.noSuchBucket() }
            var response = try await perform(operation, bucket: bucket, key: key, request: request)
            response.headers.append(("x-amz-request-id", requestID))
            return response
        } catch let error as S3Error {
            return Self.errorResponse(error, method: request.method, resource: resource, requestID: requestID)
        } catch let error as FloeError where error.code == .notFound {
            return Self.errorResponse(.noSuchKey(), method: request.method, resource: resource, requestID: requestID)
        } catch {
            logger.error("S3 request failed", metadata: ["request": "\(requestID)", "error": "\(error)"])
            return Self.errorResponse(.internalError(), method: request.method, resource: resource, requestID: requestID)
        }
    }

    /// The operation, bucket and key of a path-style request; the key is validated as a ``StorageLocation``'s.
    static func route(_ request: S3Authenticator.Request) throws(S3Error) -> (Operation, String, String) {
        guard let path = decode(request.encodedPath), path.hasPrefix("/") else { throw .invalidArgument("The path is not valid percent-encoded UTF-8.") }
        let rest = path.dropFirst()
        let bucket = String(rest.prefix { $0 != "/" })
        let key = String(rest.dropFirst(bucket.count + 1))
        guard !bucket.isEmpty else { throw .notImplemented("ListBuckets") }
        do {
            try StorageLocation.validate(bucket: bucket)
        } catch {
            throw .invalidBucketName()
        }
        if key.isEmpty {
            guard request.method == "GET" else { throw request.method == "PUT" || request.method == "DELETE" ? .notImplemented("Bucket creation and deletion") : .methodNotAllowed() }
            guard request.queryValue("list-type") == "2" else { throw .notImplemented("ListObjects (version 1); use list-type=2") }
            return (.listObjectsV2, bucket, "")
        }
        do {
            _ = try StorageLocation(bucket: bucket, key: key)
        } catch {
            throw .invalidArgument(error.message)
        }
        if let multipart = ["uploads", "uploadId", "partNumber", "acl", "tagging"].first(where: { request.queryValue($0) != nil }) {
            throw .notImplemented("The '\(multipart)' subresource")
        }
        switch request.method {
        case "PUT":
            if request.header("x-amz-copy-source") != nil { throw .notImplemented("CopyObject") }
            return (.putObject, bucket, key)
        case "GET": return (.getObject, bucket, key)
        case "HEAD": return (.headObject, bucket, key)
        case "DELETE": return (.deleteObject, bucket, key)
        default: throw .methodNotAllowed()
        }
    }

    func perform(_ operation: Operation, bucket: String, key: String, request: S3Authenticator.Request) async throws -> S3Response {
        switch operation {
        case .listObjectsV2:
            return try await list(bucket: bucket, request: request)
        case .putObject:
            let location = try StorageLocation(bucket: bucket, key: key)
            let info = try await objectStore.put(location, data: request.body)
            Failpoint.hit(Failpoint.s3UploadStored)
            await handOver(info)
            return S3Response(status: 200, headers: [("ETag", Self.quoted(info.etag)), ("Content-Length", "0")])
        case .getObject, .headObject:
            let location = try StorageLocation(bucket: bucket, key: key)
            guard let info = try await objectStore.head(location) else { throw S3Error.noSuchKey() }
            var headers = Self.objectHeaders(info)
            let range = try request.header("range").flatMap { header throws(S3Error) in try Self.byteRange(header, size: info.size) }
            if operation == .headObject {
                headers.append(("Content-Length", String(info.size)))
                return S3Response(status: 200, headers: headers)
            }
            let data = try await objectStore.get(location)
            guard let range, !data.isEmpty else {
                headers.append(("Content-Length", String(data.count)))
                return S3Response(status: 200, headers: headers, body: data)
            }
            let upper = min(range.upperBound, data.count - 1)
            headers.append(("Content-Range", "bytes \(range.lowerBound)-\(upper)/\(data.count)"))
            headers.append(("Content-Length", String(upper - range.lowerBound + 1)))
            return S3Response(status: 206, headers: headers, body: data.subdata(in: range.lowerBound..<(upper + 1)))
        case .deleteObject:
            try await objectStore.delete(try StorageLocation(bucket: bucket, key: key))
            return S3Response(status: 204)
        }
    }

    /// Starts the workflows bound to a stored object; failures are logged only.
    func handOver(_ info: ObjectInfo) async {
        guard let trigger else { return }
        do {
            let tasks = try await trigger.handle(ObjectEvent(location: info.location, version: info.etag, size: info.size,
                                                             modifiedTime: info.modifiedTime))
            for task in tasks where task.created {
                logger.info("S3 upload started a workflow", metadata: ["location": "\(info.location)", "task": "\(task.taskID)"])
            }
        } catch {
            logger.error("S3 upload stored but its workflows did not start", metadata: ["location": "\(info.location)", "error": "\(error)"])
        }
    }

    func list(bucket: String, request: S3Authenticator.Request) async throws -> S3Response {
        if request.queryValue("delimiter").map({ !$0.isEmpty }) == true { throw S3Error.notImplemented("Listing with a delimiter") }
        let urlEncoded: Bool
        switch request.queryValue("encoding-type") {
        case nil: urlEncoded = false
        case "url": urlEncoded = true
        default: throw S3Error.invalidArgument("Invalid Encoding Method specified in Request")
        }
        let prefix = request.queryValue("prefix") ?? ""
        let startAfter = request.queryValue("start-after")
        var maxKeys = Self.maxKeys
        if let text = request.queryValue("max-keys") {
            guard let value = Int(text), value >= 0 else { throw S3Error.invalidArgument("max-keys must be a non-negative integer.") }
            maxKeys = min(value, Self.maxKeys)
        }
        let token = request.queryValue("continuation-token")
        var after = startAfter
        if let token {
            guard let decoded = Self.decodeToken(token) else { throw S3Error.invalidArgument("The continuation token provided is incorrect.") }
            after = max(after ?? "", decoded)
        }
        let page: ObjectListing = maxKeys == 0
            ? ObjectListing(objects: [], nextAfter: nil)
            : try await objectStore.list(bucket: bucket, prefix: prefix, after: after, limit: maxKeys)
        let result = ListBucketResult(bucket: bucket, prefix: prefix, startAfter: startAfter, continuationToken: token,
                                      nextContinuationToken: page.nextAfter.map(Self.encodeToken), maxKeys: maxKeys,
                                      objects: page.objects, urlEncoded: urlEncoded)
        return S3Response(status: 200, headers: [("Content-Type", "application/xml")], body: Data(result.xml.utf8))
    }

    // MARK: Pieces

    /// ETag, Last-Modified, Content-Type and Accept-Ranges of an object.
    static func objectHeaders(_ info: ObjectInfo) -> [(name: String, value: String)] {
        [("ETag", quoted(info.etag)), ("Last-Modified", httpDate(info.modifiedTime)),
         ("Content-Type", "binary/octet-stream"), ("Accept-Ranges", "bytes")]
    }

    /// The bytes `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` selects of an object of `size` bytes; `nil` for a
    /// header S3 ignores (malformed, or several ranges), `InvalidRange` when it starts past the end.
    static func byteRange(_ header: String, size: Int64) throws(S3Error) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        let size = Int(size)
        switch (Int(spec[0]), Int(spec[1])) {
        case (let first?, let last?) where first >= 0 && last >= first:
            guard first < size else { throw .invalidRange() }
            return first...min(last, size - 1)
        case (let first?, nil) where spec[1].isEmpty && first >= 0:
            guard first < size else { throw .invalidRange() }
            return first...(size - 1)
        case (nil, let count?) where spec[0].isEmpty && count > 0:
            guard size > 0 else { throw .invalidRange() }
            return max(0, size - count)...(size - 1)
        default:
            return nil
        }
    }

    static func errorResponse(_ error: S3Error, method: String, resource: String, requestID: String) -> S3Response {
        let body = method == "HEAD" ? Data() : Data(error.xml(resource: resource, requestID: requestID).utf8)
        return S3Response(status: error.status, headers: [("Content-Type", "application/xml"), ("x-amz-request-id", requestID)], body: body)
    }

    /// Percent-decodes a path or query component; `nil` when it is not valid UTF-8 once decoded.
    static func decode(_ text: some StringProtocol) -> String? {
        String(text).removingPercentEncoding
    }

    /// The decoded parameters of a raw query string (`a=1&b`); `nil` when one does not decode.
    public static func queryParameters(_ rawQuery: String) -> [(name: String, value: String)]? {
        var parameters: [(name: String, value: String)] = []
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = parts.count == 2 ? decode(parts[1]) : "" else { return nil }
            parameters.append((name, value))
        }
        return parameters
    }

    static func quoted(_ etag: String) -> String { "\"\(etag)\"" }

    /// The continuation token of a page ending after `key`: the key in base64url, opaque to clients.
    static func encodeToken(_ key: String) -> String {
        Data(key.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    static func decodeToken(_ token: String) -> String? {
        let base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(
            format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .padded(4)) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) GMT",
            locale: Locale(identifier: "en_US_POSIX"), timeZone: TimeZone(identifier: "GMT")!, calendar: Calendar(identifier: .gregorian)))
    }
}
