import FloeCore
import FloeStorage
import Foundation
import Testing

extension ObjectStoreConformance {
    static let roundTripCases: [Case] = [
        Case("put data, then head and get return it") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("clip/data.bin")
                let data = bytes(70_001, seed: 1)
                let written = try await store.put(location, data: data)
                #expect(written.location == location)
                #expect(written.size == Int64(data.count))
                #expect(!written.etag.isEmpty)
                let info = try #require(try await store.head(location))
                #expect(info.location == location)
                #expect(info.size == Int64(data.count))
                #expect(info.etag == written.etag)
                #expect(abs(info.modifiedTime.timeIntervalSinceNow) < 24 * 3600)
                #expect(try await store.get(location) == data)
            }
        },
        Case("put an empty object") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("empty")
                try await store.put(location, data: Data())
                #expect(try await store.head(location)?.size == 0)
                #expect(try await store.get(location) == Data())
            }
        },
        Case("put a file, which is left in place, then get it") { store in
            try await withScratch(store) { scratch in
                try await withTemporaryFolder { folder in
                    let file = folder.appending(path: "source.mp4")
                    let data = bytes(200_000, seed: 2)
                    try data.write(to: file)

                    let location = try scratch.location("from-file.mp4")
                    let written = try await store.put(location, file: file)
                    #expect(written.size == Int64(data.count))
                    #expect(try await store.get(location) == data)
                    #expect(try Data(contentsOf: file) == data, "the source file is left as it was")
                }
            }
        },
        Case("put files larger than a copy buffer, and empty ones") { store in
            try await withScratch(store) { scratch in
                try await withTemporaryFolder { folder in
                    for (name, size) in [("large.mp4", 3 * (1 << 20) + 7), ("empty.mp4", 0)] {
                        let file = folder.appending(path: name)
                        // Random bytes: a block copied to the wrong place shows, which a repeating pattern could hide.
                        let data = Data((0..<size).map { _ in UInt8.random(in: .min ... .max) })
                        try data.write(to: file)
                        let location = try scratch.location(name)
                        #expect(try await store.put(location, file: file).size == Int64(size))
                        #expect(try await store.get(location) == data)
                    }
                }
            }
        },
        Case("putting a file that does not exist fails and stores nothing") { store in
            try await withScratch(store) { scratch in
                try await withTemporaryFolder { folder in
                    let location = try scratch.location("missing.mp4")
                    await #expect(throws: (any Error).self) {
                        try await store.put(location, file: folder.appending(path: "not-there.mp4"))
                    }
                    #expect(try await store.head(location) == nil)
                    #expect(try await scratch.keys() == [])
                }
            }
        },
        Case("readURL gives a URL the object can be read from") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("read/url.bin")
                let data = bytes(5000, seed: 3)
                try await store.put(location, data: data)
                let url = try await store.readURL(location, expiresIn: .seconds(300))
                #expect(try await read(url) == data)
            }
        },
        Case("delete removes the object, and deleting a missing object is fine") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("gone.bin")
                try await store.put(location, data: bytes(10, seed: 4))
                try await store.delete(location)
                #expect(try await store.head(location) == nil)
                #expect(try await scratch.keys() == [])
                try await store.delete(location)
                try await store.delete(scratch.location("never/was.bin"))
            }
        },
    ]

    static let overwriteCases: [Case] = [
        Case("an overwrite replaces the whole object and changes the etag") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("over/write.bin")
                let first = try await store.put(location, data: bytes(100_000, seed: 5))
                let shorter = bytes(10, seed: 6)
                let second = try await store.put(location, data: shorter)
                #expect(second.size == 10)
                #expect(second.etag != first.etag)
                #expect(try await store.get(location) == shorter)
                #expect(try await store.head(location)?.etag == second.etag)
                #expect(try await scratch.keys() == ["over/write.bin"])
            }
        },
        Case("an overwrite with the same size changes the etag") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("same-size.bin")
                let first = try await store.put(location, data: bytes(4096, seed: 7))
                let second = try await store.put(location, data: bytes(4096, seed: 8))
                #expect(second.etag != first.etag)
                #expect(try await store.get(location) == bytes(4096, seed: 8))
            }
        },
    ]

    static let missingCases: [Case] = [
        Case("a missing object: head is nil, get and readURL are notFound") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("missing/object.mp4")
                #expect(try await store.head(location) == nil)
                await expectNotFound { _ = try await store.get(location) }
                await expectNotFound { _ = try await store.readURL(location, expiresIn: .seconds(60)) }
            }
        },
        Case("a folder-like prefix of an object is not an object, and deleting it is a no-op") { store in
            try await withScratch(store) { scratch in
                try await store.put(scratch.location("dir/inner.bin"), data: bytes(10, seed: 9))
                #expect(try await store.head(scratch.location("dir")) == nil)
                await expectNotFound { _ = try await store.get(scratch.location("dir")) }
                try await store.delete(scratch.location("dir"))
                #expect(try await store.get(scratch.location("dir/inner.bin")) == bytes(10, seed: 9))
            }
        },
    ]

    /// Expects `body` to throw a ``FloeError`` with the `notFound` code.
    static func expectNotFound(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("expected a notFound error, got none", sourceLocation: sourceLocation)
        } catch let error as FloeError {
            #expect(error.code == .notFound, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected a notFound FloeError, got \(error)", sourceLocation: sourceLocation)
        }
    }
}
