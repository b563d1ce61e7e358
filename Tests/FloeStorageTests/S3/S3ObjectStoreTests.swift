import FloeCore
@testable import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite("S3ObjectStore on moto", .motoServer)
struct S3ObjectStoreTests {
    @Test("conformance", arguments: ObjectStoreConformance.cases)
    func conformance(_ conformanceCase: ObjectStoreConformance.Case) async throws {
        try await conformanceCase.run(MotoServer.require().store())
    }

    /// A block of 65,521 (a prime) bytes of noise, so no two parts of a pattern are alike.
    static let block = Data((0..<65_521).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) })

    /// `count` bytes of ``block`` repeated (built with copies: cheap even in debug builds).
    static func pattern(_ count: Int) -> Data {
        var data = Data(capacity: count)
        while data.count < count { data.append(block.prefix(count - data.count)) }
        return data
    }

    @Test("a file over the threshold goes up in parts, and comes back whole (also streamed to a file)")
    func multipart() async throws {
        let server = try MotoServer.require()
        let store = S3ObjectStore(configuration: try server.configuration(partSize: 5 << 20, threshold: 5 << 20))
        let folder = TemporaryFolder("s3")
        let data = Self.pattern((11 << 20) + 123)
        let file = folder.appending(path: "big.bin")
        try data.write(to: file)

        let location = try StorageLocation(bucket: "media", key: "multipart/big file.bin")
        let written = try await store.put(location, file: file)
        #expect(written.size == Int64(data.count))
        #expect(written.etag.hasSuffix("-3"), "a multipart ETag names its 3 parts: \(written.etag)")
        let info = try #require(try await store.head(location))
        #expect(info.size == Int64(data.count))
        #expect(info.etag == written.etag)
        #expect(try await store.get(location) == data)

        let copy = folder.appending(path: "copy.bin")
        try await store.get(location, to: copy)
        #expect(try Data(contentsOf: copy) == data)
        try await store.delete(location)
    }

    @Test("a multipart upload that fails is aborted: no upload is left open and no object appears")
    func abortedMultipart() async throws {
        var configuration = try MotoServer.require().configuration(partSize: 5 << 20, threshold: 5 << 20)
        // Parts below S3's 5 MiB minimum: CompleteMultipartUpload fails with EntityTooSmall.
        configuration.partSize = 1 << 20
        configuration.multipartThreshold = 1 << 20
        let store = S3ObjectStore(configuration: configuration)
        let folder = TemporaryFolder("s3")
        let file = folder.appending(path: "upload.bin")
        try Self.pattern((3 << 20) + 1).write(to: file)
        let location = try StorageLocation(bucket: "media", key: "aborted/\(UUID().uuidString).bin")
        do {
            try await store.put(location, file: file)
            Issue.record("the upload of undersized parts succeeded")
        } catch let error as FloeError {
            #expect(error.code == .storage)
            #expect(error.message.contains("EntityTooSmall"), "\(error.message)")
        }
        #expect(try await store.head(location) == nil)
        let response = try await store.send("GET", bucket: "media", key: nil, query: [("uploads", ""), ("prefix", "aborted/")],
                                            doing: "listing uploads")
        let uploads = try await store.xml(response, doing: "listing uploads").all("Upload").compactMap { $0.text("Key") }
        #expect(!uploads.contains(location.key), "the upload was left open")
    }

    @Test("a file at the threshold goes up in one request")
    func singlePut() async throws {
        let server = try MotoServer.require()
        let store = S3ObjectStore(configuration: try server.configuration(partSize: 5 << 20, threshold: 5 << 20))
        let folder = TemporaryFolder("s3")
        let file = folder.appending(path: "upload.bin")
        let data = Self.pattern(5 << 20)
        try data.write(to: file)
        let location = try StorageLocation(bucket: "media", key: "single/at-threshold.bin")
        let written = try await store.put(location, file: file)
        #expect(!written.etag.contains("-"), "one PUT has a plain MD5 ETag: \(written.etag)")
        #expect(try await store.get(location) == data)
        try await store.delete(location)
    }

    @Test("ListObjectsV2 pages: each page holds at most the limit, and nextAfter leads to the next")
    func paging() async throws {
        let store = try MotoServer.require().store()
        let prefix = "paging-\(UUID().uuidString.lowercased())/"
        let keys = (0..<5).map { "\(prefix)k\($0)" }
        for key in keys { try await store.put(StorageLocation(bucket: "media", key: key), data: Data(key.utf8)) }
        var seen: [String] = []
        var after: String?
        var pages = 0
        repeat {
            let page = try await store.list(bucket: "media", prefix: prefix, after: after, limit: 2)
            #expect(page.objects.count <= 2)
            seen += page.objects.map(\.location.key)
            after = page.nextAfter
            pages += 1
        } while after != nil && pages < 10
        #expect(seen == keys)
        #expect(pages == 3)
        let rest = try await store.list(bucket: "media", prefix: prefix, after: keys[3], limit: 1000)
        #expect(rest.objects.map(\.location.key) == [keys[4]])
        #expect(rest.nextAfter == nil)
        for key in keys { try await store.delete(StorageLocation(bucket: "media", key: key)) }
    }

    @Test("ffprobe reads a clip straight from its presigned URL")
    func presignedURLForFFprobe() async throws {
        let store = try MotoServer.require().store()
        let clip = try await MediaFixtures.clip(seconds: 1)
        let location = try StorageLocation(bucket: "media", key: "presigned/a clip+视频.mp4")
        try await store.put(location, file: clip)
        let url = try await store.readURL(location, expiresIn: .seconds(300))
        #expect(url.absoluteString.contains("X-Amz-Signature="))
        #expect(url.absoluteString.contains("/media/presigned/a%20clip%2B%E8%A7%86%E9%A2%91.mp4?"))

        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: await ProcessOutput.readToEnd(output.fileHandleForReading), as: UTF8.self)
        await ProcessOutput.waitForExit(process)
        #expect(process.terminationStatus == 0)
        let duration = try #require(Double(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(abs(duration - 1) < 0.2)
        try await store.delete(location)
    }

    @Test("a bucket that does not exist is a storage error naming NoSuchBucket; a missing object there has no head")
    func noSuchBucket() async throws {
        let server = try MotoServer.require()
        let store = S3ObjectStore(configuration: try server.configuration(bucketNames: ["elsewhere": "no-such-bucket-here"]))
        let location = try StorageLocation(bucket: "elsewhere", key: "a.bin")
        for attempt in [
            { _ = try await store.get(location) },
            { try await store.put(location, data: Data("x".utf8)) },
            { _ = try await store.list(bucket: "elsewhere", prefix: "", after: nil, limit: 10) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await attempt()
                Issue.record("no error for a missing bucket")
            } catch let error as FloeError {
                #expect(error.code == .storage)
                #expect(error.message.contains("NoSuchBucket"), "\(error.message)")
            }
        }
        #expect(try await store.head(location) == nil)
    }
}

