import FloeAPI
import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite("S3 endpoint: buckets belong to accounts; listings roll up prefixes")
struct S3BucketTests {
    @Test("CreateBucket makes a bucket its account's; ListBuckets lists an account's own; names are taken once")
    func ownership() async throws {
        let harness = try await S3Harness()
        let other = try await harness.otherAccountKey()
        let before = try await harness.send(.get, "/")
        #expect(before.status == 200 && before.body.contains("<Name>media</Name>") && before.body.contains("<Name>uploads</Name>"))

        #expect(try await harness.send(.put, "/theirs", as: other).status == 200)
        let again = try await harness.send(.put, "/theirs", as: other)
        #expect(again.status == 409 && again.code == "BucketAlreadyOwnedByYou")
        let taken = try await harness.send(.put, "/theirs")
        #expect(taken.status == 409 && taken.code == "BucketAlreadyExists")
        let serverName = try await harness.send(.put, "/media", as: other)
        #expect(serverName.status == 409 && serverName.code == "BucketAlreadyExists")

        let theirList = try await harness.send(.get, "/", as: other)
        #expect(theirList.body.contains("<Name>theirs</Name>") && !theirList.body.contains("<Name>media</Name>"))
        let ourList = try await harness.send(.get, "/")
        #expect(!ourList.body.contains("<Name>theirs</Name>"))

        // Each account reaches its own buckets only: the other's is AccessDenied, an unknown one NoSuchBucket.
        #expect(try await harness.send(.put, "/theirs/a.bin", body: Data("x".utf8), as: other).status == 200)
        #expect(try await harness.send(.head, "/theirs", as: other).status == 200)
        for (method, path, query) in [("GET", "/theirs/a.bin", []), ("PUT", "/theirs/b.bin", []), ("DELETE", "/theirs/a.bin", []),
                                      ("GET", "/theirs", [("list-type", "2")]), ("HEAD", "/theirs", []), ("DELETE", "/theirs", []),
                                      ("POST", "/theirs/c.bin", [("uploads", "")])] as [(String, String, [(name: String, value: String)])] {
            let answer = try await harness.send(.init(method)!, path, query: query, body: Data("y".utf8))
            #expect(answer.status == 403, "\(method) \(path)")
            if method != "HEAD" { #expect(answer.code == "AccessDenied", "\(method) \(path)") }
        }
        let theirMedia = try await harness.send(.get, "/media/a.bin", as: other)
        #expect(theirMedia.status == 403 && theirMedia.code == "AccessDenied")
        let unknown = try await harness.send(.head, "/nobody", as: other)
        #expect(unknown.status == 404)
        #expect(try await harness.objects.head(try StorageLocation(bucket: "theirs", key: "a.bin")) != nil)
    }

    @Test("DeleteBucket: only when empty; then its folder is gone and the name is free; server buckets stay")
    func deletion() async throws {
        let harness = try await S3Harness()
        #expect(try await harness.send(.put, "/scratch").status == 200)
        #expect(try await harness.send(.put, "/scratch/dir/a.bin", body: Data("x".utf8)).status == 200)
        let full = try await harness.send(.delete, "/scratch")
        #expect(full.status == 409 && full.code == "BucketNotEmpty")
        #expect(try await harness.send(.delete, "/scratch/dir/a.bin").status == 204)
        #expect(try await harness.send(.delete, "/scratch").status == 204)
        #expect(!FileManager.default.fileExists(atPath: harness.objects.root.appending(path: "scratch").path))
        #expect(try await harness.store.bucket(named: "scratch") == nil)
        #expect(try await harness.send(.head, "/scratch").status == 404)
        let server = try await harness.send(.delete, "/media")
        #expect(server.status == 403 && server.code == "AccessDenied")
        let other = try await harness.otherAccountKey()
        #expect(try await harness.send(.put, "/scratch", as: other).status == 200)
    }

    @Test("RAM: ListBuckets, PutBucket and DeleteBucket are their own oss: actions")
    func ram() async throws {
        let harness = try await S3Harness()
        let reader = try await harness.ramKey(allowing: ["oss:GetObject", "oss:ListObjects"])
        for (method, path) in [("GET", "/"), ("PUT", "/newbucket"), ("DELETE", "/media")] {
            let answer = try await harness.send(.init(method)!, path, as: reader)
            #expect(answer.status == 403 && answer.code == "AccessDenied", "\(method) \(path)")
        }
        let maker = try await harness.ramKey(allowing: ["oss:PutBucket", "oss:ListBuckets"])
        #expect(try await harness.send(.put, "/newbucket", as: maker).status == 200)
        #expect(try await harness.send(.get, "/", as: maker).body.contains("<Name>newbucket</Name>"))
    }

    @Test("a template of one account never triggers on a file in another account's bucket")
    func triggerIsolation() async throws {
        let harness = try await S3Harness()
        _ = try await harness.otherAccountKey()
        try await harness.bindTemplate(to: "oss://uploads/in/", account: Samples.otherAccount)
        #expect(try await harness.send(.put, "/uploads/in/a.mp4", body: Data("x".utf8)).status == 200)
        #expect(try await harness.tasks().isEmpty)
    }

    @Test("ListObjectsV2 with a delimiter: common prefixes, paging over them, prefixes inside prefixes")
    func delimiter() async throws {
        let harness = try await S3Harness()
        for key in ["a/1.bin", "a/2.bin", "b/x/1.bin", "b/y.bin", "c.bin", "d/1.bin"] {
            #expect(try await harness.send(.put, "/media/\(key)", body: Data("x".utf8)).status == 200)
        }
        let top = try await harness.send(.get, "/media", query: [("list-type", "2"), ("delimiter", "/")])
        #expect(top.element("KeyCount") == "4" && top.element("IsTruncated") == "false" && top.element("Delimiter") == "/")
        #expect(Self.entries(top) == ["P:a/", "P:b/", "K:c.bin", "P:d/"])

        var seen: [String] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("delimiter", "/"), ("max-keys", "1")]
            if let token { query.append(("continuation-token", token)) }
            let page = try await harness.send(.get, "/media", query: query)
            #expect(page.element("KeyCount") == "1")
            seen += Self.entries(page)
            token = page.element("NextContinuationToken")
        } while token != nil && seen.count < 10
        #expect(seen == ["P:a/", "P:b/", "K:c.bin", "P:d/"])

        let inner = try await harness.send(.get, "/media", query: [("list-type", "2"), ("delimiter", "/"), ("prefix", "b/")])
        #expect(Self.entries(inner) == ["P:b/x/", "K:b/y.bin"])
    }

    /// The keys (`K:`) and common prefixes (`P:`) of a listing, in key order.
    static func entries(_ answer: S3Harness.Answer) -> [String] {
        var entries: [String] = []
        for piece in answer.body.components(separatedBy: "<Key>").dropFirst() {
            entries.append("K:" + piece.prefix { $0 != "<" })
        }
        for piece in answer.body.components(separatedBy: "<CommonPrefixes><Prefix>").dropFirst() {
            entries.append("P:" + piece.prefix { $0 != "<" })
        }
        return entries.sorted { $0.dropFirst(2) < $1.dropFirst(2) }
    }
}
