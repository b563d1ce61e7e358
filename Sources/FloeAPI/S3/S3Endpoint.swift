import Crypto
import FloeCore
import FloeEngine
import FloeStorage
import Foundation
import Logging

/// The S3 API over an ``ObjectStore``, path-style (`/bucket/key`): ListBuckets, CreateBucket, HeadBucket,
/// DeleteBucket, ListObjectsV2 (with a delimiter), PutObject, GetObject (with `Range`), HeadObject,
/// DeleteObject, and multipart uploads (create, upload part, complete, abort). Each request is authenticated
/// by ``S3Authenticator``, authorised with the ``S3Operation``'s `oss:` action, and allowed only on buckets
/// its account owns (``BucketDirectory``; another account's bucket is `AccessDenied`). A stored object,
/// whole or completed from parts, is handed to the ``Trigger`` (its failures are logged; the upload has
/// succeeded).
///
/// Pure of HTTP: ``S3Responder`` serves it. Never throws; every failure is an ``S3Error`` document.
public struct S3Endpoint: Sendable {
    /// Largest listing page: 1000 keys.
    public static let maxKeys = 1000
    /// Largest CompleteMultipartUpload document: 2 MiB (10,000 parts).
    static let maxCompletionBytes = 2 << 20

    let authenticator: S3Authenticator
    let objectStore: any ObjectStore
    let buckets: BucketDirectory
    let multipart: MultipartStaging
    let trigger: Trigger?
    let logger: Logger

    /// - Parameters:
    ///   - buckets: who owns which bucket; a bucket no one owns does not exist (`NoSuchBucket`).
    ///   - multipart: where parts of multipart uploads wait.
    ///   - trigger: starts the workflows bound to a stored object's location; `nil` starts none.
    public init(authenticator: S3Authenticator, objectStore: any ObjectStore, buckets: BucketDirectory,
                multipart: MultipartStaging, trigger: Trigger?, logger: Logger) {
        self.authenticator = authenticator
        self.objectStore = objectStore
        self.buckets = buckets
        self.multipart = multipart
        self.trigger = trigger
        self.logger = logger
    }

    /// Answers `request`, sent from `sourceIP`, at `now`.
    public func respond(to request: S3Authenticator.Request, sourceIP: String?, now: Date = Date()) async -> S3Response {
        let requestID = UUID.random().uuidString
        let resource = Self.decode(request.encodedPath) ?? request.encodedPath
        do {
            let (operation, bucket, key) = try S3Operation.route(request)
            let accessKey = try await authenticator.authenticate(request, now: now)
            let account = accessKey.accountID
            try authenticator.authorize(accessKey, action: operation.action,
                                        resource: S3Authenticator.resource(accountID: account, bucket: bucket.isEmpty ? "*" : bucket,
                                                                           key: operation.isBucketLevel ? nil : key),
                                        sourceIP: sourceIP, now: now)
            if operation != .listBuckets, operation != .createBucket {
                switch try await buckets.owner(of: bucket) {
                case nil: throw S3Error.noSuchBucket()
                case account?: break
                case _?: throw S3Error.accessDenied(bucket)
                }
            }
            var response = try await perform(operation, bucket: bucket, key: key, request: request, account: account, now: now)
            response.headers.append(("x-amz-request-id", requestID))
            return response
        } catch let error as S3Error {
            return Self.errorResponse(error, method: request.method, resource: resource, requestID: requestID)
        } catch let error as FloeError where error.code == .notFound {
            return Self.errorResponse(.noSuchKey(), method: request.method, resource: resource, requestID: requestID)
        } catch let error as FloeError where error.code == .invalidLocation {
            return Self.errorResponse(.invalidArgument(error.message), method: request.method, resource: resource, requestID: requestID)
        } catch {
            logger.error("S3 request failed", metadata: ["request": "\(requestID)", "error": "\(error)"])
            return Self.errorResponse(.internalError(), method: request.method, resource: resource, requestID: requestID)
        }
    }

    func perform(_ operation: S3Operation, bucket: String, key: String, request: S3Authenticator.Request,
                 account: AccountID, now: Date) async throws -> S3Response {
        switch operation {
        case .listBuckets:
            return try await listBuckets(account: account)
        case .createBucket:
            return try await createBucket(bucket, account: account, now: now)
        case .headBucket:
            return S3Response(status: 200)
        case .deleteBucket:
            return try await deleteBucket(bucket)
        case .listObjectsV2:
            return try await list(bucket: bucket, request: request)
        case .putObject:
            try Self.checkContentMD5(request)
            let info = try await objectStore.put(try StorageLocation(bucket: bucket, key: key), data: request.body)
            await handOver(info)
            return S3Response(status: 200, headers: [("ETag", Self.quoted(info.etag)), ("Content-Length", "0")])
        case .getObject, .headObject:
            return try await read(try StorageLocation(bucket: bucket, key: key), head: operation == .headObject, request: request)
        case .deleteObject:
            try await objectStore.delete(try StorageLocation(bucket: bucket, key: key))
            return S3Response(status: 204)
        case .createMultipartUpload:
            return try createMultipartUpload(bucket: bucket, key: key, account: account, now: now)
        case .uploadPart(let number, let uploadID):
            return try uploadPart(number, uploadID: uploadID, bucket: bucket, key: key, account: account, request: request)
        case .completeMultipartUpload(let uploadID):
            return try await completeMultipartUpload(uploadID, bucket: bucket, key: key, account: account, request: request)
        case .abortMultipartUpload(let uploadID):
            multipart.remove(try multipart.folder(uploadID, bucket: bucket, key: key, account: account))
            return S3Response(status: 204)
        }
    }

    /// GetObject and HeadObject. An object of a local bucket is streamed from its file, never read whole.
    func read(_ location: StorageLocation, head: Bool, request: S3Authenticator.Request) async throws -> S3Response {
        guard let info = try await objectStore.head(location) else { throw S3Error.noSuchKey() }
        var headers = Self.objectHeaders(info)
        let range = try request.header("range").flatMap { header throws(S3Error) in try Self.byteRange(header, size: info.size) }
        if head {
            headers.append(("Content-Length", String(info.size)))
            return S3Response(status: 200, headers: headers)
        }
        let url = try await objectStore.readURL(location, expiresIn: .seconds(60))
        if url.isFileURL, info.size > 0 {
            let size = Int(info.size)
            guard let range else {
                headers.append(("Content-Length", String(size)))
                return S3Response(status: 200, headers: headers, file: .init(url: url, range: 0...(size - 1)))
            }
            headers.append(("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"))
            headers.append(("Content-Length", String(range.count)))
            return S3Response(status: 206, headers: headers, file: .init(url: url, range: range))
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
    }

    /// Starts the workflows bound to a stored object; failures are logged only (the folder watcher's rescan
    /// of local buckets tries again).
    func handOver(_ info: ObjectInfo) async {
        Failpoint.hit(Failpoint.s3UploadStored)
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

    /// Refuses a body whose `Content-MD5` header is not its MD5 (`BadDigest`), or is no MD5 (`InvalidDigest`).
    static func checkContentMD5(_ request: S3Authenticator.Request) throws(S3Error) {
        guard let header = request.header("content-md5") else { return }
        guard let digest = Data(base64Encoded: header), digest.count == Insecure.MD5.byteCount else { throw .invalidDigest() }
        guard Data(Insecure.MD5.hash(data: request.body)) == digest else { throw .badDigest() }
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
