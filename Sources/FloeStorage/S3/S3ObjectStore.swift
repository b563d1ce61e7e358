import AsyncHTTPClient
import FloeCore
import Foundation
import NIOCore
import NIOHTTP1

/// Object storage on an S3-compatible service, over AsyncHTTPClient with SigV4-signed requests.
///
/// `oss://bucket/key` is the object `key` of the S3 bucket ``S3Configuration/s3Bucket(_:)`` names. Every key
/// byte is percent-encoded in the request path, so no key (already a validated ``StorageLocation``) can name
/// anything but an object of its bucket. Files above ``S3Configuration/multipartThreshold`` are uploaded in
/// parts read from disk one at a time; a failed multipart upload is aborted. ``readURL(_:expiresIn:)`` is a
/// presigned GET that FFmpeg reads directly.
public struct S3ObjectStore: ObjectStore, CustomStringConvertible, CustomReflectable {
    public let configuration: S3Configuration
    let client: HTTPClient
    let signer: SigV4

    /// A store on `client` (not owned: shut it down after the store's last use).
    public init(configuration: S3Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
        self.signer = configuration.signer
    }

    /// Names the endpoint and key, never the secret.
    public var description: String { "S3ObjectStore(\(configuration))" }

    public var customMirror: Mirror { Mirror(self, children: ["configuration": configuration], displayStyle: .struct) }

    // MARK: ObjectStore

    public func head(_ location: StorageLocation) async throws -> ObjectInfo? {
        let response = try await send("HEAD", location.requireObject(), doing: "reading \(location)", allowing: Set([404]))
        if response.status.code == 404 { return nil }
        return try objectInfo(location, response.headers, size: nil)
    }

    public func get(_ location: StorageLocation) async throws -> Data {
        let response = try await send("GET", location.requireObject(), doing: "reading \(location)", allowing: [404])
        try await requireFound(response, location)
        do {
            return Self.data(try await response.body.collect(upTo: Int.max))
        } catch {
            throw FloeError(.storage, "reading \(location): \(error)")
        }
    }

    /// Streams the object to the local file `file` (replaced), without holding it in memory.
    public func get(_ location: StorageLocation, to file: URL) async throws {
        let response = try await send("GET", location.requireObject(), doing: "reading \(location)", allowing: [404])
        try await requireFound(response, location)
        do {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw FloeError(.storage, "reading \(location): cannot create \(file.path)")
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            for try await chunk in response.body { try handle.write(contentsOf: Self.data(chunk)) }
        } catch let error as FloeError {
            throw error
        } catch {
            throw FloeError(.storage, "reading \(location) into \(file.lastPathComponent): \(error)")
        }
    }

    @discardableResult
    public func put(_ location: StorageLocation, data: Data) async throws -> ObjectInfo {
        let response = try await send("PUT", location.requireObject(), body: data, doing: "writing \(location)")
        await Self.drain(response)
        return try objectInfo(location, response.headers, size: Int64(data.count))
    }

