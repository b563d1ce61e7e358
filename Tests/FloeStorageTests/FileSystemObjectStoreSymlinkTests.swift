import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite("FileSystemObjectStore refuses symbolic links")
struct FileSystemObjectStoreSymlinkTests {
    /// A store with a folder `outside` beside its root holding `secret.txt`, and in bucket `media` a link
    /// `media/escape` to that folder and a link `media/file.txt` to the secret file.
    func withPlantedLinks(_ body: (FileSystemObjectStore, URL) async throws -> Void) async throws {
        let folder = TemporaryFolder("fs-links")
        let base = folder.url
        let outside = base.appending(path: "outside", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appending(path: "secret.txt"))
        let store = try FileSystemObjectStore(root: base.appending(path: "root", directoryHint: .isDirectory))
        try await store.put(StorageLocation(parsing: "oss://media/real.txt"), data: Data("real".utf8))
        let bucket = base.appending(path: "root/media")
        try FileManager.default.createSymbolicLink(atPath: bucket.appending(path: "escape").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: bucket.appending(path: "file.txt").path, withDestinationPath: outside.appending(path: "secret.txt").path)
        try await body(store, outside)
    }

    /// Expects `body` to be refused with an invalid-location error.
    func expectRefused(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("a symbolic link was followed", sourceLocation: sourceLocation)
        } catch let error as FloeError {
            #expect(error.code == .invalidLocation, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains("symbolic link"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a link to a folder outside the bucket is refused for get, put, head and readURL")
    func folderLink() async throws {
        try await withPlantedLinks { store, outside in
            let secret = try StorageLocation(parsing: "oss://media/escape/secret.txt")
            await expectRefused { _ = try await store.get(secret) }
            await expectRefused { _ = try await store.head(secret) }
            await expectRefused { _ = try await store.readURL(secret, expiresIn: .seconds(60)) }
            await expectRefused { try await store.put(secret, data: Data("overwritten".utf8)) }
            await expectRefused { try await store.put(StorageLocation(parsing: "oss://media/escape/new/planted.txt"), data: Data("x".utf8)) }
            await expectRefused { try await store.delete(secret) }
            #expect(try Data(contentsOf: outside.appending(path: "secret.txt")) == Data("secret".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["secret.txt"])
        }
    }

    @Test("a link to a file is refused for get, put, head and readURL")
    func fileLink() async throws {
        try await withPlantedLinks { store, outside in
            let link = try StorageLocation(parsing: "oss://media/file.txt")
            await expectRefused { _ = try await store.get(link) }
            await expectRefused { _ = try await store.head(link) }
            await expectRefused { _ = try await store.readURL(link, expiresIn: .seconds(60)) }
            await expectRefused { try await store.put(link, data: Data("overwritten".utf8)) }
            #expect(try Data(contentsOf: outside.appending(path: "secret.txt")) == Data("secret".utf8))
        }
    }

    @Test("listings skip links and never descend through them")
    func listingSkipsLinks() async throws {
        try await withPlantedLinks { store, _ in
            let listing = try await store.list(bucket: "media", prefix: "", after: nil, limit: 100)
            #expect(listing.objects.map(\.location.key) == ["real.txt"])
            await expectRefused { _ = try await store.list(bucket: "media", prefix: "escape/", after: nil, limit: 100) }
        }
    }

    @Test("a bucket folder that is a link is refused")
    func bucketLink() async throws {
        try await withPlantedLinks { store, outside in
            try FileManager.default.createSymbolicLink(atPath: store.root.appending(path: "linked").path, withDestinationPath: outside.path)
            await expectRefused { _ = try await store.get(StorageLocation(parsing: "oss://linked/secret.txt")) }
            await expectRefused { try await store.put(StorageLocation(parsing: "oss://linked/new.txt"), data: Data()) }
            await expectRefused { _ = try await store.list(bucket: "linked", prefix: "", after: nil, limit: 10) }
        }
    }
}
