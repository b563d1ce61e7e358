import FloeApp
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// The server's own buckets: a request's bucket check asks about one name (a `stat`, not a listing of the
/// storage folder), and its answer must be the listing's.
@Suite struct ServerBucketsTests {
    @Test func oneNameChecksAgreeWithTheListing() async throws {
        let harness = try await AppHarness()
        let app = harness.app
        let storage = app.configuration.storageDirectory
        try FileManager.default.createDirectory(at: storage.appending(path: "camera-1"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: storage.appending(path: "Not_A_Bucket"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: storage.appending(path: "a-file"))

        let listed = Set(try await app.buckets.buckets(of: app.localAccount).map(\.name))
        #expect(listed.contains("camera-1") && listed.contains(app.configuration.inputBucket))
        #expect(!listed.contains("Not_A_Bucket") && !listed.contains("a-file"))
        for name in ["camera-1", "Not_A_Bucket", "a-file", "missing", app.configuration.inputBucket, app.configuration.outputBucket, "../camera-1"] {
            #expect(try await app.buckets.isServerBucket(name) == listed.contains(name), "\(name)")
            #expect(try await app.buckets.owner(of: name) == (listed.contains(name) ? app.localAccount : nil), "\(name)")
        }
    }
}
