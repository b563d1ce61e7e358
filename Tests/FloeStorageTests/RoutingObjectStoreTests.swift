import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite("RoutingObjectStore")
struct RoutingObjectStoreTests {
    @Test("routed buckets go to their store, every other bucket to the fallback")
    func routes() async throws {
        try await withTemporaryStore { local, localRoot in
            try await withTemporaryStore { remote, remoteRoot in
                let store = RoutingObjectStore(fallback: local, routes: ["uploads": remote])
                let routed = try StorageLocation(parsing: "oss://uploads/a.bin")
                let other = try StorageLocation(parsing: "oss://media/b.bin")
                try await store.put(routed, data: Data("routed".utf8))
                let file = localRoot.appending(path: "source.bin")
                try Data("local".utf8).write(to: file)
                try await store.put(other, file: file)
                #expect(FileManager.default.fileExists(atPath: remoteRoot.appending(path: "uploads/a.bin").path))
                #expect(!FileManager.default.fileExists(atPath: localRoot.appending(path: "uploads/a.bin").path))
                #expect(FileManager.default.fileExists(atPath: localRoot.appending(path: "media/b.bin").path))
                #expect(try await store.get(routed) == Data("routed".utf8))
                #expect(try await store.list(bucket: "uploads", prefix: "", after: nil, limit: 10).objects.map(\.location) == [routed])
                #expect(try await store.readURL(routed, expiresIn: .seconds(1)).path.hasPrefix(remoteRoot.path))
                try await store.delete(routed)
                #expect(try await remote.head(routed) == nil)
                #expect(try await store.head(other)?.size == 5)
            }
        }
    }
}
