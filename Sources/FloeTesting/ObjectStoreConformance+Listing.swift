import FloeCore
import FloeStorage
import Foundation
import Testing

extension ObjectStoreConformance {
    static let listingCases: [Case] = [
        Case("list with a folder-like prefix returns the objects below it, in key order, at any depth") { store in
            try await withScratch(store) { scratch in
                for key in ["p/a/2", "p/a/1", "p/a/deep/3", "p/ab/4", "p/b/5", "p/a.txt"] {
                    try await store.put(scratch.location(key), data: Data(key.utf8))
                }
                #expect(try await scratch.keys(under: "p/a/") == ["p/a/1", "p/a/2", "p/a/deep/3"])
                #expect(try await scratch.keys(under: "p/") == ["p/a.txt", "p/a/1", "p/a/2", "p/a/deep/3", "p/ab/4", "p/b/5"])
                #expect(try await scratch.keys(under: "p/c/") == [])
                #expect(try await scratch.keys(under: "nothing/") == [])
            }
        },
        Case("list with a partial-name prefix matches names that start with it") { store in
            try await withScratch(store) { scratch in
                for key in ["v/clip1.mp4", "v/clip2.mp4", "v/clip/x.mp4", "v/clap.mp4", "v/cl", "w/clip.mp4"] {
                    try await store.put(scratch.location(key), data: Data(key.utf8))
                }
                #expect(try await scratch.keys(under: "v/clip") == ["v/clip/x.mp4", "v/clip1.mp4", "v/clip2.mp4"])
                #expect(try await scratch.keys(under: "v/cl") == ["v/cl", "v/clap.mp4", "v/clip/x.mp4", "v/clip1.mp4", "v/clip2.mp4"])
                #expect(try await scratch.keys(under: "v/clip1.mp4") == ["v/clip1.mp4"])
                #expect(try await scratch.keys(under: "v/clip1.mp4x") == [])
            }
        },
        Case("list reports each object's size and etag") { store in
            try await withScratch(store) { scratch in
                let written = try await store.put(scratch.location("sized.bin"), data: bytes(1234, seed: 10))
                let page = try await store.list(bucket: bucket, prefix: scratch.prefix, after: nil, limit: 10)
                #expect(page.objects.count == 1)
                #expect(page.objects.first?.location == written.location)
                #expect(page.objects.first?.size == 1234)
                #expect(page.objects.first?.etag == written.etag)
                #expect(page.nextAfter == nil)
            }
        },
        Case("list pages with after and limit") { store in
            try await withScratch(store) { scratch in
                let keys = (0..<7).map { "page/k\($0)" }
                for key in keys.reversed() { try await store.put(scratch.location(key), data: Data(key.utf8)) }

                let first = try await store.list(bucket: bucket, prefix: scratch.prefix + "page/", after: nil, limit: 3)
                #expect(first.objects.map(\.location.key) == keys[0..<3].map { scratch.prefix + $0 })
                let firstAfter = try #require(first.nextAfter)
                #expect(firstAfter == scratch.prefix + "page/k2")

                let second = try await store.list(bucket: bucket, prefix: scratch.prefix + "page/", after: firstAfter, limit: 3)
                #expect(second.objects.map(\.location.key) == keys[3..<6].map { scratch.prefix + $0 })

                let last = try await store.list(bucket: bucket, prefix: scratch.prefix + "page/", after: second.nextAfter, limit: 3)
                #expect(last.objects.map(\.location.key) == [scratch.prefix + "page/k6"])
                #expect(last.nextAfter == nil)

                // `after` need not be a key that exists.
                let between = try await store.list(bucket: bucket, prefix: scratch.prefix + "page/", after: scratch.prefix + "page/k4a", limit: 10)
                #expect(between.objects.map(\.location.key) == [scratch.prefix + "page/k5", scratch.prefix + "page/k6"])

                // Pages of one key each visit every key once.
                #expect(try await scratch.keys(under: "page/", limit: 1) == keys)
            }
        },
    ]

    static let keyCases: [Case] = [
        Case("keys with spaces, unicode and URL-special characters round-trip and list") { store in
            try await withScratch(store) { scratch in
                let keys = ["with space/file name.mp4", "unicode/视频 café ü.mp4", "special/a+b=c&d?e#f%20g;h,i@j!k'(l).mp4", "emoji/🎬.mov"]
                for (index, key) in keys.enumerated() {
                    let location = try scratch.location(key)
                    let data = bytes(100 + index, seed: UInt8(20 + index))
                    try await store.put(location, data: data)
                    #expect(try await store.get(location) == data, "\(key)")
                    #expect(try await store.head(location)?.size == Int64(data.count), "\(key)")
                    let url = try await store.readURL(location, expiresIn: .seconds(60))
                    #expect(try await read(url) == data, "\(key)")
                }
                #expect(Set(try await scratch.keys()) == Set(keys))
                #expect(try await scratch.keys(under: "unicode/视频") == ["unicode/视频 café ü.mp4"])
                for key in keys { try await store.delete(scratch.location(key)) }
                #expect(try await scratch.keys() == [])
            }
        },
    ]
}
