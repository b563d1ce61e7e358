import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

/// A `FileSystemObjectStore` in a new temporary folder, removed afterwards.
func withTemporaryStore(_ body: (FileSystemObjectStore, URL) async throws -> Void) async throws {
    try await withTemporaryFolder { root in
        try await body(try FileSystemObjectStore(root: root), root)
    }
}

@Suite("FileSystemObjectStore")
struct FileSystemObjectStoreTests {
    @Test("conformance", arguments: ObjectStoreConformance.cases)
    func conformance(_ conformanceCase: ObjectStoreConformance.Case) async throws {
        try await withTemporaryStore { store, _ in try await conformanceCase.run(store) }
    }

    @Test("oss://bucket/key is the file <root>/bucket/key")
    func layout() async throws {
        try await withTemporaryStore { store, root in
            let location = try StorageLocation(parsing: "oss://media/in/a b/clip.mp4")
            try await store.put(location, data: Data("hello".utf8))
            let file = root.appending(path: "media/in/a b/clip.mp4")
            #expect(try Data(contentsOf: file) == Data("hello".utf8))
            #expect(try store.path(of: location).standardizedFileURL.path == file.standardizedFileURL.path)
            #expect(try await store.readURL(location, expiresIn: .seconds(1)).standardizedFileURL.path == file.standardizedFileURL.path)

            // A file placed straight into the folder is an object.
            try Data("dropped".utf8).write(to: root.appending(path: "media/in/dropped.mp4"))
            #expect(try await store.get(StorageLocation(parsing: "oss://media/in/dropped.mp4")) == Data("dropped".utf8))
        }
    }

    @Test("temporary files never show in listings, and none are left behind")
    func noTemporaryFiles() async throws {
        try await withTemporaryStore { store, root in
            for index in 0..<5 {
                try await store.put(StorageLocation(parsing: "oss://media/out/\(index).bin"), data: Data(repeating: UInt8(index), count: 10_000))
            }
            _ = try? await store.put(StorageLocation(parsing: "oss://media/out/failed.bin"), file: root.appending(path: "no-such-file"))
            let listing = try await store.list(bucket: "media", prefix: "", after: nil, limit: 100)
            #expect(listing.objects.map(\.location.key) == (0..<5).map { "out/\($0).bin" })
            let bucketFiles = try FileManager.default.subpathsOfDirectory(atPath: root.appending(path: "media").path).sorted()
            #expect(bucketFiles == ["out"] + (0..<5).map { "out/\($0).bin" })
            let temporary = try FileManager.default.contentsOfDirectory(atPath: root.appending(path: ".tmp").path)
            #expect(temporary.isEmpty, "left behind: \(temporary)")
        }
    }

    @Test("a put that fails leaves the old object intact")
    func failedPutKeepsOld() async throws {
        try await withTemporaryStore { store, root in
            let location = try StorageLocation(parsing: "oss://media/keep.bin")
            let old = try await store.put(location, data: Data("old version".utf8))
            await #expect(throws: FloeError.self) {
                try await store.put(location, file: root.appending(path: "no-such-source.mp4"))
            }
            #expect(try await store.get(location) == Data("old version".utf8))
            #expect(try await store.head(location)?.etag == old.etag)
        }
    }

    @Test("a put over a folder fails and leaves the folder's objects intact")
    func putOverFolder() async throws {
        try await withTemporaryStore { store, _ in
            let inner = try StorageLocation(parsing: "oss://media/dir/inner.bin")
            try await store.put(inner, data: Data("inner".utf8))
            await #expect(throws: FloeError.self) {
                try await store.put(StorageLocation(parsing: "oss://media/dir"), data: Data("x".utf8))
            }
            #expect(try await store.get(inner) == Data("inner".utf8))
        }
    }

    @Test("files dropped in with names that are no valid key are skipped by listings")
    func invalidNamesSkipped() async throws {
        try await withTemporaryStore { store, root in
            try await store.put(StorageLocation(parsing: "oss://media/in/ok.mp4"), data: Data("ok".utf8))
            let folder = root.appending(path: "media/in")
            try Data("x".utf8).write(to: folder.appending(path: "bad\u{1}name.mp4"))
            try Data("x".utf8).write(to: folder.appending(path: "tab\tname.mp4"))
            let listing = try await store.list(bucket: "media", prefix: "", after: nil, limit: 1)
            #expect(listing.objects.map(\.location.key) == ["in/ok.mp4"])
            #expect(listing.nextAfter == nil)
        }
    }

    @Test("a listing of a bucket that does not exist is empty")
    func missingBucket() async throws {
        try await withTemporaryStore { store, _ in
            let listing = try await store.list(bucket: "nobody", prefix: "", after: nil, limit: 10)
            #expect(listing.objects.isEmpty)
            #expect(listing.nextAfter == nil)
        }
    }
}
