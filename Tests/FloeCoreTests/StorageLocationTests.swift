import FloeCore
import Foundation
import Testing

@Suite("StorageLocation")
struct StorageLocationTests {
    /// The message of the error parsing `text` throws, or `nil` when it parses.
    func parseError(_ text: String) -> String? {
        do {
            _ = try StorageLocation(parsing: text)
            return nil
        } catch {
            #expect(error.code == .invalidLocation)
            return error.message
        }
    }

    @Test("oss:// locations split into bucket and key")
    func ossParsing() throws {
        let object = try StorageLocation(parsing: "oss://my-bucket/A/B/test1.flv")
        #expect(object.bucket == "my-bucket")
        #expect(object.key == "A/B/test1.flv")
        #expect(object.isObject)
        #expect(object.description == "oss://my-bucket/A/B/test1.flv")

        let folder = try StorageLocation(parsing: "oss://my-bucket/A/B/")
        #expect(folder.key == "A/B/")
        #expect(!folder.isObject)

        for text in ["oss://my-bucket", "oss://my-bucket/"] {
            let root = try StorageLocation(parsing: text)
            #expect(root.bucket == "my-bucket")
            #expect(root.key == "")
            #expect(!root.isObject)
        }
    }

    @Test("OSS http(s) URLs normalise to oss://", arguments: [
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/C/test1.flv", "oss://bucket/A/B/C/test1.flv"),
        ("https://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/C/", "oss://bucket/A/B/C/"),
        ("https://bucket.oss-cn-hangzhou.aliyuncs.com/", "oss://bucket/"),
        ("https://bucket.oss-cn-hangzhou.aliyuncs.com", "oss://bucket/"),
        ("https://bucket.oss-cn-shanghai-internal.aliyuncs.com/in/a.mp4", "oss://bucket/in/a.mp4"),
        ("https://BUCKET.OSS-CN-HANGZHOU.ALIYUNCS.COM/Key.MP4", "oss://bucket/Key.MP4"),
        ("https://bucket.oss-cn-hangzhou.aliyuncs.com/my%20dir/caf%C3%A9%2B1.mp4", "oss://bucket/my dir/café+1.mp4"),
        ("https://bucket.oss-cn-hangzhou.aliyuncs.com/a.mp4?versionId=1", "oss://bucket/a.mp4"),
    ])
    func httpNormalisation(_ url: String, _ expected: String) throws {
        #expect(try StorageLocation(parsing: url).description == expected)
    }

    @Test("a percent-encoded key decodes to the same location as the plain one")
    func percentEncodingEquality() throws {
        let encoded = try StorageLocation(parsing: "https://bucket.oss-cn-beijing.aliyuncs.com/%E8%A7%86%E9%A2%91/a%20b.mp4")
        #expect(encoded == (try StorageLocation(bucket: "bucket", key: "视频/a b.mp4")))
    }

    @Test("URLs that are not OSS are refused", arguments: [
        "https://example.com/a.mp4",
        "https://bucket.s3.amazonaws.com/a.mp4",
        "https://oss-cn-hangzhou.aliyuncs.com/a.mp4",
        "https://a.bucket.oss-cn-hangzhou.aliyuncs.com/a.mp4",
        "https://bucket.cdn-cn-hangzhou.aliyuncs.com/a.mp4",
        "https://bucket.oss-.aliyuncs.com/a.mp4",
        "ftp://bucket/a.mp4",
        "s3://bucket/a.mp4",
        "bucket/a.mp4",
        "",
    ])
    func notOSS(_ text: String) {
        #expect(parseError(text) != nil)
    }

    @Test("encoded traversal and control characters in URLs are refused", arguments: [
        "https://bucket.oss-cn-hangzhou.aliyuncs.com/%2E%2E/etc/passwd",
        "https://bucket.oss-cn-hangzhou.aliyuncs.com/a/%2e/b",
        "https://bucket.oss-cn-hangzhou.aliyuncs.com/a%00b.mp4",
        "https://bucket.oss-cn-hangzhou.aliyuncs.com/a%0Ab.mp4",
        "https://bucket.oss-cn-hangzhou.aliyuncs.com//a.mp4",
        "https://bucket.oss-cn-hangzhou.aliyuncs.com/a%2F%2Fb.mp4",
    ])
    func unsafeURLs(_ url: String) {
        #expect(parseError(url) != nil)
    }

    @Test("unsafe keys are refused with the reason", arguments: [
        ("a/../b", "has a '..' segment"),
        ("..", "has a '..' segment"),
        ("a/..", "has a '..' segment"),
        ("./a", "has a '.' segment"),
        ("a/./b", "has a '.' segment"),
        ("a//b", "has an empty segment ('//')"),
        ("/a", "starts with '/'"),
        ("a\u{0}b", "contains a control character"),
        ("a\tb", "contains a control character"),
        ("a\nb", "contains a control character"),
        ("a\u{7F}b", "contains a control character"),
        ("a\u{85}b", "contains a control character"),
    ])
    func unsafeKeys(_ key: String, _ reason: String) {
        do {
            _ = try StorageLocation(bucket: "bucket", key: key)
            Issue.record("key \(key.debugDescription) was accepted")
        } catch {
            #expect(error.code == .invalidLocation)
            #expect(error.message.hasSuffix(reason))
            #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 }, "the message quotes the key printably")
        }
        #expect(parseError("oss://bucket/" + key) != nil)
    }