    @discardableResult
    public func put(_ location: StorageLocation, file: URL) async throws -> ObjectInfo {
        let object = try location.requireObject()
        let handle: FileHandle
        let size: Int
        do {
            handle = try FileHandle(forReadingFrom: file)
            size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
        } catch {
            throw FloeError(.storage, "writing \(location): cannot read \(file.lastPathComponent): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        if size <= configuration.multipartThreshold {
            return try await put(object, data: try read(handle, count: size, location))
        }
        return try await MultipartUpload(store: self, location: object, size: size).run(handle)
    }

    public func list(bucket: String, prefix: String, after: String?, limit: Int) async throws -> ObjectListing {
        try StorageLocation.validate(bucket: bucket)
        var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix), ("max-keys", String(min(max(1, limit), 1000)))]
        if let after { query.append(("start-after", after)) }
        let response = try await send("GET", bucket: bucket, key: nil, query: query, doing: "listing oss://\(bucket)/\(prefix)")
        let document = try await xml(response, doing: "listing oss://\(bucket)/\(prefix)")
        var objects: [ObjectInfo] = []
        var lastKey: String?
        for entry in document.all("Contents") {
            guard let key = entry.text("Key") else { continue }
            lastKey = key
            // An object written by other means whose key is no valid location is not listed.
            guard let location = try? StorageLocation(bucket: bucket, key: key), location.isObject else { continue }
            objects.append(ObjectInfo(
                location: location, size: Int64(entry.text("Size") ?? "") ?? 0,
                modifiedTime: entry.text("LastModified").flatMap(WireTime.instant) ?? Date(timeIntervalSince1970: 0),
                etag: Self.unquoted(entry.text("ETag") ?? "")
            ))
        }
        let truncated = document.text("IsTruncated") == "true"
        return ObjectListing(objects: objects, nextAfter: truncated ? lastKey : nil)
    }

    public func delete(_ location: StorageLocation) async throws {
        await Self.drain(try await send("DELETE", location.requireObject(), doing: "deleting \(location)", allowing: [404]))
    }

    public func readURL(_ location: StorageLocation, expiresIn: Duration) async throws -> URL {
        guard try await head(location) != nil else { throw FloeError.notFound("no object at \(location)") }
        let target = self.target(bucket: location.bucket, key: location.key)
        let request = SigV4.Request(method: "GET", encodedPath: target.path, headers: [("host", target.host)])
        let presigned = try signer.presign(request, date: Date(), expiresIn: min(expiresIn, SigV4.maxPresignedExpiry))
        guard let url = URL(string: "\(target.base)\(target.path)?\(presigned.canonicalQuery)") else {
            throw FloeError(.storage, "cannot form a URL for \(location)")
        }
        return url
    }

    /// Creates the S3 bucket of `bucket` (for first setup and tests); one that exists and is ours is fine.
    public func createBucket(_ bucket: String) async throws {
        try StorageLocation.validate(bucket: bucket)
        let body = configuration.region == "us-east-1" ? nil : Data(
            "<CreateBucketConfiguration><LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>".utf8)
        let response = try await send("PUT", bucket: bucket, key: nil, body: body, doing: "creating bucket \(bucket)", allowing: [409])
        if response.status.code == 409 {
            let error = await failure(response, doing: "creating bucket \(bucket)")
            guard error.message.contains("BucketAlreadyOwnedByYou") else { throw error }
        } else {
            await Self.drain(response)
        }
    }

    // MARK: Requests

    /// Where a request for `key` (or the bucket, when `nil`) goes: base URL, `host` header and encoded path.
    func target(bucket: String, key: String?) -> (base: String, host: String, path: String) {
        let s3Bucket = configuration.s3Bucket(bucket)
        let endpoint = configuration.endpoint
        let scheme = endpoint.scheme ?? "https"
        let name = endpoint.host ?? ""
        let port = endpoint.port.map { ":\($0)" } ?? ""
        let keyPath = key.map { "/" + SigV4.encodePath($0) } ?? "/"
        switch configuration.addressing {
        case .pathStyle:
            let path = "/" + SigV4.uriEncode(s3Bucket) + (key.map { "/" + SigV4.encodePath($0) } ?? "")
            return ("\(scheme)://\(name)\(port)", "\(name)\(port)", path)
        case .virtualHost:
            return ("\(scheme)://\(s3Bucket).\(name)\(port)", "\(s3Bucket).\(name)\(port)", keyPath)
        }
    }

    /// Sends a signed request for an object.
    func send(_ method: String, _ location: StorageLocation, query: [(name: String, value: String)] = [], body: Data? = nil,
              doing action: String, allowing allowed: Set<UInt> = []) async throws -> HTTPClientResponse {
        try await send(method, bucket: location.bucket, key: location.key, query: query, body: body, doing: action, allowing: allowed)
    }

    /// Sends a signed request; answers other than 2xx (and the `allowed` statuses) throw with S3's error code
    /// and message.
    func send(_ method: String, bucket: String, key: String?, query: [(name: String, value: String)] = [], body: Data? = nil,
              doing action: String, allowing allowed: Set<UInt> = []) async throws -> HTTPClientResponse {
        let target = self.target(bucket: bucket, key: key)
        var signed = SigV4.Request(method: method, encodedPath: target.path, query: query, headers: [("host", target.host)])
        signer.authorize(&signed, payloadHash: body.map(SigV4.sha256) ?? SigV4.emptyPayloadHash, date: Date())
        let queryString = signed.canonicalQuery
        var request = HTTPClientRequest(url: target.base + target.path + (queryString.isEmpty ? "" : "?" + queryString))
        request.method = .init(rawValue: method)
        for header in signed.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        if let body {
            request.headers.replaceOrAdd(name: "content-length", value: String(body.count))
            request.body = .bytes(Self.buffer(body))
        }
        var response: HTTPClientResponse
        var attempt = 1
        while true {
            do {
                response = try await client.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            } catch {
                throw FloeError(.storage, "\(action): S3 at \(configuration.endpoint.absoluteString) failed: \(error)")
            }
            // S3 asks clients to retry 500 and 503 (InternalError, SlowDown); every request here may be repeated.
            guard [500, 503].contains(response.status.code), attempt < Self.attempts else { break }
            await Self.drain(response)
            try await Task.sleep(for: .milliseconds(100 * attempt * attempt))
            attempt += 1
        }
        let status = response.status.code
        guard (200..<300).contains(status) || allowed.contains(status) else {
            throw await failure(response, doing: action)
        }
        return response
    }

    /// Tries of one request that S3 answers with 500 or 503, 0.1, 0.4, 0.9, 1.6 and 2.5 s apart (moto, the tests'
    /// server, answers 500 now and then to concurrent puts of one key; S3 asks for backoff with SlowDown).
    static let attempts = 6

    /// Reads and drops a short body, so the connection can serve the next request.
    static func drain(_ response: HTTPClientResponse) async {
        _ = try? await response.body.collect(upTo: 1024 * 1024)
    }

    /// Throws `.notFound` for a 404 answer.
    private func requireFound(_ response: HTTPClientResponse, _ location: StorageLocation) async throws {
        guard response.status.code == 404 else { return }
        let error = await failure(response, doing: "reading \(location)")
        if error.message.contains("NoSuchBucket") { throw error }
        throw FloeError.notFound("no object at \(location)")
    }

    /// The error of a failed answer: S3's `<Error><Code>` and `<Message>` when the body has them.
    func failure(_ response: HTTPClientResponse, doing action: String) async -> FloeError {
        let body = try? await response.body.collect(upTo: 64 * 1024)
        return Self.failure(status: response.status.code, body: body.map(Self.data) ?? Data(), doing: action)
    }

    /// The error of an answer with `status` and `body`, naming S3's error code and message.
    static func failure(status: UInt, body: Data, doing action: String) -> FloeError {
        let document = S3XML(parsing: body)
        let code = document?.text("Code") ?? "HTTP \(status)"
        let message = document?.text("Message").map { ": \(Self.printable($0))" } ?? ""
        return FloeError(.storage, "\(action): S3 answered \(status) \(Self.printable(code))\(message)")
    }

    /// The parsed XML body of a successful answer; an `<Error>` document (S3 may send one with 200) throws.
    func xml(_ response: HTTPClientResponse, doing action: String) async throws -> S3XML {
        let data: Data
        do {
            data = Self.data(try await response.body.collect(upTo: 16 * 1024 * 1024))
        } catch {
            throw FloeError(.storage, "\(action): reading S3's answer failed: \(error)")
        }
        guard let document = S3XML(parsing: data) else { throw FloeError(.storage, "\(action): S3 answered with malformed XML") }
        if document.name == "Error" { throw Self.failure(status: response.status.code, body: data, doing: action) }
        return document
    }

    /// Size, time and ETag from an answer's headers.
    func objectInfo(_ location: StorageLocation, _ headers: HTTPHeaders, size: Int64?) throws -> ObjectInfo {
        guard let size = size ?? headers.first(name: "content-length").flatMap({ Int64($0) }) else {
            throw FloeError(.storage, "reading \(location): S3 sent no Content-Length")
        }
        let modified = (headers.first(name: "last-modified") ?? headers.first(name: "date")).flatMap(Self.parseHTTPDate) ?? Date()
        return ObjectInfo(location: location, size: size, modifiedTime: modified, etag: Self.unquoted(headers.first(name: "etag") ?? ""))
    }

    /// Reads exactly `count` bytes of `handle`.
    func read(_ handle: FileHandle, count: Int, _ location: StorageLocation) throws -> Data {
        do {
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw FloeError(.storage, "writing \(location): the file changed size while being read") }
            return data
        } catch let error as FloeError {
            throw error
        } catch {
            throw FloeError(.storage, "writing \(location): reading the file failed: \(error.localizedDescription)")
        }
    }

    // MARK: Formats

    /// The readable bytes of `buffer`, copied in one piece.
    static func data(_ buffer: ByteBuffer) -> Data {
        buffer.withUnsafeReadableBytes { Data($0) }
    }

    /// `data` in a buffer, copied in one piece.
    static func buffer(_ data: Data) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        data.withUnsafeBytes { _ = buffer.writeBytes($0) }
        return buffer
    }

    /// At most 300 characters of untrusted text, control characters replaced by `?`.
    static func printable(_ text: String) -> String {
        String(text.prefix(300).unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    }

    static func unquoted(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// Parses an RFC 1123 date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
