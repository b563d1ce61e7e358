import Crypto
import FloeAPI
import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite("S3 endpoint: multipart uploads")
struct S3MultipartTests {
    static func completion(_ parts: [(Int, String)]) -> Data {
        Data(("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + parts.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\($0.1)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>").utf8)
    }

    /// Starts an upload of `path` and returns its id.
    static func start(_ harness: S3Harness, _ path: String) async throws -> String {
        let created = try await harness.send(.post, path, query: [("uploads", "")])
        #expect(created.status == 200)
        return try #require(created.element("UploadId"))
    }

    @Test("parts uploaded out of order, one replaced, join into the object on completion; only completion triggers, once")
    func roundTrip() async throws {
        let harness = try await S3Harness()
        try await harness.bindTemplate(to: "oss://uploads/parts/")
        let uploadID = try await Self.start(harness, "/uploads/parts/a.mp4")
        #expect(uploadID.count == 32)
        let second = try await harness.send(.put, "/uploads/parts/a.mp4", query: [("partNumber", "2"), ("uploadId", uploadID)],
                                            body: Data("BBBBB-old".utf8))
        #expect(second.status == 200)
        let replaced = try await harness.send(.put, "/uploads/parts/a.mp4", query: [("partNumber", "2"), ("uploadId", uploadID)],
                                              body: Data("BBBBB".utf8))
        let first = try await harness.send(.put, "/uploads/parts/a.mp4", query: [("partNumber", "1"), ("uploadId", uploadID)],
                                           body: Data("AAAAA".utf8))
        let third = try await harness.send(.put, "/uploads/parts/a.mp4", query: [("partNumber", "3"), ("uploadId", uploadID)],
                                           body: Data("C".utf8))
        let md5 = "\"" + Insecure.MD5.hash(data: Data("BBBBB".utf8)).map { String(format: "%02x", $0) }.joined() + "\""
        #expect(replaced.headers[.eTag] == md5)
        // Nothing is stored, and nothing triggers, before completion.
        #expect(try await harness.objects.head(try StorageLocation(bucket: "uploads", key: "parts/a.mp4")) == nil)
        #expect(try await harness.tasks().isEmpty)

        let parts = [(1, first.headers[.eTag]!), (2, replaced.headers[.eTag]!), (3, third.headers[.eTag]!)]
        let done = try await harness.send(.post, "/uploads/parts/a.mp4", query: [("uploadId", uploadID)], body: Self.completion(parts))
        #expect(done.status == 200 && done.element("Key") == "parts/a.mp4")
        let get = try await harness.send(.get, "/uploads/parts/a.mp4")
        #expect(get.body == "AAAAABBBBBC")
        #expect(get.headers[.eTag] == done.element("ETag").map { $0.replacingOccurrences(of: "&quot;", with: "\"") })
        let tasks = try await harness.tasks()
        let object = try StorageLocation(bucket: "uploads", key: "parts/a.mp4")
        #expect(tasks.count == 1 && tasks.first?.input == .oss(object))
        // The upload is over: its parts are gone, and it cannot be completed again.
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.staging.path).isEmpty)
        let again = try await harness.send(.post, "/uploads/parts/a.mp4", query: [("uploadId", uploadID)], body: Self.completion(parts))
        #expect(again.status == 404 && again.code == "NoSuchUpload")
        #expect(try await harness.tasks().count == 1)
    }

    @Test("completion checks: ETags, order, part size, the document; unknown, foreign and aborted uploads are NoSuchUpload")
    func refusals() async throws {
        let harness = try await S3Harness()
        let uploadID = try await Self.start(harness, "/media/big.bin")
        func part(_ number: Int, _ text: String, id: String? = nil, path: String = "/media/big.bin") async throws -> S3Harness.Answer {
            try await harness.send(.put, path, query: [("partNumber", String(number)), ("uploadId", id ?? uploadID)], body: Data(text.utf8))
        }
        let one = try await part(1, "wxyz")
        let two = try await part(2, "ab")
        let three = try await part(3, "zzzzzz")
        let etag1 = one.headers[.eTag]!, etag2 = two.headers[.eTag]!, etag3 = three.headers[.eTag]!
        let cases: [(Data, Int, String)] = [
            (Self.completion([(1, etag1), (3, "\"" + String(repeating: "0", count: 32) + "\"")]), 400, "InvalidPart"),
            (Self.completion([(1, etag1), (4, etag3)]), 400, "InvalidPart"),
            (Self.completion([(3, etag3), (1, etag1)]), 400, "InvalidPartOrder"),
            (Self.completion([(1, etag1), (2, etag2), (3, etag3)]), 400, "EntityTooSmall"),  // part 2 is 2 bytes, under the minimum of 4
            (Self.completion([(1, "\"../../etc\"")]), 400, "InvalidPart"),
            (Data("<CompleteMultipartUpload/>".utf8), 400, "MalformedXML"),
            (Data("not xml".utf8), 400, "MalformedXML"),
        ]
        for (body, status, code) in cases {
            let answer = try await harness.send(.post, "/media/big.bin", query: [("uploadId", uploadID)], body: body)
            #expect(answer.status == status && answer.code == code, "\(String(decoding: body, as: UTF8.self))")
        }
        #expect(try await harness.objects.head(try StorageLocation(bucket: "media", key: "big.bin")) == nil)

        for number in ["0", "10001", "x"] {
            let answer = try await harness.send(.put, "/media/big.bin", query: [("partNumber", number), ("uploadId", uploadID)], body: Data("x".utf8))
            #expect(answer.status == 400 && answer.code == "InvalidArgument", "part \(number)")
        }
        for id in ["../../../../etc", String(repeating: "a", count: 32), uploadID.uppercased() + "/.."] {
            let answer = try await part(4, "x", id: id)
            #expect(answer.status == 404 && answer.code == "NoSuchUpload", "\(id)")
        }
        let otherKey = try await part(4, "x", path: "/media/other.bin")
        #expect(otherKey.status == 404 && otherKey.code == "NoSuchUpload")

        let aborted = try await harness.send(.delete, "/media/big.bin", query: [("uploadId", uploadID)])
        #expect(aborted.status == 204)
        let afterAbort = try await part(4, "x")
        #expect(afterAbort.status == 404 && afterAbort.code == "NoSuchUpload")
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.staging.path).isEmpty)
    }

    @Test("Content-MD5: a body that is not its digest is BadDigest, and not stored")
    func contentMD5() async throws {
        let harness = try await S3Harness()
        let body = Data("checked".utf8)
        let right = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
        let wrong = Data(Insecure.MD5.hash(data: Data("other".utf8))).base64EncodedString()
        let ok = try await harness.send(.put, "/media/md5.bin", body: body, extraHeaders: [("content-md5", right)])
        #expect(ok.status == 200)
        let bad = try await harness.send(.put, "/media/md5-bad.bin", body: body, extraHeaders: [("content-md5", wrong)])
        #expect(bad.status == 400 && bad.code == "BadDigest")
        let invalid = try await harness.send(.put, "/media/md5-bad.bin", body: body, extraHeaders: [("content-md5", "nope")])
        #expect(invalid.status == 400 && invalid.code == "InvalidDigest")
        #expect(try await harness.objects.head(try StorageLocation(bucket: "media", key: "md5-bad.bin")) == nil)
        let uploadID = try await Self.start(harness, "/media/md5-parts.bin")
        let badPart = try await harness.send(.put, "/media/md5-parts.bin", query: [("partNumber", "1"), ("uploadId", uploadID)],
                                             body: body, extraHeaders: [("content-md5", wrong)])
        #expect(badPart.status == 400 && badPart.code == "BadDigest")
    }

    @Test("RAM: multipart steps need oss:PutObject; aborting needs oss:AbortMultipartUpload")
    func ram() async throws {
        let harness = try await S3Harness()
        let reader = try await harness.ramKey(allowing: ["oss:GetObject"])
        let refused = try await harness.send(.post, "/media/r.bin", query: [("uploads", "")], as: reader)
        #expect(refused.status == 403 && refused.code == "AccessDenied")
        let writer = try await harness.ramKey(allowing: ["oss:PutObject"])
        let created = try await harness.send(.post, "/media/r.bin", query: [("uploads", "")], as: writer)
        let uploadID = try #require(created.element("UploadId"))
        let abort = try await harness.send(.delete, "/media/r.bin", query: [("uploadId", uploadID)], as: writer)
        #expect(abort.status == 403 && abort.code == "AccessDenied")
    }
}