    @Test("dots inside names are fine")
    func dotsInsideNames() throws {
        for key in [".hidden", "a..b/c", "a/...", "v1.0/clip.final.mp4", "a/b/"] {
            #expect(try StorageLocation(bucket: "bucket", key: key).key == key)
        }
    }

    @Test("keys of up to 1023 bytes of UTF-8 are accepted")
    func keyLength() throws {
        #expect(try StorageLocation(bucket: "bucket", key: String(repeating: "k", count: 1023)).key.utf8.count == 1023)
        #expect(parseError("oss://bucket/" + String(repeating: "k", count: 1024)) == "key is 1024 bytes long; at most 1023 are allowed")
        // 1022 ASCII bytes and one two-byte character: 1023 characters, but 1024 bytes.
        let multibyte = String(repeating: "k", count: 1022) + "é"
        #expect(multibyte.count == 1023)
        #expect(parseError("oss://bucket/" + multibyte) == "key is 1024 bytes long; at most 1023 are allowed")
    }

    @Test("bad bucket names are refused", arguments: [
        "ab", String(repeating: "b", count: 64), "My-Bucket", "-bucket", "bucket-", "my_bucket", "my.bucket", "", "bück",
    ])
    func badBuckets(_ bucket: String) {
        #expect(throws: FloeError.self) { try StorageLocation(bucket: bucket, key: "a") }
        #expect(parseError("oss://\(bucket)/a")?.contains("is not a valid bucket name") == true)
    }

    @Test("good bucket names are accepted", arguments: ["abc", "a-b", "0-9", String(repeating: "b", count: 63)])
    func goodBuckets(_ bucket: String) throws {
        #expect(try StorageLocation(bucket: bucket, key: "").bucket == bucket)
    }

    @Test("fileName, baseName and fileExtension", arguments: [
        ("a/b/Video.Final.MP4", "Video.Final.MP4", "Video.Final", "mp4"),
        ("clip.mp4", "clip.mp4", "clip", "mp4"),
        ("a/noext", "noext", "noext", ""),
        ("a/.hidden", ".hidden", ".hidden", ""),
        ("a/b/", "b", "b", ""),
        ("", "", "", ""),
    ])
    func nameParts(_ key: String, _ fileName: String, _ baseName: String, _ fileExtension: String) throws {
        let location = try StorageLocation(bucket: "bucket", key: key)
        #expect(location.fileName == fileName)
        #expect(location.baseName == baseName)
        #expect(location.fileExtension == fileExtension)
    }

    @Test("requireObject refuses folders")
    func requireObject() throws {
        #expect(try StorageLocation(parsing: "oss://b12/a.mp4").requireObject().key == "a.mp4")
        #expect(throws: FloeError.self) { try StorageLocation(parsing: "oss://b12/a/").requireObject() }
        #expect(throws: FloeError.self) { try StorageLocation(parsing: "oss://b12").requireObject() }
    }

    @Test("appending adds a relative key under a folder or object")
    func appending() throws {
        #expect(try StorageLocation(parsing: "oss://b12/out/").appending("x.mp4").description == "oss://b12/out/x.mp4")
        #expect(try StorageLocation(parsing: "oss://b12/out").appending("x.mp4").description == "oss://b12/out/x.mp4")
        #expect(try StorageLocation(parsing: "oss://b12").appending("x.mp4").description == "oss://b12/x.mp4")
        #expect(throws: FloeError.self) { try StorageLocation(parsing: "oss://b12/out/").appending("../x") }
    }

    @Test("locations order by bucket, then key")
    func ordering() throws {
        let sorted = try ["oss://bbb/a", "oss://aaa/z", "oss://aaa/b"].map(StorageLocation.init(parsing:)).sorted()
        #expect(sorted.map(\.description) == ["oss://aaa/b", "oss://aaa/z", "oss://bbb/a"])
    }

    @Test("Codable: a location is its oss:// text, and bad text does not decode")
    func codable() throws {
        let location = try StorageLocation(parsing: "https://bucket.oss-cn-hangzhou.aliyuncs.com/a%20b.mp4")
        let data = try JSONEncoder().encode(location)
        #expect(String(decoding: data, as: UTF8.self) == "\"oss:\\/\\/bucket\\/a b.mp4\"" || String(decoding: data, as: UTF8.self) == "\"oss://bucket/a b.mp4\"")
        #expect(try JSONDecoder().decode(StorageLocation.self, from: data) == location)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(StorageLocation.self, from: Data("\"oss://bucket/../x\"".utf8)) }
    }
}