@Suite("S3ObjectStore addressing")
struct S3AddressingTests {
    func store(_ addressing: S3Configuration.Addressing) throws -> S3ObjectStore {
        S3ObjectStore(configuration: try S3Configuration(
            endpoint: URL(string: "http://s3.example.com:9000")!, region: "eu-west-1", accessKeyID: "AK", secretAccessKey: "SK",
            addressing: addressing, bucketNames: ["floe": "floe-on-s3"]))
    }

    @Test("path style puts the bucket in the path; virtual host in the host name; keys are encoded byte by byte")
    func targets() throws {
        let path = try store(.pathStyle).target(bucket: "floe", key: "in/a b+c/视.mp4")
        #expect(path.base == "http://s3.example.com:9000")
        #expect(path.host == "s3.example.com:9000")
        #expect(path.path == "/floe-on-s3/in/a%20b%2Bc/%E8%A7%86.mp4")
        let virtual = try store(.virtualHost).target(bucket: "other", key: "in/x~y.mp4")
        #expect(virtual.base == "http://other.s3.example.com:9000")
        #expect(virtual.host == "other.s3.example.com:9000")
        #expect(virtual.path == "/in/x~y.mp4")
        #expect(try store(.pathStyle).target(bucket: "floe", key: nil).path == "/floe-on-s3")
        #expect(try store(.virtualHost).target(bucket: "floe", key: nil).path == "/")
    }

    @Test("configurations that S3 would refuse are refused up front")
    func invalidConfigurations() {
        let endpoint = URL(string: "https://s3.example.com")!
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: URL(string: "ftp://x")!, region: "r", accessKeyID: "a", secretAccessKey: "s") }
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: URL(string: "https://x/path")!, region: "r", accessKeyID: "a", secretAccessKey: "s") }
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: URL(string: "https://user:pw@x")!, region: "r", accessKeyID: "a", secretAccessKey: "s") }
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: endpoint, region: "a/b", accessKeyID: "a", secretAccessKey: "s") }
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: endpoint, region: "r", accessKeyID: "", secretAccessKey: "s") }
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: endpoint, region: "r", accessKeyID: "a", secretAccessKey: "s", bucketNames: ["b": "UP"]) }
        #expect(throws: FloeError.self) { try S3Configuration(endpoint: endpoint, region: "r", accessKeyID: "a", secretAccessKey: "s", partSize: 1 << 20) }
    }

    @Test("S3's error code and message from the XML body make the error message; a body that is no XML gives the status")
    func errorMessages() {
        let body = Data("<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><RequestId>1</RequestId></Error>".utf8)
        let error = S3ObjectStore.failure(status: 403, body: body, doing: "reading oss://media/a.bin")
        #expect(error.code == .storage)
        #expect(error.message == "reading oss://media/a.bin: S3 answered 403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.")
        let plain = S3ObjectStore.failure(status: 502, body: Data("<html>bad gateway".utf8), doing: "listing oss://media/")
        #expect(plain.message == "listing oss://media/: S3 answered 502 HTTP 502")
    }

    @Test("descriptions and dumps of the configuration, the store and the signer never show the secret")
    func redactedSecret() throws {
        let configuration = try S3Configuration(endpoint: URL(string: "https://s3.example.com")!, region: "us-east-1",
                                                accessKeyID: "AKID", secretAccessKey: "top-secret-value")
        let store = S3ObjectStore(configuration: configuration)
        let signer = SigV4(accessKeyID: "AKID", secretAccessKey: "top-secret-value", region: "us-east-1")
        let subjects: [Any] = [configuration, store, signer]
        for subject in subjects {
            var dumped = ""
            dump(subject, to: &dumped)
            for text in [String(describing: subject), String(reflecting: subject), dumped] {
                #expect(!text.contains("top-secret-value"), "\(text)")
                #expect(text.contains("AKID"))
            }
        }
    }
}
